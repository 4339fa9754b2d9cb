import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../logger';
import { busFor, type InProcessBus } from './in-process-bus';
import { retryUntil } from './polling';
import { prepareStatements, SCHEMA_SQL, type Statements } from './sqlite-statements';
import {
  assertTtl,
  assertWait,
  type ClaimOutcome,
  type Lease,
  type MessageHandler,
  type Store,
  type StoreHealth,
  StoreUnavailableError,
  type Unsubscribe,
} from './store';

/**
 * The embedded store: one SQLite file (WAL) under the data directory, so locks' fences, recorded results and
 * mappings survive a restart. Every read-modify-write runs in a `BEGIN IMMEDIATE` transaction, which makes it
 * correct for several store objects, and for several processes, on one file. Expired rows are ignored when read
 * and deleted in passing (at most once per `purgeIntervalMs`).
 */
export interface SqliteStoreOptions {
  /** The database file, or null for a private in-memory database (tests). */
  file: string | null;
  logger: Logger;
  /** How long a statement waits for another process's write transaction before giving up. */
  busyTimeoutMs?: number;
  purgeIntervalMs?: number;
}

/** SQLite result codes that mean "the file cannot be used right now", not "the program is wrong". */
const UNAVAILABLE_CODES = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|PROTOCOL|NOTADB|CORRUPT)/;

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly sql: Statements;
  private readonly bus: InProcessBus;
  private readonly logger: Logger;
  private readonly purgeIntervalMs: number;
  private readonly subscriptions = new Set<{ channel: string; handler: MessageHandler }>();
  private lastPurge = 0;
  private closed = false;

  constructor(options: SqliteStoreOptions) {
    const file = options.file === null ? null : path.resolve(options.file);
    this.logger = options.logger;
    this.purgeIntervalMs = options.purgeIntervalMs ?? 60_000;
    try {
      this.db = new Database(file ?? ':memory:');
      this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 2000}`);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.exec(SCHEMA_SQL);
      this.sql = prepareStatements(this.db);
    } catch (error) {
      throw new StoreUnavailableError(`cannot open the state database ${file ?? ':memory:'}`, { cause: error });
    }
    this.bus = busFor(file);
  }

  async acquire(key: string, ttlMs: number, waitMs: number): Promise<Lease | null> {
    assertTtl(ttlMs);
    assertWait(waitMs);
    const token = randomUUID();
    const take = this.db.transaction((now: number): number | null => {
      const held = this.sql.leaseExpiry.get(key);
      if (held !== undefined && held.expires_at > now) return null;
      const fence = this.sql.nextFence.get()!.value;
      this.sql.putLease.run(key, token, now + ttlMs);
      return fence;
    });
    const fence = await retryUntil(async () => this.run(() => take.immediate(Date.now())), waitMs);
    if (fence === null) return null;
    return {
      key,
      token,
      fence,
      release: async () => this.run(() => this.sql.releaseLease.run(key, token, Date.now()).changes === 1),
      extend: async (extendMs: number) => {
        assertTtl(extendMs);
        return this.run(() => {
          const now = Date.now();
          return this.sql.extendLease.run(now + extendMs, key, token, now).changes === 1;
        });
      },
    };
  }

  async claim(key: string, ttlMs: number): Promise<ClaimOutcome> {
    assertTtl(ttlMs);
    const decide = this.db.transaction((now: number): ClaimOutcome => {
      const row = this.sql.getClaim.get(key);
      if (row !== undefined && row.expires_at > now) {
        return row.value === null ? { state: 'pending' } : { state: 'done', value: row.value };
      }
      const token = randomUUID();
      this.sql.putClaim.run(key, token, null, now + ttlMs);
      return { state: 'claimed', token };
    });
    return this.run(() => decide.immediate(Date.now()));
  }

  async complete(key: string, value: string, ttlMs: number): Promise<void> {
    assertTtl(ttlMs);
    this.run(() => this.sql.putClaim.run(key, null, value, Date.now() + ttlMs));
  }

  async abandon(key: string, token: string): Promise<boolean> {
    return this.run(() => this.sql.abandonClaim.run(key, token).changes === 1);
  }

  async markOnce(key: string, ttlMs: number): Promise<boolean> {
    assertTtl(ttlMs);
    return this.run(() => {
      const now = Date.now();
      return this.sql.markOnce.run(key, now + ttlMs, now).changes === 1;
    });
  }

  async hashGet(name: string, field: string): Promise<string | undefined> {
    return this.run(() => this.sql.hashGet.get(name, field)?.value);
  }

  async hashSet(name: string, field: string, value: string): Promise<void> {
    this.run(() => this.sql.hashSet.run(name, field, value));
  }

  async hashDelete(name: string, field: string): Promise<boolean> {
    return this.run(() => this.sql.hashDelete.run(name, field).changes === 1);
  }

  async hashGetAll(name: string): Promise<Map<string, string>> {
    return this.run(() => new Map(this.sql.hashGetAll.all(name).map((row) => [row.field, row.value])));
  }

  async publish(channel: string, message: string): Promise<void> {
    this.run(() => this.bus.publish(channel, message));
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe> {
    this.assertOpen();
    const entry = { channel, handler: this.guarded(channel, handler) };
    this.subscriptions.add(entry);
    this.bus.add(channel, entry.handler);
    return async () => {
      this.subscriptions.delete(entry);
      this.bus.remove(channel, entry.handler);
    };
  }

  health(): StoreHealth {
    return this.closed ? 'down' : 'up';
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const { channel, handler } of this.subscriptions) this.bus.remove(channel, handler);
    this.subscriptions.clear();
    this.db.close();
  }

  /** A handler that throws is logged, and neither stops other handlers nor reaches the publisher. */
  private guarded(channel: string, handler: MessageHandler): MessageHandler {
    return (message) => {
      if (this.closed) return;
      try {
        handler(message);
      } catch (error) {
        this.logger.error('store: a subscriber failed', { channel, error });
      }
    };
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailableError('the state store is closed');
  }

  private run<T>(operation: () => T): T {
    this.assertOpen();
    try {
      const result = operation();
      this.purgeExpired();
      return result;
    } catch (error) {
      const code = sqliteCode(error);
      if (code !== undefined && UNAVAILABLE_CODES.test(code)) {
        throw new StoreUnavailableError(`the state database cannot be used right now (${code})`, { cause: error });
      }
      throw error;
    }
  }

  private purgeExpired(): void {
    const now = Date.now();
    if (now - this.lastPurge < this.purgeIntervalMs) return;
    this.lastPurge = now;
    for (const statement of this.sql.purge) statement.run(now);
  }
}

/**
 * better-sqlite3's error code, read by shape rather than `instanceof SqliteError`: the native addon keeps the
 * error class of whichever copy of the module loaded it first, which need not be this one (jest loads a copy
 * per test file into one process).
 */
function sqliteCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' && error.code.startsWith('SQLITE_') ? error.code : undefined;
}
