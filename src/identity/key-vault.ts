import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { STORE_KEYS, type Store } from '../store';

/**
 * Technicians' ITFlow keys at rest: AES-256-GCM (Node's crypto) under TOKEN_ENCRYPTION_KEY, a fresh random
 * 12-byte IV per record, the 16-byte tag checked on every read. Each record is bound to what it belongs to
 * (the Entra user id, as GCM's additional data), so a record copied onto another user's entry does not open.
 *
 * A key-check record, sealed under the encryption key the first time the vault opens, is opened at every start:
 * a wrong TOKEN_ENCRYPTION_KEY is then a clear error at start-up, instead of every technician's key silently
 * failing to decrypt later.
 */

const VAULT_HASH = STORE_KEYS.identityVault;
const CHECK_FIELD = 'key-check';
const CHECK_TEXT = 'itflow-teams personal key vault';
const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** TOKEN_ENCRYPTION_KEY is not the key the stored records were sealed with. */
export class WrongEncryptionKeyError extends Error {
  override readonly name = 'WrongEncryptionKeyError';
  constructor() {
    super(
      'TOKEN_ENCRYPTION_KEY does not open the ITFlow keys already stored in the bot store: it is not the key they were ' +
        'encrypted with. Restore the previous TOKEN_ENCRYPTION_KEY (or, to start over, delete the identity:* entries ' +
        'from the store; every technician then connects again).',
    );
  }
}

/** A sealed record that does not open: tampered with, truncated, or sealed for someone else. */
export class SealedRecordError extends Error {
  override readonly name = 'SealedRecordError';
}

export class KeyVault {
  private constructor(private readonly key: Buffer) {}

  /** Opens the vault on this store, checking (or, the first time, recording) that the key is the right one. */
  static async open(store: Store, key: Buffer): Promise<KeyVault> {
    if (key.length !== 32) throw new RangeError('the encryption key must be 32 bytes');
    const vault = new KeyVault(key);
    const check = await store.hashGet(VAULT_HASH, CHECK_FIELD);
    if (check === undefined) {
      await store.hashSet(VAULT_HASH, CHECK_FIELD, vault.seal(CHECK_TEXT, CHECK_FIELD));
      return vault;
    }
    let opened: string;
    try {
      opened = vault.unseal(check, CHECK_FIELD);
    } catch {
      throw new WrongEncryptionKeyError();
    }
    if (opened !== CHECK_TEXT) throw new WrongEncryptionKeyError();
    return vault;
  }

  /** `v1.<iv>.<tag>.<ciphertext>` (base64url), bound to `owner`. */
  seal(plaintext: string, owner: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(owner, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, iv, cipher.getAuthTag(), data].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  /** The plaintext; SealedRecordError when the record is malformed, altered or sealed for another owner or key. */
  unseal(sealed: string, owner: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== FORMAT) throw new SealedRecordError('not a sealed record');
    const [iv, tag, data] = parts.slice(1).map((part) => Buffer.from(part, 'base64url')) as [Buffer, Buffer, Buffer];
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SealedRecordError('not a sealed record');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(owner, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    } catch {
      // The message never says more: what failed to open is a secret.
      throw new SealedRecordError('the sealed record does not open with this key and owner');
    }
  }
}
