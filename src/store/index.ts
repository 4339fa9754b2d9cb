import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger';
import { RedisStore } from './redis-store';
import { SqliteStore } from './sqlite-store';
import type { Store } from './store';

export { type ClaimOutcome, type Lease, type Store, type StoreHealth, StoreUnavailableError } from './store';
export { runOnce, type RunOnceOptions, type RunOnceResult, StillPendingError } from './run-once';
export { STORE_KEYS } from './keys';

/** The embedded store's file name inside the data directory. */
export const STATE_DB_FILE = 'bot-state.sqlite';

export interface CreateStoreOptions {
  /** Set: Redis (several instances). Unset: the embedded SQLite file (one instance). */
  redisUrl?: string | undefined;
  /** Where the embedded store keeps its file; created when missing. */
  dataDir: string;
  /** Prefix for every Redis key and channel (default `itflow-teams:`). */
  redisKeyPrefix?: string | undefined;
  logger: Logger;
}

/**
 * The bot's store as configured. Redis is not waited for: the bot starts, reports `down` on /healthz and
 * refuses store-backed writes until Redis answers, then carries on by itself.
 */
export function createStore(options: CreateStoreOptions): Store {
  const logger = options.logger.child({ component: 'store' });
  if (options.redisUrl !== undefined) {
    logger.info('store: Redis', { keyPrefix: options.redisKeyPrefix ?? 'itflow-teams:' });
    return new RedisStore({ url: options.redisUrl, keyPrefix: options.redisKeyPrefix, logger });
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const file = path.join(options.dataDir, STATE_DB_FILE);
  logger.info('store: embedded SQLite', { file });
  return new SqliteStore({ file, logger });
}
