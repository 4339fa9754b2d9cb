import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SANDBOX_DB_FILE, startSandbox, type Sandbox } from '../../src/sandbox/sandbox';

/** The sandbox's storage: persistence across restarts, stable keys, bulk synthetic data, raw edits. */

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'itflow-sandbox-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function post(sandbox: Sandbox, file: string, body: Record<string, unknown>): Promise<unknown> {
  const response = await fetch(`${sandbox.url}/api/v1/contacts/${file}`, { method: 'POST', body: JSON.stringify({ api_key: sandbox.adminKey, ...body }) });
  return response.json();
}

async function readContact(sandbox: Sandbox, key: string, id: number): Promise<unknown> {
  const response = await fetch(`${sandbox.url}/api/v1/contacts/read.php?api_key=${key}&contact_id=${id}`);
  return response.json();
}

describe('persistence', () => {
  test('data and keys survive a restart, and an existing database is never reseeded', async () => {
    const dataDir = path.join(tempDir(), 'nested', 'data');
    const first = await startSandbox({ dataDir, seed: 'demo' });
    const seeded = first.store.countContacts();
    const created = (await post(first, 'create.php', { client_id: 2, contact_name: 'Persisted Person', contact_email: 'persisted@globex.example' })) as {
      data: [{ insert_id: number }];
    };
    const id = created.data[0].insert_id;
    expect(await post(first, 'update.php', { client_id: 2, contact_id: id, contact_title: 'Survivor' })).toEqual({ success: 'True', count: 1 });
    const rowBefore = first.store.getContactRow(id);
    const keys = { admin: first.adminKey, restricted: first.restrictedKey, client: first.restrictedClientId };
    await first.close();
    expect(existsSync(path.join(dataDir, SANDBOX_DB_FILE))).toBe(true);

    const second = await startSandbox({ dataDir, seed: 'fixtures' });
    try {
      expect({ admin: second.adminKey, restricted: second.restrictedKey, client: second.restrictedClientId }).toEqual(keys);
      expect(second.store.countContacts()).toBe(seeded + 1);
      expect(second.store.getContactRow(id)).toEqual(rowBefore);
      expect(rowBefore).toMatchObject({ contact_name: 'Persisted Person', contact_title: 'Survivor', contact_client_id: '2' });
      expect(await readContact(second, second.adminKey, id)).toMatchObject({ success: 'True', count: 1 });
    } finally {
      await second.close();
    }
  });

  test('an in-memory sandbox starts fresh with new random keys each time', async () => {
    const a = await startSandbox({ seed: 'none' });
    const b = await startSandbox({ seed: 'none' });
    try {
      expect(a.adminKey).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(a.restrictedKey).toMatch(/^[A-Za-z0-9]{32}$/);
      expect(new Set([a.adminKey, a.restrictedKey, b.adminKey, b.restrictedKey]).size).toBe(4);
      expect(a.store.countContacts()).toBe(0);
      expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test('close() can be called twice', async () => {
    const sandbox = await startSandbox({ seed: 'none' });
    await sandbox.close();
    await expect(sandbox.close()).resolves.toBeUndefined();
  });
});

describe('insertSyntheticContacts', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'fixtures' });
  });
  afterAll(() => sandbox.close());

  test('adds exactly n contacts and about n/200 clients, readable through the API in id order', async () => {
    const before = sandbox.store.countContacts();
    const result = sandbox.store.insertSyntheticContacts(2500, { seed: 3 });
    expect(result).toEqual({ contacts: 2500, clients: 13, locations: 26, firstContactId: before + 1, lastContactId: before + 2500 });
    expect(sandbox.store.countContacts()).toBe(before + 2500);

    const page = (await (await fetch(`${sandbox.url}/api/v1/contacts/read.php?api_key=${sandbox.adminKey}&limit=1000&offset=2000`)).json()) as {
      count: number;
      data: { contact_id: string }[];
    };
    expect(page.count).toBe(before + 2500 - 2000);
    expect(page.data.map((r) => Number(r.contact_id))).toEqual(Array.from({ length: page.count }, (_, i) => 2001 + i));
  });

  test('synthetic contacts belong to new clients that have their locations', async () => {
    const { firstContactId } = sandbox.store.insertSyntheticContacts(10);
    const row = sandbox.store.getContactRow(firstContactId!)!;
    const location = (await (
      await fetch(`${sandbox.url}/api/v1/locations/read.php?api_key=${sandbox.adminKey}&location_id=${row.contact_location_id}`)
    ).json()) as { data: { location_client_id: string }[] };
    expect(location.data[0]!.location_client_id).toBe(row.contact_client_id);
  });
});

describe('getContactRow and updateContactRaw', () => {
  let clock = new Date(2026, 10, 27, 10, 0, 0);
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'fixtures', now: () => clock });
  });
  afterAll(() => sandbox.close());

  test('getContactRow returns the row as the API does, or null', async () => {
    const api = (await readContact(sandbox, sandbox.adminKey, 4)) as { data: unknown[] };
    expect(sandbox.store.getContactRow(4)).toEqual(api.data[0]);
    expect(sandbox.store.getContactRow(9999)).toBeNull();
  });

  test('a raw edit sets contact_updated_at like MySQL ON UPDATE, only when something changed', () => {
    clock = new Date(2026, 10, 27, 11, 30, 0);
    expect(sandbox.store.updateContactRaw(6, { contact_title: 'Changed in ITFlow' })).toBe(1);
    expect(sandbox.store.getContactRow(6)).toMatchObject({ contact_title: 'Changed in ITFlow', contact_updated_at: '2026-11-27 11:30:00' });

    clock = new Date(2026, 10, 27, 12, 0, 0);
    expect(sandbox.store.updateContactRaw(6, { contact_title: 'Changed in ITFlow', contact_primary: '1' })).toBe(0);
    expect(sandbox.store.getContactRow(6)!.contact_updated_at).toBe('2026-11-27 11:30:00');

    expect(sandbox.store.updateContactRaw(6, { contact_notes: 'x', contact_updated_at: '2020-01-01 00:00:00' })).toBe(1);
    expect(sandbox.store.getContactRow(6)!.contact_updated_at).toBe('2020-01-01 00:00:00');
  });

  test('a raw edit rejects unknown columns and ignores missing contacts', () => {
    expect(() => sandbox.store.updateContactRaw(6, { ['contact_name = 1; --' as 'contact_name']: 'x' })).toThrow(RangeError);
    expect(sandbox.store.updateContactRaw(9999, { contact_title: 'x' })).toBe(0);
  });
});
