import { createPublicKey } from 'node:crypto';
import { request } from 'undici';
import { z } from 'zod';
import type { Logger } from '../logger';

/**
 * The keys Bot Framework tokens are signed with, from one OpenID metadata URL (metadata → jwks_uri → keys):
 * fetched once, kept, refreshed daily, and fetched again on failure only after a growing pause. botbuilder's own
 * cache fetches again on every request until a fetch succeeds, so while Microsoft's endpoint was unreachable
 * every unauthenticated request made the bot call out; here no request can cause more than the schedule allows.
 */

export interface SigningKey {
  /** SPKI PEM, as botbuilder hands it to jsonwebtoken. */
  key: string;
  endorsements?: string[];
}

/** 'unavailable': the key set could not be loaded (or the last refresh failed), so an unknown kid proves nothing. */
export type KeyLookup = SigningKey | 'unknown' | 'unavailable';

export interface SigningKeySetOptions {
  metadataUrl: string;
  logger: Logger;
  /** Keys are re-read this often while in use. Default 24 h, as botbuilder does. */
  refreshMs?: number;
  /** A token with a kid not in the set triggers a re-read (key rollover) at most this often. Default 5 min. */
  unknownKidRefreshMs?: number;
  /** First pause after a failed fetch, doubled after each further failure up to maxRetryMs. Default 30 s / 15 min. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Per HTTP exchange. Default 5 s. */
  timeoutMs?: number;
  now?: () => number;
}

const MAX_DOCUMENT_BYTES = 512 * 1024;

const openIdConfiguration = z.object({ jwks_uri: z.url({ protocol: /^https?$/ }) });
const jwkSet = z.object({
  keys: z.array(z.looseObject({ kid: z.string().optional(), kty: z.string().optional(), n: z.string().optional(), e: z.string().optional(), endorsements: z.array(z.string()).optional() })),
});

export class SigningKeySet {
  private keys: Map<string, SigningKey> | null = null;
  private loadedAt = 0;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private lastFailed = false;
  private failures = 0;
  private nextAttemptAt = 0;
  private loading: Promise<void> | null = null;
  /** Outbound fetches of the metadata document so far (for tests and operators). */
  fetches = 0;

  constructor(private readonly options: SigningKeySetOptions) {}

  get metadataUrl(): string {
    return this.options.metadataUrl;
  }

  /** Starts the first fetch without waiting for it, so the first genuine request finds the keys ready. */
  warmUp(): void {
    void this.refresh();
  }

  async lookup(kid: string): Promise<KeyLookup> {
    const now = this.now();
    if (this.keys === null) {
      if (now >= this.nextAttemptAt) await this.refresh();
    } else if (now - this.loadedAt >= (this.options.refreshMs ?? 24 * 3600_000) && now >= this.nextAttemptAt) {
      void this.refresh(); // the current keys serve while newer ones load
    }
    const found = this.keys?.get(kid);
    if (found !== undefined) return found;
    const rolloverDue = this.now() - this.lastAttemptAt >= (this.options.unknownKidRefreshMs ?? 5 * 60_000) && this.now() >= this.nextAttemptAt;
    if (this.keys !== null && rolloverDue) {
      await this.refresh();
      const fresh = this.keys.get(kid);
      if (fresh !== undefined) return fresh;
    }
    return this.keys === null || this.lastFailed ? 'unavailable' : 'unknown';
  }

  /** One fetch at a time; callers arriving meanwhile wait for it. Never rejects. */
  private refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(): Promise<void> {
    this.lastAttemptAt = this.now();
    this.fetches += 1;
    try {
      const configuration = openIdConfiguration.parse(await this.getJson(this.options.metadataUrl));
      const keys = toSigningKeys(jwkSet.parse(await this.getJson(configuration.jwks_uri)).keys);
      if (keys.size === 0) throw new Error('the key set has no usable RSA keys');
      this.keys = keys;
      this.loadedAt = this.now();
      this.lastFailed = false;
      this.failures = 0;
      this.nextAttemptAt = 0;
      this.options.logger.info('loaded Bot Framework signing keys', { metadataUrl: this.options.metadataUrl, keys: keys.size });
    } catch (error) {
      this.lastFailed = true;
      this.failures += 1;
      const pause = Math.min(this.options.maxRetryMs ?? 15 * 60_000, (this.options.retryMs ?? 30_000) * 2 ** (this.failures - 1));
      this.nextAttemptAt = this.now() + pause;
      this.options.logger.warn('could not load Bot Framework signing keys', {
        metadataUrl: this.options.metadataUrl,
        error: error instanceof Error ? error.message : 'unknown',
        nextAttemptInMs: pause,
        keptKeys: this.keys?.size ?? 0,
      });
    }
  }

  private async getJson(url: string): Promise<unknown> {
    const timeoutMs = this.options.timeoutMs ?? 5000;
    const response = await request(url, { method: 'GET', headersTimeout: timeoutMs, bodyTimeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs * 2) });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new Error(`HTTP ${response.statusCode} from ${new URL(url).host}`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > MAX_DOCUMENT_BYTES) {
        response.body.destroy();
        throw new Error('signing key document too large');
      }
      chunks.push(chunk as Buffer);
    }
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

function toSigningKeys(jwks: z.infer<typeof jwkSet>['keys']): Map<string, SigningKey> {
  const keys = new Map<string, SigningKey>();
  for (const jwk of jwks) {
    if (jwk.kid === undefined || jwk.kty !== 'RSA' || jwk.n === undefined || jwk.e === undefined) continue;
    try {
      const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
      keys.set(jwk.kid, { key, ...(jwk.endorsements === undefined ? {} : { endorsements: jwk.endorsements }) });
    } catch {
      // A key that does not parse cannot verify anything; the others still can.
    }
  }
  return keys;
}
