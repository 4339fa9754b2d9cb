import { randomInt } from 'node:crypto';

/**
 * API keys as ITFlow latest models them: a secret, the clients the key's user may reach (here one client id,
 * 0 = all) and the permission level of the user's role on the contacts module (ITFlow's read = 1,
 * create/update = 2, delete = 3).
 */
export type AccessLevel = 1 | 2 | 3;

export interface ApiKey {
  id: number;
  name: string;
  /** 0 = every client. */
  clientId: number;
  accessLevel: AccessLevel;
}

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
  return key.clientId === 0 || key.clientId === clientId;
}
