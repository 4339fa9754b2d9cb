import type Database from 'better-sqlite3';
import { z } from 'zod';
import { type AccessLevel, type ApiKey, generateApiKeySecret, toAccessLevel } from './api-keys';
import { collationKey, mysqlDateTime } from './php';
import { toDbRecord } from './rows';

/**
 * API keys and the clients their users may reach, on the sandbox's database. The `api_keys` table is part of
 * the schema; `api_key_clients` (ITFlow's user_client_permissions, per key here) is created when missing, so an
 * older sandbox database gains it when opened. A key with no rows there reaches what its `api_key_client_id`
 * says (0 = every client), as keys made before users had several clients did.
 */

const KEY_NEVER_EXPIRES = '2099-12-31 23:59:59';

const CLIENTS_TABLE_SQL =
  'CREATE TABLE IF NOT EXISTS api_key_clients (api_key_id INTEGER NOT NULL, client_id INTEGER NOT NULL, PRIMARY KEY (api_key_id, client_id))';

const KEY_COLUMNS = ['api_key_id', 'api_key_name', 'api_key_client_id', 'api_key_access_level', 'client_ids'] as const;
const KEY_SELECT =
  'SELECT k.api_key_id, k.api_key_name, k.api_key_client_id, k.api_key_access_level, ' +
  '(SELECT json_group_array(client_id) FROM api_key_clients c WHERE c.api_key_id = k.api_key_id) AS client_ids FROM api_keys k';

export interface NewApiKey {
  name: string;
  /** Empty = every client. */
  clientIds: readonly number[];
  accessLevel: AccessLevel;
  expiresAt?: Date;
  /** A fresh random secret unless given. */
  secret?: string;
}

function prepare(db: Database.Database) {
  db.exec(CLIENTS_TABLE_SQL);
  return {
    validKey: db.prepare(`${KEY_SELECT} WHERE collation_key(k.api_key_secret) = @key AND k.api_key_expire > @now LIMIT 1`),
    anyKey: db.prepare(`${KEY_SELECT} WHERE collation_key(k.api_key_secret) = @key LIMIT 1`),
    keyByName: db.prepare('SELECT api_key_secret, api_key_client_id FROM api_keys WHERE api_key_name = ?'),
    idByName: db.prepare('SELECT api_key_id FROM api_keys WHERE api_key_name = ?').pluck(),
    insertKey: db.prepare(
      'INSERT INTO api_keys (api_key_name, api_key_secret, api_key_client_id, api_key_access_level, api_key_created_at, api_key_expire) ' +
        'VALUES (@name, @secret, @clientId, @accessLevel, @now, @expire)',
    ),
    insertClient: db.prepare('INSERT OR IGNORE INTO api_key_clients (api_key_id, client_id) VALUES (?, ?)'),
    deleteKey: db.prepare('DELETE FROM api_keys WHERE api_key_id = ?'),
    deleteClients: db.prepare('DELETE FROM api_key_clients WHERE api_key_id = ?'),
  };
}

export class ApiKeyStore {
  private readonly sql: ReturnType<typeof prepare>;

  constructor(
    private readonly db: Database.Database,
    private readonly timestamp: () => string,
  ) {
    this.sql = prepare(db);
  }

  /** Stores a key for a user with this access; returns its secret. */
  add(key: NewApiKey): string {
    const secret = key.secret ?? generateApiKeySecret();
    this.db.transaction(() => {
      const id = this.sql.insertKey.run({
        name: key.name,
        secret,
        clientId: key.clientIds[0] ?? 0,
        accessLevel: key.accessLevel,
        now: this.timestamp(),
        expire: key.expiresAt === undefined ? KEY_NEVER_EXPIRES : mysqlDateTime(key.expiresAt),
      }).lastInsertRowid;
      for (const clientId of key.clientIds) this.sql.insertClient.run(id, clientId);
    })();
    return secret;
  }

  /** The named key, created on first use (so its secret survives restarts); returns its secret and client. */
  ensure(name: string, clientId: number, accessLevel: AccessLevel): { secret: string; clientId: number } {
    const raw: unknown = this.sql.keyByName.get(name);
    if (raw === undefined) return { secret: this.add({ name, clientIds: clientId === 0 ? [] : [clientId], accessLevel }), clientId };
    const row = toDbRecord(['api_key_secret', 'api_key_client_id'], raw);
    return { secret: String(row.api_key_secret), clientId: Number(row.api_key_client_id) };
  }

  /** Deletes the named key, as an ITFlow admin revoking it does: it answers 401 from then on. False when unknown. */
  revoke(name: string): boolean {
    const id: unknown = this.sql.idByName.get(name);
    if (id === undefined) return false;
    this.db.transaction(() => {
      this.sql.deleteClients.run(id);
      this.sql.deleteKey.run(id);
    })();
    return true;
  }

  /** An unexpired key matching the secret case-insensitively, as ITFlow's lookup does; null otherwise. */
  findValid(secret: string): ApiKey | null {
    return toApiKey(this.sql.validKey.get({ key: collationKey(secret), now: this.timestamp() }));
  }

  /** The name of the key with this secret, expired or not (for the request log); null when there is none. */
  nameOf(secret: string): string | null {
    return toApiKey(this.sql.anyKey.get({ key: collationKey(secret) }))?.name ?? null;
  }
}

const grantedClients = z.array(z.number().int());

function toApiKey(raw: unknown): ApiKey | null {
  if (raw === undefined) return null;
  const row = toDbRecord(KEY_COLUMNS, raw);
  const granted = grantedClients.parse(JSON.parse(String(row.client_ids)));
  const bound = Number(row.api_key_client_id);
  const clientIds = granted.length > 0 ? granted.sort((a, b) => a - b) : bound === 0 ? [] : [bound];
  return {
    id: Number(row.api_key_id),
    name: String(row.api_key_name),
    clientId: clientIds[0] ?? 0,
    clientIds,
    accessLevel: toAccessLevel(Number(row.api_key_access_level)),
  };
}
