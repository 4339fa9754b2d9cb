/**
 * The bot's own state, shared by every instance that points at the same store: write locks, "do this once"
 * records, once-markers, small hashes and a message bus. Two implementations honour this one contract (the
 * contract test runs against both): an embedded SQLite file (the default; one instance) and Redis (several).
 *
 * Every operation either does what it says or throws: `StoreUnavailableError` when the backend cannot be
 * reached. Callers must not fall back to per-process state then, because that is exactly the race the store
 * exists to prevent; they tell the user the write cannot be made safely right now.
 *
 * Keys, fields, channels and values are strings; callers serialise anything richer (JSON) themselves.
 */

export type StoreHealth = 'up' | 'down';

/** Exclusive ownership of a key until released or until its time-to-live runs out. */
export interface Lease {
  readonly key: string;
  /** Random and private to this holder: release and extend act only while the key still carries it. */
  readonly token: string;
  /**
   * Greater than every fence this store has handed out before, for any key, across restarts. A resource that
   * remembers the highest fence it has seen can refuse a holder whose lease ran out while it was paused.
   */
  readonly fence: number;
  /** True when this holder still owned the key and gave it up; false when it had expired (or was taken). */
  release(): Promise<boolean>;
  /** Pushes expiry to `ttlMs` from now; false (and nothing changed) when the lease is no longer held. */
  extend(ttlMs: number): Promise<boolean>;
}

/**
 * What `claim` finds. `claimed`: the caller is the one to do the work, then `complete` (or `abandon` on failure,
 * passing the token). `pending`: someone else is doing it now. `done`: it was done, here is its recorded result.
 */
export type ClaimOutcome =
  | { readonly state: 'claimed'; readonly token: string }
  | { readonly state: 'pending' }
  | { readonly state: 'done'; readonly value: string };

export type MessageHandler = (message: string) => void;
export type Unsubscribe = () => Promise<void>;

export interface Store {
  /** Which implementation this is, for logs and /healthz. */
  readonly kind: 'sqlite' | 'redis';

  /**
   * Takes the key for `ttlMs`, retrying for up to `waitMs` while someone else holds it (0 = one attempt).
   * Null when it stayed taken.
   */
  acquire(key: string, ttlMs: number, waitMs: number): Promise<Lease | null>;

  /**
   * Idempotency. The first caller gets `claimed` (its pending mark lasts `ttlMs`, so a crashed claimer frees the
   * key after that); later callers see `pending` until the claimer completes or abandons, then `done` with its
   * value. A pending mark past its time-to-live counts as absent.
   */
  claim(key: string, ttlMs: number): Promise<ClaimOutcome>;
  /** Records the result, kept `ttlMs`. Unconditional: the work happened, so its result is the truth. */
  complete(key: string, value: string, ttlMs: number): Promise<void>;
  /** Drops a pending mark, only if it is still the one `token` placed (never a recorded result). */
  abandon(key: string, token: string): Promise<boolean>;

  /** True exactly once per key within `ttlMs` (welcome messages, duplicate-event suppression). */
  markOnce(key: string, ttlMs: number): Promise<boolean>;

  /** Small persistent maps (extension → technician, personal keys, conversation references). No expiry. */
  hashGet(name: string, field: string): Promise<string | undefined>;
  hashSet(name: string, field: string, value: string): Promise<void>;
  /** True when the field existed. */
  hashDelete(name: string, field: string): Promise<boolean>;
  hashGetAll(name: string): Promise<Map<string, string>>;

  /**
   * Fire and forget to every current subscriber of the channel, including this store's own. Redis reaches other
   * processes; the embedded store reaches every store object on the same file in this process, no further.
   */
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once the subscription is live; the returned function removes this handler. */
  subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe>;

  /** Synchronous and cheap, for /healthz: 'down' while the backend is unreachable (or after close). */
  health(): StoreHealth;
  close(): Promise<void>;
}

/** The backend cannot be reached (Redis down, the file locked for too long, the store closed). */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Time-to-live values are whole positive milliseconds; anything else is a programming error. */
export function assertTtl(ttlMs: number, what = 'ttlMs'): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`${what} must be a positive whole number of milliseconds, got ${String(ttlMs)}`);
  }
}

export function assertWait(waitMs: number): void {
  if (!Number.isSafeInteger(waitMs) || waitMs < 0) {
    throw new RangeError(`waitMs must be zero or a positive whole number of milliseconds, got ${String(waitMs)}`);
  }
}
