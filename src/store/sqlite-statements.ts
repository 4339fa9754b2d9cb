import type Database from 'better-sqlite3';

/** The embedded store's tables. Times are milliseconds since the epoch; a value of NULL in claims means pending. */
export const SCHEMA_SQL = `
  CREATE TABLE IF NOT EXISTS leases (key TEXT PRIMARY KEY, token TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, token TEXT, value TEXT, expires_at INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS marks (key TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS hashes (name TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (name, field)) WITHOUT ROWID;
`;

export type Statements = ReturnType<typeof prepareStatements>;

export function prepareStatements(db: Database.Database) {
  return {
    leaseExpiry: db.prepare<[string], { expires_at: number }>('SELECT expires_at FROM leases WHERE key = ?'),
    nextFence: db.prepare<[], { value: number }>(
      `INSERT INTO counters (name, value) VALUES ('fence', 1)
       ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`,
    ),
    putLease: db.prepare<[string, string, number]>('INSERT OR REPLACE INTO leases (key, token, expires_at) VALUES (?, ?, ?)'),
    releaseLease: db.prepare<[string, string, number]>('DELETE FROM leases WHERE key = ? AND token = ? AND expires_at > ?'),
    extendLease: db.prepare<[number, string, string, number]>(
      'UPDATE leases SET expires_at = ? WHERE key = ? AND token = ? AND expires_at > ?',
    ),
    getClaim: db.prepare<[string], { value: string | null; expires_at: number }>(
      'SELECT value, expires_at FROM claims WHERE key = ?',
    ),
    putClaim: db.prepare<[string, string | null, string | null, number]>(
      'INSERT OR REPLACE INTO claims (key, token, value, expires_at) VALUES (?, ?, ?, ?)',
    ),
    abandonClaim: db.prepare<[string, string]>('DELETE FROM claims WHERE key = ? AND token = ? AND value IS NULL'),
    markOnce: db.prepare<[string, number, number]>(
      `INSERT INTO marks (key, expires_at) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE marks.expires_at <= ?`,
    ),
    hashGet: db.prepare<[string, string], { value: string }>('SELECT value FROM hashes WHERE name = ? AND field = ?'),
    hashSet: db.prepare<[string, string, string]>('INSERT OR REPLACE INTO hashes (name, field, value) VALUES (?, ?, ?)'),
    hashDelete: db.prepare<[string, string]>('DELETE FROM hashes WHERE name = ? AND field = ?'),
    hashGetAll: db.prepare<[string], { field: string; value: string }>('SELECT field, value FROM hashes WHERE name = ?'),
    purge: ['leases', 'claims', 'marks'].map((table) => db.prepare<[number]>(`DELETE FROM ${table} WHERE expires_at <= ?`)),
  };
}
