import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { Identities, KeyVault, PersonalKeys, WrongEncryptionKeyError } from '../../src/identity';
import { ItflowClient } from '../../src/itflow/client';
import { silentLogger } from '../../src/logger';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { createStore, STATE_DB_FILE, type Store } from '../../src/store';

/**
 * Technicians' keys against the sandbox's v26.08 user keys, kept in the embedded store on disk: what connecting
 * learns (clients, write permission) without writing anything, disconnect, refresh, refusal, and that the key
 * is not in the database files.
 */

let sandbox: Sandbox;
let shared: ItflowClient;
let dir: string;
let store: Store;
let clock: number;
let keys: PersonalKeys;
const encryptionKey = randomBytes(32);

async function openKeys(): Promise<PersonalKeys> {
  const vault = await KeyVault.open(store, encryptionKey);
  return new PersonalKeys({ store, vault, itflowForKey: (apiKey) => shared.forKey(apiKey), logger: silentLogger, refreshMs: 60_000, now: () => clock });
}

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'fixtures' });
  shared = new ItflowClient({ baseUrl: sandbox.url, apiKey: sandbox.adminKey });
});
afterAll(async () => {
  await shared.close();
  await sandbox.close();
});
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itflow-identity-'));
  store = createStore({ dataDir: dir, logger: silentLogger });
  clock = Date.parse('2026-12-01T09:00:00Z');
  keys = await openKeys();
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('connect', () => {
  it('learns the clients and the write permission of a technician key, and writes nothing to ITFlow', async () => {
    const before = sandbox.store.countContacts();
    const rowOne = JSON.stringify(sandbox.store.getContactRow(1));
    const key = sandbox.createUserKey({ name: 'Tess Technician', clientIds: [1], level: 2 });
    sandbox.requestLog.clear();
    expect(await keys.connect('aad-tess', `  ${key}\n`)).toEqual({ ok: true, clientCount: 1, canWrite: true });
    // The client list is paged until an empty page; then the one write-permission check.
    expect(sandbox.requestLog.entries().map((e) => [e.method, e.path, e.keyName])).toEqual([
      ['GET', '/api/v1/clients/read.php', 'Tess Technician'],
      ['GET', '/api/v1/clients/read.php', 'Tess Technician'],
      ['POST', '/api/v1/contacts/update.php', 'Tess Technician'],
    ]);
    expect([sandbox.store.countContacts(), JSON.stringify(sandbox.store.getContactRow(1))]).toEqual([before, rowOne]);
    const status = await keys.status('aad-tess');
    expect(status).toEqual({ state: 'connected', clientIds: [1], canWrite: true, checkedAt: new Date(clock) });
  });

  it('reports a read-only role as read-only and an all-clients key with every client', async () => {
    const reader = sandbox.createUserKey({ name: 'Rory Reader', clientIds: [1, 2], level: 1 });
    expect(await keys.connect('aad-rory', reader)).toEqual({ ok: true, clientCount: 2, canWrite: false });
    const admin = sandbox.createUserKey({ name: 'Ada Admin', clientIds: [], level: 3 });
    expect(await keys.connect('aad-ada', admin)).toEqual({ ok: true, clientCount: 2, canWrite: true });
  });

  it('refuses a key ITFlow does not know, a malformed paste, and says nothing was stored', async () => {
    expect(await keys.connect('aad-x', 'ThisIsNotAValidKey0000000000000000')).toEqual({ ok: false, reason: 'refused' });
    expect(await keys.connect('aad-x', 'two words')).toEqual({ ok: false, reason: 'malformed' });
    expect(await keys.connect('aad-x', '')).toEqual({ ok: false, reason: 'malformed' });
    expect(await keys.status('aad-x')).toEqual({ state: 'none' });
  });

  it('keeps the key out of the database files (main file and WAL), sealed for its user only', async () => {
    const key = sandbox.createUserKey({ name: 'Sam Sealed', clientIds: [2], level: 2 });
    await keys.connect('aad-sam', key);
    await store.close();
    const files = fs.readdirSync(dir).filter((f) => f.startsWith(STATE_DB_FILE));
    expect(files).toContain(STATE_DB_FILE);
    const bytes = Buffer.concat(files.map((f) => fs.readFileSync(path.join(dir, f))));
    for (const form of [key, key.toLowerCase(), Buffer.from(key).toString('base64'), Buffer.from(key).toString('hex')]) {
      expect(bytes.includes(form)).toBe(false);
    }
    expect(bytes.includes('aad-sam')).toBe(true);
    store = createStore({ dataDir: dir, logger: silentLogger });
    const reopened = await openKeys();
    const lookup = await reopened.lookup('aad-sam');
    expect(lookup.state).toBe('connected');
    if (lookup.state === 'connected') expect((await lookup.identity.itflow.getContact(6))?.name).toBe('Sally Jones');
  });
});

describe('using a connected key', () => {
  it('acts in ITFlow with the technician key and sees only their clients', async () => {
    const key = sandbox.createUserKey({ name: 'Carl Contractor', clientIds: [1], level: 2 });
    await keys.connect('aad-carl', key);
    const lookup = await keys.lookup('aad-carl');
    if (lookup.state !== 'connected') throw new Error(`expected connected, got ${lookup.state}`);
    expect([...lookup.identity.clientIds]).toEqual([1]);
    expect(await lookup.identity.itflow.getContact(6)).toBeNull();
    sandbox.requestLog.clear();
    await lookup.identity.itflow.getContact(1);
    expect(sandbox.requestLog.entries().map((e) => e.keyName)).toEqual(['Carl Contractor']);
  });

  it('re-learns the client list after the refresh interval, not before', async () => {
    const key = sandbox.createUserKey({ name: 'Olive Allclients', clientIds: [], level: 2 });
    await keys.connect('aad-olive', key);
    const added = sandbox.store.insertSyntheticContacts(2, { clients: 1 });
    const newClient = Number(sandbox.store.getContactRow(added.firstContactId!)!.contact_client_id);
    const clientsOf = async () => {
      const lookup = await keys.lookup('aad-olive');
      return lookup.state === 'connected' ? [...lookup.identity.clientIds] : lookup.state;
    };
    expect(await clientsOf()).toEqual([1, 2]);
    clock += 59_000;
    expect(await clientsOf()).toEqual([1, 2]);
    clock += 2_000;
    expect(await clientsOf()).toEqual([1, 2, newClient]);
    expect(await keys.status('aad-olive')).toMatchObject({ checkedAt: new Date(clock) });
  });

  it('marks a key ITFlow refuses at refresh (revoked) as refused until the technician connects again', async () => {
    const key = sandbox.createUserKey({ name: 'Rex Revoked', clientIds: [1], level: 2 });
    await keys.connect('aad-rex', key);
    sandbox.revokeKey('Rex Revoked');
    clock += 61_000;
    expect(await keys.lookup('aad-rex')).toEqual({ state: 'refused' });
    expect(await keys.status('aad-rex')).toEqual({ state: 'refused' });
    const fresh = sandbox.createUserKey({ name: 'Rex Again', clientIds: [1], level: 2 });
    expect(await keys.connect('aad-rex', fresh)).toMatchObject({ ok: true });
    expect((await keys.lookup('aad-rex')).state).toBe('connected');
  });

  it('markRefused (a 401 met elsewhere) and disconnect', async () => {
    const key = sandbox.createUserKey({ name: 'Dee Disconnect', clientIds: [2], level: 2 });
    await keys.connect('aad-dee', key);
    await keys.markRefused('aad-dee');
    expect(await keys.status('aad-dee')).toEqual({ state: 'refused' });
    expect(await keys.disconnect('aad-dee')).toBe(true);
    expect(await keys.disconnect('aad-dee')).toBe(false);
    expect(await keys.lookup('aad-dee')).toEqual({ state: 'none' });
  });

  it('a record copied onto another user does not open (asks to connect again), an unreadable one counts as none', async () => {
    const key = sandbox.createUserKey({ name: 'Cody Copied', clientIds: [1], level: 2 });
    await keys.connect('aad-cody', key);
    await store.hashSet('identity:personal-keys', 'aad-mallory', (await store.hashGet('identity:personal-keys', 'aad-cody'))!);
    expect(await keys.lookup('aad-mallory')).toEqual({ state: 'refused' });
    await store.hashSet('identity:personal-keys', 'aad-junk', '{not json');
    expect(await keys.lookup('aad-junk')).toEqual({ state: 'none' });
  });
});

describe('Identities', () => {
  it('shared policy: never opens the vault nor looks anyone up', async () => {
    const identities = await Identities.open({ policy: 'shared', encryptionKey: undefined, store, itflowForKey: (k) => shared.forKey(k), logger: silentLogger });
    expect(identities.keys).toBeNull();
    expect(await identities.actingFor('aad-anyone')).toEqual({ kind: 'shared' });
  });

  it('personal policies: the connected key, else shared or a prompt; a wrong encryption key fails at open', async () => {
    const open = (policy: 'personal-preferred' | 'personal-required') =>
      Identities.open({ policy, encryptionKey, store, itflowForKey: (k) => shared.forKey(k), logger: silentLogger });
    const key = sandbox.createUserKey({ name: 'Pia Personal', clientIds: [2], level: 1 });
    await keys.connect('aad-pia', key);
    const preferred = await open('personal-preferred');
    const required = await open('personal-required');
    const pia = await required.actingFor('aad-pia');
    expect(pia.kind === 'personal' && [...pia.identity.clientIds]).toEqual([2]);
    expect(await preferred.actingFor('aad-nobody')).toEqual({ kind: 'shared' });
    expect(await required.actingFor('aad-nobody')).toEqual({ kind: 'connect-first', because: 'not-connected' });
    expect(await required.actingFor(undefined)).toEqual({ kind: 'connect-first', because: 'not-connected' });
    await keys.markRefused('aad-pia');
    expect(await preferred.actingFor('aad-pia')).toEqual({ kind: 'connect-first', because: 'refused' });
    await expect(Identities.open({ policy: 'personal-required', encryptionKey: randomBytes(32), store, itflowForKey: (k) => shared.forKey(k), logger: silentLogger })).rejects.toThrow(
      WrongEncryptionKeyError,
    );
  });
});

describe('at start-up', () => {
  it('the app refuses to start with another TOKEN_ENCRYPTION_KEY than the stored keys were sealed with, naming only the variable', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'itflow-identity-app-'));
    const env = (key: Buffer) => ({ PORT: '0', SANDBOX_PORT: '0', SANDBOX_DATA_DIR: dataDir, DATA_DIR: dataDir, PLAYGROUND: 'off', ITFLOW_IDENTITY: 'personal-required', TOKEN_ENCRYPTION_KEY: key.toString('hex') });
    try {
      const first = randomBytes(32);
      const app = await startApp(loadConfig(env(first)), silentLogger);
      expect(app.identities.policy).toBe('personal-required');
      await app.close();
      const other = randomBytes(32);
      const failure = await startApp(loadConfig(env(other)), silentLogger).then(
        (started) => started.close().then(() => null),
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(WrongEncryptionKeyError);
      expect(String(failure)).not.toContain(other.toString('hex'));
      const again = await startApp(loadConfig(env(first)), silentLogger);
      await again.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
