import { generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BotCredentials } from '../../src/bot/adapter';

/** Bot Framework's real values; they are claims and scopes, never contacted. */
export const CHANNEL_TOKEN_ISSUER = 'https://api.botframework.com';
export const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com';
/** The issuer of tokens the Bot Framework Emulator (and AAD for the bot's own app) presents. */
export const EMULATOR_TOKEN_ISSUER = 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function generateSigningKey(kid: string = randomUUID()): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

/** An RS256 JWT, as Microsoft's token services produce them. */
export function signJwt(payload: Record<string, unknown>, key: SigningKey): string {
  const header = { alg: 'RS256', typ: 'JWT', kid: key.kid, x5t: key.kid };
  const input = `${base64url(header)}.${base64url(payload)}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export interface ChannelTokenOptions {
  /** The audience: the bot's app id. */
  appId: string;
  serviceUrl: string;
  issuer?: string;
  /** Seconds from now; negative for a token that has already expired. */
  expiresIn?: number;
  /** Defaults to the key this server publishes. */
  key?: SigningKey;
  /** Extra claims (e.g. `ver`/`appid` of emulator tokens). */
  claims?: Record<string, unknown>;
}

/** A client-credentials request that reached the token endpoint. The secret itself is never kept. */
export interface TokenRequest {
  tenant: string;
  grantType: string | null;
  clientId: string | null;
  scope: string | null;
  secretMatched: boolean;
  /** The access token handed out, or null when the request was refused. */
  issuedToken: string | null;
}

export interface RegisteredApp {
  appId: string;
  password: string;
}

/**
 * Microsoft's identity side of the Bot Framework on 127.0.0.1: the channel's OpenID metadata and signing keys
 * (what the bot checks incoming tokens against), the emulator/AAD metadata, and an AAD-like tenant with the
 * OpenID configuration and token endpoint MSAL uses for the bot's outbound client-credentials token.
 */
export class FakeBotFramework {
  readonly key = generateSigningKey();
  /** Every request, in order, as "METHOD /path" (no query). */
  readonly requests: string[] = [];
  readonly tokenRequests: TokenRequest[] = [];
  /** Requests this server had no answer for: something was pointed at the wrong place. */
  readonly unanswered: string[] = [];
  /** While true, the OpenID metadata documents and key sets answer 503 (still recorded in `requests`). */
  metadataOutage = false;
  private server: http.Server | null = null;

  constructor(private readonly app: RegisteredApp) {}

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  get url(): string {
    const address = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  /** Every Bot Framework endpoint botbuilder would contact, pointed here (see BotCredentials.endpoints). */
  authEndpoints(): NonNullable<BotCredentials['endpoints']> {
    return {
      ToBotFromChannelOpenIdMetadataUrl: `${this.url}/v1/.well-known/openidconfiguration`,
      ToBotFromEmulatorOpenIdMetadataUrl: `${this.url}/common/v2.0/.well-known/openid-configuration`,
      ToBotFromChannelTokenIssuer: CHANNEL_TOKEN_ISSUER,
      ToChannelFromBotLoginUrl: `${this.url}/botframework.com`,
      ToChannelFromBotOAuthScope: BOT_FRAMEWORK_SCOPE,
      OAuthUrl: `${this.url}/user-token-service`,
      CallerId: 'urn:botframework:azure',
    };
  }

  /** A token like the one the Bot Framework channel puts on every activity it posts to the bot. */
  signChannelToken(options: ChannelTokenOptions): string {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + (options.expiresIn ?? 3600);
    const notBefore = Math.min(now, exp) - 300;
    return signJwt(
      {
        serviceurl: options.serviceUrl,
        nbf: notBefore,
        exp,
        iss: options.issuer ?? CHANNEL_TOKEN_ISSUER,
        aud: options.appId,
        ...options.claims,
      },
      options.key ?? this.key,
    );
  }

  get issuedTokens(): string[] {
    return this.tokenRequests.flatMap((r) => (r.issuedToken === null ? [] : [r.issuedToken]));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    const path = new URL(req.url ?? '/', this.url).pathname;
    const request = `${req.method ?? 'GET'} ${path}`;
    this.requests.push(request);
    const route = this.route(request);
    if (route === null) {
      this.unanswered.push(request);
      json(res, 404, { error: 'not_found' });
      return;
    }
    const [status, payload] = route(body);
    json(res, status, payload);
  }

  private route(request: string): ((body: string) => [number, unknown]) | null {
    const [method, path = ''] = request.split(' ');
    if (this.metadataOutage && /(\.well-known|discovery)/.test(path)) return () => [503, { error: 'temporarily_unavailable' }];
    if (method === 'GET' && path === '/v1/.well-known/openidconfiguration') {
      return () => [200, { issuer: CHANNEL_TOKEN_ISSUER, jwks_uri: `${this.url}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] }];
    }
    // The channel's keys are endorsed for the channels that may use them, as Microsoft's are.
    if (method === 'GET' && path === '/v1/.well-known/keys') return () => [200, { keys: [this.jwk(['msteams'])] }];
    if (method === 'GET' && path === '/common/v2.0/.well-known/openid-configuration') {
      return () => [200, this.tenantConfiguration('common')];
    }
    if (method === 'GET' && path === '/common/discovery/v2.0/keys') return () => [200, { keys: [this.jwk()] }];
    const tenant = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/token)$/.exec(path);
    if (tenant && method === 'GET' && tenant[2]!.startsWith('v2.0')) return () => [200, this.tenantConfiguration(tenant[1]!)];
    if (tenant && method === 'POST') return (body) => this.issueToken(decodeURIComponent(tenant[1]!), body);
    return null;
  }

  /** What AAD publishes per tenant; MSAL reads the token endpoint from here. */
  private tenantConfiguration(tenant: string): Record<string, unknown> {
    const base = `${this.url}/${tenant}`;
    return {
      issuer: `${base}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      jwks_uri: `${this.url}/common/discovery/v2.0/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
    };
  }

  private issueToken(tenant: string, body: string): [number, unknown] {
    const form = new URLSearchParams(body);
    const request: TokenRequest = {
      tenant,
      grantType: form.get('grant_type'),
      clientId: form.get('client_id'),
      scope: form.get('scope'),
      secretMatched: form.get('client_secret') === this.app.password,
      issuedToken: null,
    };
    this.tokenRequests.push(request);
    if (request.grantType !== 'client_credentials') return [400, { error: 'unsupported_grant_type' }];
    if (request.clientId !== this.app.appId || !request.secretMatched) {
      return [401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' }];
    }
    request.issuedToken = `fake-aad.${randomBytes(24).toString('base64url')}`;
    return [200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: request.issuedToken }];
  }

  private jwk(endorsements?: string[]): Record<string, unknown> {
    const { kty, n, e } = this.key.publicKey.export({ format: 'jwk' });
    return { kty, use: 'sig', kid: this.key.kid, x5t: this.key.kid, n, e, ...(endorsements ? { endorsements } : {}) };
  }
}

function json(res: http.ServerResponse, status: number, payload: unknown): void {
  // Not chained: restify (loaded by the app in the same process) patches writeHead to return undefined.
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
}
