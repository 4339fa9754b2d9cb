import {
  AseChannelValidation,
  AuthenticationConstants,
  BetweenBotAndAseChannelTokenValidationParameters,
  ToBotFromBotOrEmulatorTokenValidationParameters,
} from 'botframework-connector';
import { JwtTokenExtractor } from 'botframework-connector/lib/auth/jwtTokenExtractor';
import type { Logger } from '../logger';
import { inspectBearerToken } from './bearer-token';
import { SigningKeySet, type SigningKeySetOptions } from './signing-keys';

/**
 * What stands between an unauthenticated request and botbuilder's token validation, when the bot has an app id:
 *  - a token that fails the key-free checks (bearer-token.ts: alg "none", HS256, expired, foreign issuer, no
 *    kid) is refused with 401 without looking up any key;
 *  - a token whose kid is not among the cached signing keys is refused with 401, or with 503 when the keys
 *    could not be loaded at all (then nothing can be verified; the channel retries a 503);
 *  - only a token whose key is known reaches botbuilder, which verifies signature, audience, endorsements and
 *    serviceUrl, reading keys from the same cache (installed below), so it never fetches anything itself.
 */
export type GateVerdict = { pass: true } | { pass: false; status: 401 | 503; reason: string };

export interface TokenGateOptions {
  channelMetadataUrl?: string;
  emulatorMetadataUrl?: string;
  channelIssuer?: string;
  logger: Logger;
  /** Schedule overrides for the key sets (tests). */
  keySchedule?: Omit<SigningKeySetOptions, 'metadataUrl' | 'logger'>;
}

export class TokenGate {
  private readonly channelKeys: SigningKeySet;
  private readonly emulatorKeys: SigningKeySet;
  private readonly aseKeys: SigningKeySet;
  private readonly channelIssuer: string;

  constructor(private readonly options: TokenGateOptions) {
    const sets = new Map<string, SigningKeySet>();
    const keySet = (metadataUrl: string) => {
      let set = sets.get(metadataUrl);
      if (set === undefined) {
        set = new SigningKeySet({ metadataUrl, logger: options.logger, ...options.keySchedule });
        sets.set(metadataUrl, set);
      }
      return set;
    };
    this.channelKeys = keySet(options.channelMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl);
    this.emulatorKeys = keySet(options.emulatorMetadataUrl ?? AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl);
    // Set by botbuilder when the authentication is constructed (and by createAuthentication's override).
    this.aseKeys = keySet(AseChannelValidation.MetadataUrl ?? this.emulatorKeys.metadataUrl);
    this.channelIssuer = options.channelIssuer ?? AuthenticationConstants.ToBotFromChannelTokenIssuer;
    for (const set of sets.values()) serveBotbuilderFrom(set);
  }

  /** Loads the keys in the background now rather than on the first request. */
  warmUp(): void {
    for (const set of new Set([this.channelKeys, this.emulatorKeys, this.aseKeys])) set.warmUp();
  }

  /** How many times the metadata documents were fetched, per URL. */
  fetchCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const set of new Set([this.channelKeys, this.emulatorKeys, this.aseKeys])) counts[set.metadataUrl] = set.fetches;
    return counts;
  }

  async check(authorization: string | undefined, channelId: string | undefined): Promise<GateVerdict> {
    const fromAse = AseChannelValidation.isTokenFromAseChannel(channelId ?? '');
    const token = inspectBearerToken(authorization, fromAse ? issuersOf(BetweenBotAndAseChannelTokenValidationParameters.issuer) : this.issuers());
    if (!token.ok) return { pass: false, status: 401, reason: token.reason };
    const keys = fromAse ? this.aseKeys : token.issuer === this.channelIssuer ? this.channelKeys : this.emulatorKeys;
    const key = await keys.lookup(token.kid);
    if (key === 'unknown') return { pass: false, status: 401, reason: 'token signed with a key the issuer does not publish' };
    if (key === 'unavailable') return { pass: false, status: 503, reason: 'signing keys unavailable' };
    return { pass: true };
  }

  private issuers(): Set<string> {
    return new Set([this.channelIssuer, ...issuersOf(ToBotFromBotOrEmulatorTokenValidationParameters.issuer)]);
  }
}

function issuersOf(issuer: string | string[] | undefined): Set<string> {
  return new Set(issuer === undefined ? [] : Array.isArray(issuer) ? issuer : [issuer]);
}

/**
 * botbuilder looks keys up through JwtTokenExtractor's process-wide cache of OpenIdMetadata objects, one per
 * metadata URL, each fetching on its own whenever its keys are missing. That cache is private and there is no
 * option to replace it, so this puts an object with the same getKey() in its place, answering from our key set.
 * If a botbuilder upgrade moves the cache, start-up fails here instead of quietly fetching per request again.
 */
function serveBotbuilderFrom(keys: SigningKeySet): void {
  const cache = (JwtTokenExtractor as unknown as { openIdMetadataCache?: unknown }).openIdMetadataCache;
  if (!(cache instanceof Map)) throw new Error("botframework-connector's signing key cache was not found; check the botbuilder version");
  cache.set(keys.metadataUrl, {
    getKey: async (kid: string) => {
      const key = await keys.lookup(kid);
      return typeof key === 'string' ? null : key;
    },
  });
}
