import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';

/**
 * The sandbox's tickets, ticket replies and assets beyond the recorded exchanges (72–99 replay in
 * sandbox-fixture-replay / sandbox-legacy-replay): what ITFlow's source does where nothing was recorded,
 * hostile input, and the demo data. Over HTTP, with the sandbox's database checked afterwards.
 */

type Row = Record<string, string | null>;
interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  rows: Row[];
  message: string | null;
}

function api(sandbox: () => Sandbox) {
  const send = async (method: string, path: string, init: { query?: Record<string, string>; body?: unknown } = {}): Promise<Answer> => {
    const search = new URLSearchParams(init.query ?? {}).toString();
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    const response = await fetch(`${sandbox().url}${path}${search === '' ? '' : `?${search}`}`, { method, body });
    const text = await response.text();
    let parsed: { data?: Row[]; message?: string } = {};
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      // Not JSON: an HTML page or an empty 500.
    }
    return { status: response.status, contentType: response.headers.get('content-type'), text, rows: parsed.data ?? [], message: parsed.message ?? null };
  };
  return {
    send,
    read: (resource: string, query: Record<string, string> = {}, key = sandbox().adminKey) =>
      send('GET', `/api/v1/${resource}/read.php`, { query: { api_key: key, ...query } }),
    createTicket: (fields: Record<string, unknown>, key = sandbox().adminKey) => send('POST', '/api/v1/tickets/create.php', { body: { api_key: key, ...fields } }),
  };
}

/** A GET whose request target goes on the wire exactly as given. */
function rawGet(base: string, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/`, { path: target }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('error', reject);
    req.end();
  });
}

const ids = (answer: Answer, column: string) => answer.rows.map((r) => Number(r[column]));

describe('latest: tickets, replies and assets as ITFlow v26.08 answers them', () => {
  let sandbox: Sandbox;
  const http = api(() => sandbox);
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'fixtures' });
  });
  afterAll(() => sandbox.close());

  test('a ticket of no client (created without client_id) stays visible to a restricted key, as clientScopeSql keeps client 0', async () => {
    const created = await http.createTicket({ ticket_subject: 'No client given' });
    const id = Number(created.rows[0]?.insert_id);
    expect(sandbox.tickets.ticketRecord(id)).toMatchObject({ ticket_client_id: 0, ticket_contact_id: 0, ticket_status: 1, ticket_source: 'API' });
    const restricted = await http.read('tickets', {}, sandbox.restrictedKey);
    expect(ids(restricted, 'ticket_id')).toEqual([1, 2, 4, 6, 8, 11, id]);
    expect(ids(await http.read('tickets', { ticket_id: String(id) }, sandbox.restrictedKey), 'ticket_id')).toEqual([id]);
  });

  test('the by-id read adds the status row; the list does not', async () => {
    const [byId] = (await http.read('tickets', { ticket_id: '4' })).rows;
    expect(byId).toMatchObject({ ticket_status: '3', ticket_status_id: '3', ticket_status_name: 'On Hold', ticket_status_color: '#28a745', ticket_status_active: '1' });
    const [listed] = (await http.read('tickets', { limit: '1', offset: '3' })).rows;
    expect(listed?.ticket_id).toBe('4');
    expect(Object.keys(listed ?? {}).filter((k) => k.startsWith('ticket_status_'))).toEqual([]);
  });

  test('replies: archived ones only with include_archived, one type with type (any case), one reply by id, other clients never', async () => {
    expect(ids(await http.read('ticket_replies', { ticket_id: '5', include_archived: '1' }), 'ticket_reply_id')).toEqual([4, 5, 6]);
    expect(ids(await http.read('ticket_replies', { ticket_id: '5', include_archived: '0' }), 'ticket_reply_id')).toEqual([4, 5]);
    expect(ids(await http.read('ticket_replies', { type: 'iNtErNaL' }), 'ticket_reply_id')).toEqual([3, 5]);
    expect(ids(await http.read('ticket_replies', { type: 'nonsense' }), 'ticket_reply_id')).toEqual([1, 2, 3, 4, 5, 7]);
    expect(ids(await http.read('ticket_replies', { limit: '2', offset: '1' }), 'ticket_reply_id')).toEqual([2, 3]);
    const [client] = (await http.read('ticket_replies', { ticket_reply_id: '2' })).rows;
    expect(client).toMatchObject({ ticket_reply_type: 'Client', ticket_reply_by_name: 'Sally Smith', ticket_number: '1', ticket_client_id: '1' });
    expect((await http.read('ticket_replies', { ticket_reply_id: '4' }, sandbox.restrictedKey)).message).toMatch(/^No resource/);
  });

  test('assets: exact case-insensitive lookups by name, type and serial; a MAC lookup joins the primary interface', async () => {
    expect(ids(await http.read('assets', { asset_name: 'acme-lt-001' }), 'asset_id')).toEqual([1]);
    expect(ids(await http.read('assets', { asset_type: 'laptop' }), 'asset_id')).toEqual([1, 4]);
    expect(ids(await http.read('assets', { asset_type: 'laptop' }, sandbox.restrictedKey), 'asset_id')).toEqual([1]);
    expect(ids(await http.read('assets', { asset_serial: 'FGT60F-ACME01' }), 'asset_id')).toEqual([3]);
    sandbox.tickets.insertInterface({ interface_name: 'eth0', interface_mac: 'AA:BB:CC:00:11:22', interface_primary: 1, interface_asset_id: 2, interface_created_at: sandbox.store.timestamp() });
    const [byMac] = (await http.read('assets', { asset_mac: 'aa:bb:cc:00:11:22' })).rows;
    expect(byMac).toMatchObject({ asset_id: '2', interface_name: 'eth0', interface_asset_id: '2' });
    expect(byMac).not.toHaveProperty('interface_port');
    const listed = (await http.read('assets')).rows;
    expect(listed.map((r) => r.interface_name)).toEqual([null, 'eth0', null, null, null]);
    expect(Object.keys((await http.read('assets', { asset_id: '2' })).rows[0] ?? {}).some((k) => k.startsWith('interface_'))).toBe(false);
  });

  test('create: HTML kept in details with "<br>" appended, tags stripped from the subject, the primary contact filled in', async () => {
    const created = await http.createTicket({ client_id: 2, ticket_subject: '  <b>Printer</b> offline ', ticket_details: '<p>Since 9am</p>', ticket_priority: 'High' });
    const row = sandbox.tickets.ticketRecord(Number(created.rows[0]?.insert_id));
    expect(row).toMatchObject({ ticket_subject: 'Printer offline', ticket_details: '<p>Since 9am</p><br>', ticket_priority: 'High', ticket_contact_id: 6, ticket_client_id: 2 });
    expect(row?.ticket_url_key).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  test('create answers 500 with an empty body where the PHP/MariaDB stack fails (subject over 500 characters, array or object given), storing nothing', async () => {
    const before = sandbox.tickets.maxTicketId();
    for (const subject of ['x'.repeat(501), ['array'], { an: 'object' }]) {
      const answer = await http.createTicket({ client_id: 1, ticket_subject: subject });
      expect([answer.status, answer.text]).toEqual([500, '']);
    }
    const zero = await http.createTicket({ client_id: 1, ticket_subject: '0' });
    expect(zero.message).toMatch(/insert query failed/);
    expect(sandbox.tickets.maxTicketId()).toBe(before);
  });

  test("a read-only key cannot create tickets, and another client's create is refused before anything is written", async () => {
    const readOnly = sandbox.store.addApiKey({ name: 'tickets-read-only', clientId: 0, accessLevel: 1 });
    const before = sandbox.tickets.maxTicketId();
    expect((await http.createTicket({ client_id: 1, ticket_subject: 'x' }, readOnly)).status).toBe(403);
    expect((await http.createTicket({ client_id: 2, ticket_subject: 'x' }, sandbox.restrictedKey)).status).toBe(403);
    expect((await http.send('GET', '/api/v1/tickets/create.php', { query: { api_key: sandbox.adminKey } })).status).toBe(405);
    expect(sandbox.tickets.maxTicketId()).toBe(before);
  });
});

describe('legacy: the late-2024 tickets and assets', () => {
  let sandbox: Sandbox;
  const http = api(() => sandbox);
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'fixtures', flavor: 'legacy' });
  });
  afterAll(() => sandbox.close());

  test('a ticket created through the API has the text status "Open", so its by-id read joins no status row', async () => {
    const created = await http.createTicket({ client_id: 1, ticket_subject: 'Legacy <i>ticket</i>', ticket_details: '<p>Details</p>' });
    const id = String(created.rows[0]?.insert_id);
    const [row] = (await http.read('tickets', { ticket_id: id })).rows;
    expect(row).toMatchObject({ ticket_status: 'Open', '8': 'Open', ticket_status_id: null, ticket_status_name: null, ticket_details: 'Details', ticket_subject: 'Legacy ticket' });
    expect(row).toMatchObject({ ticket_source: null, ticket_url_key: null, ticket_contact_id: '1' });
  });

  test('assets call the favourite flag asset_important and interfaces have a port', async () => {
    const [asset] = (await http.read('assets', { asset_id: '3' })).rows;
    expect(asset).toMatchObject({ asset_important: '1', '17': '1' });
    expect(asset).not.toHaveProperty('asset_favorite');
    const [listed] = (await http.read('assets', { limit: '1' })).rows;
    expect(listed).toHaveProperty('interface_port', null);
    expect(listed).not.toHaveProperty('interface_description');
  });

  test('ticket_replies does not exist: PHP\'s 404 page, which echoes the request target escaped', async () => {
    const answer = await http.send('GET', '/api/v1/ticket_replies/read.php', { query: { ticket_id: '1', q: '<script>"x"</script>' } });
    expect(answer.status).toBe(404);
    expect(answer.contentType).toMatch(/^text\/html/);
    expect(answer.text).toContain('/api/v1/ticket_replies/read.php?ticket_id=1&amp;q=%3Cscript%3E%22x%22%3C%2Fscript%3E');
    // Sent as is (fetch would percent-encode it): the page must not carry live markup.
    expect(await rawGet(sandbox.url, `/nope.php?a=<b>&c="'&d=&amp;`)).toContain('/nope.php?a=&lt;b&gt;&amp;c=&quot;&#039;&amp;d=&amp;</code>');
  });
});

describe('demo data', () => {
  let sandbox: Sandbox;
  const http = api(() => sandbox);
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'demo' });
  });
  afterAll(() => sandbox.close());

  test('demo contacts at every client have open tickets, next to resolved and closed ones, numbered in creation order', async () => {
    const tickets = (await http.read('tickets', { limit: '100' })).rows;
    const open = tickets.filter((t) => ['1', '2', '3'].includes(t.ticket_status ?? '') && t.ticket_resolved_at === null);
    expect(new Set(open.map((t) => t.ticket_client_id))).toEqual(new Set(['1', '2', '3', '4']));
    expect(tickets.filter((t) => t.ticket_status === '4' || t.ticket_status === '5').every((t) => t.ticket_resolved_at !== null)).toBe(true);
    expect(tickets.map((t) => Number(t.ticket_number))).toEqual(tickets.map((_, i) => i + 1));
    const created = tickets.map((t) => t.ticket_created_at ?? '');
    expect(created).toEqual([...created].sort());
    const sally = (await http.read('contacts', { contact_email: 'sally@acme.example' })).rows[0];
    expect(open.filter((t) => t.ticket_contact_id === sally?.contact_id).length).toBeGreaterThanOrEqual(2);
  });
});

describe('a sandbox database from before tickets existed', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-tickets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('gains the ticket tables (empty, with the built-in statuses) and keeps its contacts', async () => {
    const first = await startSandbox({ dataDir: dir, seed: 'fixtures' });
    for (const table of ['tickets', 'ticket_statuses', 'ticket_replies', 'assets', 'asset_interfaces', 'users', 'settings']) {
      first.store.connection.exec(`DROP TABLE ${table}`);
    }
    await first.close();

    const reopened = await startSandbox({ dataDir: dir, seed: 'fixtures' });
    const http = api(() => reopened);
    try {
      expect(reopened.store.countContacts()).toBe(10);
      expect((await http.read('tickets')).message).toMatch(/^No resource/);
      const created = await http.createTicket({ client_id: 1, ticket_subject: 'First ticket' });
      const [row] = (await http.read('tickets', { ticket_id: String(created.rows[0]?.insert_id) })).rows;
      expect(row).toMatchObject({ ticket_number: '1', ticket_prefix: 'TCK-', ticket_status_name: 'New', ticket_contact_id: '1' });
    } finally {
      await reopened.close();
    }
  });
});
