import { randomInt } from 'node:crypto';

/**
 * API keys as ITFlow v26.08 models them: every key belongs to a user, and that user's role and client access
 * decide what the key may do. Here a key stands for its user: its name is the user's name, `accessLevel` is the
 * role's permission level on the contacts module (ITFlow's read = 1, create/update = 2, delete = 3) and
 * `clientIds` are the clients the user was granted (ITFlow's user_client_permissions: none = every client).
 */
export type AccessLevel = 1 | 2 | 3;

export interface ApiKey {
  id: number;
  name: string;
  /**
   * The late-2024 binding of a key to one client (0 = all), which the legacy flavor uses; for a user allowed
   * several clients it is the first of them (the legacy flavor refuses to create such keys).
   */
  clientId: number;
  /** The clients the key's user may reach; empty = every client. */
  clientIds: readonly number[];
  accessLevel: AccessLevel;
}

/** Which clients' rows a read may return: every client, or these. */
export type ClientScope = { all: true } | { all: false; clientIds: readonly number[] };

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** ITFlow's randomString(): letters and digits, as used for API key secrets and ticket URL keys. */
export function randomString(length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += KEY_ALPHABET[randomInt(KEY_ALPHABET.length)];
  return text;
}

/** A 32-character alphanumeric secret, like the ones ITFlow generates. */
export function generateApiKeySecret(): string {
  return randomString(32);
}

export function toAccessLevel(n: number): AccessLevel {
  if (n === 1 || n === 2 || n === 3) return n;
  throw new RangeError(`access level must be 1, 2 or 3, not ${n}`);
}

/** Whether the key's user may act on this client (ITFlow's apiUserCanAccessClient). */
export function canAccessClient(key: ApiKey, clientId: number): boolean {
  return key.clientIds.length === 0 || key.clientIds.includes(clientId);
}

/** The read scope of a key's user (ITFlow's clientScopeSql). */
export function scopeOfKey(key: ApiKey): ClientScope {
  return key.clientIds.length === 0 ? { all: true } : { all: false, clientIds: key.clientIds };
}

/** Every client (an admin key's scope). */
export const ALL_CLIENTS: ClientScope = { all: true };

/**
 * SQL restricting a client column to a scope, bound by `scopeParams`: every client, or the listed ones (a JSON
 * array read with json_each, so one prepared statement serves any number of clients).
 */
export function scopeSql(column: string): string {
  return `(@all_clients = 1 OR ${column} IN (SELECT value FROM json_each(@client_ids)))`;
}

export function scopeParams(scope: ClientScope): { all_clients: number; client_ids: string } {
  return scope.all ? { all_clients: 1, client_ids: '[]' } : { all_clients: 0, client_ids: JSON.stringify(scope.clientIds) };
}
