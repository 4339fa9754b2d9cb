/**
 * Who may call the caller-ID endpoints, and how often. The token is compared in constant time: both sides are
 * hashed to fixed-length digests first, so neither the length nor the first differing byte shows in the timing.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { BoundedMap } from '../bounded-map';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Constant time whatever the lengths: both sides are hashed to equal-length digests first. */
export function sameDigest(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

export class TokenCheck {
  private readonly expected: Buffer;
  constructor(token: string) {
    this.expected = digest(token);
  }

  matches(presented: string | undefined): boolean {
    // An absent token is hashed too, so "missing" and "wrong" take the same path.
    const equal = timingSafeEqual(digest(presented ?? ''), this.expected);
    return presented !== undefined && presented !== '' && equal;
  }
}

/** The token wherever the PBX can put it: X-Api-Key, Authorization: Bearer, or ?token= for URL-only PBXs. */
export function presentedToken(headers: Record<string, string | string[] | undefined>, query: URLSearchParams): string | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return apiKey;
  const auth = headers['authorization'];
  const bearer = typeof auth === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null;
  if (bearer) return bearer[1];
  return query.get('token') ?? undefined;
}

export interface RateLimitOptions {
  /** Requests allowed in a burst. */
  burst: number;
  /** Sustained requests per second. */
  perSecond: number;
  /** Callers remembered at most; the least recently seen are forgotten first (a flood of addresses cannot grow it). */
  maxKeys?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** A token bucket per key (client address, token digest). */
export class RateLimiter {
  private readonly buckets: BoundedMap<string, Bucket>;
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    this.buckets = new BoundedMap(options.maxKeys ?? 10_000);
    this.now = options.now ?? Date.now;
  }

  /** Takes one request from the key's bucket; false when it is empty. */
  take(key: string): boolean {
    const now = this.now();
    const bucket = this.buckets.get(key);
    let tokens = this.options.burst;
    if (bucket !== undefined) {
      tokens = Math.min(this.options.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.options.perSecond);
    }
    const allowed = tokens >= 1;
    // Set again, so the least recently seen key is the one forgotten.
    this.buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at: now });
    return allowed;
  }
}

/** Keys the token bucket by the token's digest, never the token itself (it would sit in memory dumps as is). */
export function tokenKey(token: string): string {
  return digest(token).toString('hex').slice(0, 32);
}
