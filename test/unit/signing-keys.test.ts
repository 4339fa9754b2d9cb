import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspectBearerToken } from '../../src/bot/bearer-token';
import { SigningKeySet, type KeyLookup } from '../../src/bot/signing-keys';
import { createLogger } from '../../src/logger';
import { generateSigningKey, signJwt } from '../support/fake-bot-framework';

const ISSUER = 'https://api.botframework.com';
const issuers = new Set([ISSUER]);
const NOW = Date.UTC(2026, 0, 15, 12);
const seconds = (ms: number) => Math.floor(ms / 1000);
/** The PEM of a found key, or what the lookup said instead. */
const pemOf = (lookup: KeyLookup) => (typeof lookup === 'string' ? lookup : lookup.key);

describe('inspectBearerToken: the checks that need no key', () => {
  const key = generateSigningKey('kid-1');
  const token = (claims: Record<string, unknown> = {}) => signJwt({ iss: ISSUER, aud: 'app', exp: seconds(NOW) + 3600, nbf: seconds(NOW) - 300, ...claims }, key);
  const withHeader = (header: Record<string, unknown>) => {
    const [, payload, signature] = token().split('.');
    return `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${payload}.${signature}`;
  };

  it('accepts an RS256 token with a kid, from an accepted issuer, within its lifetime', () => {
    expect(inspectBearerToken(`Bearer ${token()}`, issuers, NOW)).toEqual({ ok: true, kid: 'kid-1', issuer: ISSUER });
  });

  it('allows 5 minutes of clock skew either way, and no more', () => {
    expect(inspectBearerToken(`Bearer ${token({ exp: seconds(NOW) - 299 })}`, issuers, NOW).ok).toBe(true);
    expect(inspectBearerToken(`Bearer ${token({ exp: seconds(NOW) - 301 })}`, issuers, NOW)).toEqual({ ok: false, reason: 'token expired' });
    expect(inspectBearerToken(`Bearer ${token({ nbf: seconds(NOW) + 299 })}`, issuers, NOW).ok).toBe(true);
    expect(inspectBearerToken(`Bearer ${token({ nbf: seconds(NOW) + 301 })}`, issuers, NOW)).toEqual({ ok: false, reason: 'token not yet valid' });
  });

  it.each<[string, () => string | undefined]>([
    ['no header', () => undefined],
    ['blank', () => '   '],
    ['another scheme', () => `Basic ${token()}`],
    ['two spaces', () => `Bearer  ${token()}`],
    ['a trailing space', () => `Bearer ${token()} `],
    ['two segments', () => `Bearer ${token().split('.').slice(0, 2).join('.')}`],
    ['an empty signature', () => `Bearer ${token().split('.').slice(0, 2).join('.')}.`],
    ['alg none', () => `Bearer ${withHeader({ alg: 'none', kid: 'kid-1' })}`],
    ['HS256', () => `Bearer ${withHeader({ alg: 'HS256', kid: 'kid-1' })}`],
    ['RS512', () => `Bearer ${withHeader({ alg: 'RS512', kid: 'kid-1' })}`],
    ['no kid', () => `Bearer ${withHeader({ alg: 'RS256' })}`],
    ['a numeric kid', () => `Bearer ${withHeader({ alg: 'RS256', kid: 7 })}`],
    ['a header that is not JSON', () => `Bearer bm90IGpzb24.${token().split('.')[1]}.c2ln`],
    ['no exp', () => `Bearer ${token({ exp: undefined })}`],
    ['a string exp', () => `Bearer ${token({ exp: String(seconds(NOW) + 60) })}`],
    ['no issuer', () => `Bearer ${token({ iss: undefined })}`],
    ['another issuer', () => `Bearer ${token({ iss: 'https://login.example' })}`],
  ])('refuses %s', (_case, header) => {
    expect(inspectBearerToken(header(), issuers, NOW).ok).toBe(false);
  });
});

/** A metadata endpoint and key set on loopback that counts requests and can be switched off (503). */
class KeyServer {
  readonly key = generateSigningKey('kid-1');
  metadataRequests = 0;
  down = false;
  kids = ['kid-1'];
  private server = http.createServer((req, res) => {
    if (req.url === '/metadata') this.metadataRequests += 1;
    if (this.down) return send(res, 503, {});
    if (req.url === '/metadata') return send(res, 200, { jwks_uri: `${this.url}/keys` });
    const { n, e } = this.key.publicKey.export({ format: 'jwk' });
    return send(res, 200, { keys: this.kids.map((kid) => ({ kty: 'RSA', use: 'sig', kid, n, e, endorsements: ['msteams'] })) });
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }
  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

describe('SigningKeySet: fetched once, kept, refreshed on a schedule', () => {
  const server = new KeyServer();
  let now = NOW;
  const keySet = () =>
    new SigningKeySet({
      metadataUrl: `${server.url}/metadata`,
      logger: createLogger({ level: 'error', sink: () => undefined }),
      now: () => now,
      retryMs: 30_000,
      maxRetryMs: 120_000,
      unknownKidRefreshMs: 300_000,
      refreshMs: 86_400_000,
    });

  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    now = NOW;
    server.metadataRequests = 0;
    server.down = false;
    server.kids = ['kid-1'];
  });

  it('serves 100 concurrent lookups from a single fetch, with the endorsements', async () => {
    const keys = keySet();
    const found = await Promise.all(Array.from({ length: 100 }, () => keys.lookup('kid-1')));
    expect(server.metadataRequests).toBe(1);
    for (const key of found) {
      expect(pemOf(key)).toContain('BEGIN PUBLIC KEY');
      expect(typeof key === 'object' && key.endorsements).toEqual(['msteams']);
    }
  });

  it('answers an unknown kid from the cache, re-reading for a key rollover at most once per interval', async () => {
    const keys = keySet();
    await keys.lookup('kid-1');
    for (let i = 0; i < 50; i++) expect(await keys.lookup(`stranger-${i}`)).toBe('unknown');
    expect(server.metadataRequests).toBe(1);

    server.kids = ['kid-1', 'kid-2'];
    now += 300_000;
    expect(pemOf(await keys.lookup('kid-2'))).toContain('BEGIN PUBLIC KEY');
    expect(await keys.lookup('stranger')).toBe('unknown');
    expect(server.metadataRequests).toBe(2);
  });

  it('while the endpoint is down: one attempt per backoff step (30 s, 60 s, 120 s, 120 s), "unavailable" meanwhile', async () => {
    server.down = true;
    const keys = keySet();
    const attemptsAt: number[] = [];
    for (let second = 0; second <= 400; second += 5) {
      now = NOW + second * 1000;
      const before = server.metadataRequests;
      await Promise.all(Array.from({ length: 10 }, async () => expect(await keys.lookup('kid-1')).toBe('unavailable')));
      if (server.metadataRequests > before) attemptsAt.push(second);
    }
    expect(attemptsAt).toEqual([0, 30, 90, 210, 330]);

    server.down = false;
    now += 120_000;
    expect(pemOf(await keys.lookup('kid-1'))).toContain('BEGIN PUBLIC KEY');
  });

  it('keeps serving the keys it has when a refresh fails, and says "unavailable" only for kids it cannot check', async () => {
    const keys = keySet();
    await keys.lookup('kid-1');
    server.down = true;
    now += 86_400_000;
    expect(pemOf(await keys.lookup('kid-1'))).toContain('BEGIN PUBLIC KEY');
    // The refresh runs in the background; once it has failed, a kid the old keys lack cannot be ruled out.
    const deadline = Date.now() + 10_000;
    while ((await keys.lookup('stranger')) !== 'unavailable') {
      if (Date.now() > deadline) throw new Error('the background refresh never failed');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(pemOf(await keys.lookup('kid-1'))).toContain('BEGIN PUBLIC KEY');
    expect(server.metadataRequests).toBe(2);
  });

  it('refuses a metadata document that is not one, without throwing', async () => {
    const keys = new SigningKeySet({ metadataUrl: `${server.url}/keys`, logger: createLogger({ level: 'error', sink: () => undefined }), now: () => now });
    expect(await keys.lookup('kid-1')).toBe('unavailable');
  });
});
