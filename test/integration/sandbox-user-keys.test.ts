import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { loadExchange } from '../support/fixtures';

/**
 * v26.08's user-bound keys in the sandbox: a user granted several clients reads exactly those, a role without
 * contact write is refused with the recorded 403, a write to a client the user was not granted is refused with
 * the other recorded 403, a revoked key answers the recorded 401, and the request log names the key's user
 * (never its secret). The fixture lab has clients 1 (Acme) and 2 (Globex); a third client is added here.
 */

type Rows = { success: string; count?: number; data?: Record<string, string | null>[]; message?: string };

let sandbox: Sandbox;
let thirdClient: number;

async function call(method: 'GET' | 'POST', path: string, key: string, fields: Record<string, string | number> = {}) {
  const url = new URL(`${sandbox.url}/api/v1/${path}`);
  let body: string | undefined;
  if (method === 'GET') {
    url.searchParams.set('api_key', key);
    for (const [name, value] of Object.entries(fields)) url.searchParams.set(name, String(value));
  } else {
    body = JSON.stringify({ api_key: key, ...fields });
  }
  const response = await fetch(url, { method, body, headers: body === undefined ? {} : { 'content-type': 'application/json' } });
  const text = await response.text();
  return { status: response.status, text, body: text === '' ? null : (JSON.parse(text) as Rows) };
}

const ids = (rows: Rows | null, column: string) => (rows?.data ?? []).map((row) => Number(row[column])).sort((a, b) => a - b);
const recordedBody = (file: string) => loadExchange(file).response.body;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'fixtures' });
  const added = sandbox.store.insertSyntheticContacts(4, { clients: 1 });
  thirdClient = Number(sandbox.store.getContactRow(added.firstContactId!)!.contact_client_id);
});
afterAll(() => sandbox.close());

describe('a user granted several clients', () => {
  let key: string;
  beforeAll(() => {
    key = sandbox.createUserKey({ name: 'Casey Contractor', clientIds: [1, thirdClient], level: 2 });
  });

  test('reads the contacts, clients and locations of exactly those clients', async () => {
    const everyone = await call('GET', 'contacts/read.php', sandbox.adminKey, { limit: 500 });
    const expected = (everyone.body?.data ?? []).filter((row) => [1, thirdClient].includes(Number(row.contact_client_id))).map((row) => Number(row.contact_id));
    expect(expected.length).toBeGreaterThan(4);
    expect(ids((await call('GET', 'contacts/read.php', key, { limit: 500 })).body, 'contact_id')).toEqual(expected.sort((a, b) => a - b));
    expect(ids((await call('GET', 'clients/read.php', key)).body, 'client_id')).toEqual([1, thirdClient]);
    const locations = (await call('GET', 'locations/read.php', key, { limit: 500 })).body?.data ?? [];
    expect(new Set(locations.map((row) => Number(row.location_client_id)))).toEqual(new Set([1, thirdClient]));
  });

  test('does not read a contact of a client it was not granted, by id, email or list', async () => {
    expect((await call('GET', 'contacts/read.php', key, { contact_id: 6 })).body?.data).toBeUndefined();
    expect((await call('GET', 'contacts/read.php', key, { contact_email: 'sally.jones@globex.example' })).body?.data).toBeUndefined();
    expect((await call('GET', 'contacts/read.php', sandbox.adminKey, { contact_id: 6 })).body?.data).toHaveLength(1);
  });

  test('sees tickets of its clients and of no client, not of others', async () => {
    const tickets = (await call('GET', 'tickets/read.php', key, { limit: 500 })).body?.data ?? [];
    expect(tickets.length).toBeGreaterThan(0);
    expect(tickets.every((row) => [0, 1, thirdClient].includes(Number(row.ticket_client_id)))).toBe(true);
  });

  test('writes in a granted client; a write for another client is the recorded 403', async () => {
    const created = await call('POST', 'contacts/create.php', key, { client_id: thirdClient, contact_name: 'Casey Added', contact_email: 'casey.added@example.com' });
    expect(created.body?.success).toBe('True');
    const refused = await call('POST', 'contacts/create.php', key, { client_id: 2, contact_name: 'Rita Was Here', contact_email: 'rita.was.here@globex.example' });
    expect([refused.status, refused.text]).toEqual([403, recordedBody('latest-32-restricted-create-other-client.txt')]);
    const update = await call('POST', 'contacts/update.php', key, { client_id: 2, contact_id: 6, contact_title: 'Changed' });
    expect([update.status, update.text]).toEqual([403, recordedBody('latest-32-restricted-create-other-client.txt')]);
    expect(sandbox.store.getContactRow(6)!.contact_title).not.toBe('Changed');
  });
});

describe('roles', () => {
  test('a read-only role reads but every write is the recorded 403, before any client check', async () => {
    const key = sandbox.createUserKey({ name: 'Rory Readonly', clientIds: [1], level: 1 });
    expect(ids((await call('GET', 'contacts/read.php', key, { contact_id: 1 })).body, 'contact_id')).toEqual([1]);
    const forbidden = recordedBody('latest-65-restricted-delete-own-client.txt');
    for (const [file, fields] of [
      ['contacts/update.php', { client_id: 1, contact_id: 1, contact_title: 'Changed' }],
      ['contacts/update.php', { client_id: 2, contact_id: 6, contact_title: 'Changed' }],
      ['contacts/create.php', { client_id: 1, contact_name: 'Nope', contact_email: 'nope@acme.example' }],
    ] as const) {
      const answer = await call('POST', file, key, fields);
      expect([file, answer.status, answer.text]).toEqual([file, 403, forbidden]);
    }
    expect(sandbox.store.getContactRow(1)!.contact_title).not.toBe('Changed');
  });

  test('an update of contact 0 in a granted client tells a writer (200 "no rows changed") from a reader (403) and changes nothing', async () => {
    const before = JSON.stringify((await call('GET', 'contacts/read.php', sandbox.adminKey, { limit: 500 })).body);
    const writer = sandbox.createUserKey({ name: 'Wren Writer', clientIds: [2], level: 2 });
    const reader = sandbox.createUserKey({ name: 'Reed Reader', clientIds: [2], level: 1 });
    const allowed = await call('POST', 'contacts/update.php', writer, { client_id: 2, contact_id: 0 });
    expect([allowed.status, allowed.body?.success]).toEqual([200, 'False']);
    expect(allowed.body?.message).toMatch(/no rows changed/);
    const denied = await call('POST', 'contacts/update.php', reader, { client_id: 2, contact_id: 0 });
    expect([denied.status, denied.text]).toEqual([403, recordedBody('latest-65-restricted-delete-own-client.txt')]);
    expect(JSON.stringify((await call('GET', 'contacts/read.php', sandbox.adminKey, { limit: 500 })).body)).toBe(before);
  });
});

describe('revocation and the request log', () => {
  test('a revoked key answers the recorded 401 from then on', async () => {
    const key = sandbox.createUserKey({ name: 'Leaving Lee', clientIds: [], level: 2 });
    expect((await call('GET', 'contacts/read.php', key, { contact_id: 1 })).status).toBe(200);
    sandbox.revokeKey('Leaving Lee');
    const refused = await call('GET', 'contacts/read.php', key, { contact_id: 1 });
    expect([refused.status, refused.text]).toEqual([401, recordedBody('latest-13-read-wrong-api-key.txt')]);
    expect(() => sandbox.revokeKey('Leaving Lee')).toThrow(/no sandbox key/);
  });

  test('names the key of each request by its user, null for none or an unknown one, never the secret', async () => {
    const key = sandbox.createUserKey({ name: 'Logan Logged', clientIds: [1], level: 2 });
    sandbox.requestLog.clear();
    await call('GET', 'contacts/read.php', key, { contact_id: 1 });
    await call('POST', 'contacts/update.php', key.toLowerCase(), { client_id: 1, contact_id: 1, contact_title: 'Logged Title' });
    await call('GET', 'contacts/read.php', 'NotAKey0000000000000000000000000', { contact_id: 1 });
    await fetch(`${sandbox.url}/api/v1/contacts/read.php`);
    expect(sandbox.requestLog.entries()).toEqual([
      { method: 'GET', path: '/api/v1/contacts/read.php', keyName: 'Logan Logged', status: 200 },
      { method: 'POST', path: '/api/v1/contacts/update.php', keyName: 'Logan Logged', status: 200 },
      { method: 'GET', path: '/api/v1/contacts/read.php', keyName: null, status: 401 },
      { method: 'GET', path: '/api/v1/contacts/read.php', keyName: null, status: 401 },
    ]);
    expect(JSON.stringify(sandbox.requestLog.entries())).not.toContain(key);
  });

  test('the legacy flavor binds a key to one client at most', async () => {
    const legacy = await startSandbox({ flavor: 'legacy', seed: 'fixtures' });
    try {
      expect(() => legacy.createUserKey({ name: 'Two Clients', clientIds: [1, 2], level: 2 })).toThrow(/one client/);
      const key = legacy.createUserKey({ name: 'One Client', clientIds: [2], level: 2 });
      const rows = await fetch(`${legacy.url}/api/v1/contacts/read.php?api_key=${key}&limit=100`).then((r) => r.json() as Promise<Rows>);
      expect(new Set((rows.data ?? []).map((row) => row.contact_client_id))).toEqual(new Set(['2']));
    } finally {
      await legacy.close();
    }
  });
});
