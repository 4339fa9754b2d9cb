import { writeTiming, type SharedWrites } from '../../src/contacts/shared-writes';
import { silentLogger } from '../../src/logger';
import { SqliteStore } from '../../src/store/sqlite-store';

/**
 * What one instance alone needs to write, for tests that build a ContactService without the app: a private
 * in-memory store (the same implementation as the default embedded one) and no other instances to tell.
 */
export function oneInstanceWrites(itflowTimeoutMs = 2000): SharedWrites {
  return {
    store: new SqliteStore({ file: null, logger: silentLogger }),
    timing: writeTiming(itflowTimeoutMs),
    announce: async () => undefined,
  };
}
