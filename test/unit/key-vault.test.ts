import { randomBytes } from 'node:crypto';
import { KeyVault, SealedRecordError, WrongEncryptionKeyError } from '../../src/identity';
import { silentLogger } from '../../src/logger';
import { SqliteStore } from '../../src/store/sqlite-store';

/** AES-256-GCM records: fresh IV each time, tag and owner checked, a wrong encryption key caught at open. */
describe('KeyVault', () => {
  const secret = 'X9K79v0Krhhvg3b100JpYsQOyjocn3DO';
  let store: SqliteStore;
  beforeEach(() => {
    store = new SqliteStore({ file: null, logger: silentLogger });
  });
  afterEach(() => store.close());

  it('opens what it sealed for the same owner, with a different IV every time, and never shows the plaintext', async () => {
    const vault = await KeyVault.open(store, randomBytes(32));
    const first = vault.seal(secret, 'user-a');
    const second = vault.seal(secret, 'user-a');
    expect(first).not.toBe(second);
    expect(first.split('.')[1]).not.toBe(second.split('.')[1]);
    expect(first).not.toContain(secret);
    expect(Buffer.from(first.split('.')[3]!, 'base64url').toString('latin1')).not.toContain(secret);
    expect([vault.unseal(first, 'user-a'), vault.unseal(second, 'user-a')]).toEqual([secret, secret]);
  });

  it('refuses a record of another owner, an altered byte anywhere, and garbage, without saying what was inside', async () => {
    const vault = await KeyVault.open(store, randomBytes(32));
    const sealed = vault.seal(secret, 'user-a');
    expect(() => vault.unseal(sealed, 'user-b')).toThrow(SealedRecordError);
    const parts = sealed.split('.');
    for (const index of [1, 2, 3]) {
      const bytes = Buffer.from(parts[index]!, 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      const altered = parts.map((part, i) => (i === index ? bytes.toString('base64url') : part)).join('.');
      expect(() => vault.unseal(altered, 'user-a')).toThrow(SealedRecordError);
    }
    for (const garbage of ['', 'v1', 'v2.a.b.c', 'v1...', sealed.replace(/^v1/, 'v0')]) {
      expect(() => vault.unseal(garbage, 'user-a')).toThrow(SealedRecordError);
    }
    try {
      vault.unseal(sealed, 'user-b');
    } catch (err) {
      expect((err as Error).message).not.toContain('user-a');
    }
  });

  it('records a key check at first open; the same key opens again, another key is a clear error at open', async () => {
    const key = randomBytes(32);
    expect(await store.hashGet('identity:vault', 'key-check')).toBeUndefined();
    const vault = await KeyVault.open(store, key);
    expect(await store.hashGet('identity:vault', 'key-check')).toMatch(/^v1\./);
    const sealed = vault.seal(secret, 'user-a');
    const again = await KeyVault.open(store, Buffer.from(key));
    expect(again.unseal(sealed, 'user-a')).toBe(secret);
    await expect(KeyVault.open(store, randomBytes(32))).rejects.toThrow(WrongEncryptionKeyError);
    await expect(KeyVault.open(store, randomBytes(32))).rejects.toThrow(/TOKEN_ENCRYPTION_KEY does not open/);
    await expect(KeyVault.open(store, randomBytes(16))).rejects.toThrow(RangeError);
  });
});
