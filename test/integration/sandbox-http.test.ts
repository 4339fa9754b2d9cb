import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';

/**
 * The sandbox's HTTP behaviour beyond the recorded exchanges: input cleaning, write semantics, key scopes,
 * edge statuses, fault injection and the demo data. Each describe block gets its own in-memory sandbox.
 */

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  body: unknown;
}

type Rows = { success: string; count: number; data: Record<string, string | null>[] };

function client(sandbox: () => Sandbox) {
  const send = async (method: string, path: string, options: { query?: Record<string, string>; body?: string; signal?: AbortSignal } = {}): Promise<Answer> => {
    const search = new URLSearchParams(options.query ?? {}).toString();
    const response = await fetch(`${sandbox().url}${path}${search === '' ? '' : `?${search}`}`, { method, body: options.body, signal: options.signal });
    const text = await response.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    return { status: response.status, contentType: response.headers.get('content-type'), text, body };
  };
  return {
    send,
    read: (resource: string, query: Record<string, string>, key = sandbox().adminKey) =>
      send('GET', `/api/v1/${resource}/read.php`, { query: { api_key: key, ...query } }),
    write: (file: string, fields: Record<string, unknown>, key = sandbox().adminKey) =>
      send('POST', `/api/v1/contacts/${file}`, { body: JSON.stringify({ api_key: key, ...fields }) }),
  };
}

const rows = (answer: Answer) => (answer.body as Rows).data;

describe('writes clean their input like ITFlow', () => {
  let sandbox: Sandbox;
  const api = client(() => sandbox);
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'fixtures' });
  });
  afterAll(() => sandbox.close());

  test('create trims text, strips HTML tags and keeps only digits in phone, extension and mobile', async () => {
    const created = await api.write('create.php', {
      client_id: 1,
      contact_name: '  <b>Zoë</b> <script>x</script>Müller ',
      contact_title: '<i>Head</i> of <a href="#">R&D</a>',
      contact_department: ' Research ',
      contact_email: ' zoe@acme.example ',
      contact_phone: '+1 (555) 101-0100',
      contact_extension: 'ext. 42',
      contact_mobile: '555.901.7777',
      contact_notes: 'Likes <em>tea</em> & "biscuits"',
      contact_location_id: '2',
    });
    expect(created.body).toMatchObject({ success: 'True', count: '1' });
    const id = (created.body as { data: [{ insert_id: number }] }).data[0].insert_id;
    expect(sandbox.store.getContactRow(id)).toMatchObject({
      contact_name: 'Zoë xMüller',
      contact_title: 'Head of R&D',
      contact_department: 'Research',
      contact_email: 'zoe@acme.example',
      contact_phone: '15551010100',
      contact_extension: '42',
      contact_mobile: '5559017777',
      contact_notes: 'Likes tea & "biscuits"',
      contact_location_id: '2',
      contact_phone_country_code: null,
      contact_updated_at: null,
    });
  });

  test('update cleans the same way and leaves omitted fields alone', async () => {
    const before = sandbox.store.getContactRow(8)!;
    expect((await api.write('update.php', { client_id: 2, contact_id: 8, contact_title: ' <u>Lead</u> Engineer ', contact_mobile: '(555) 902-9999' })).body).toEqual({
      success: 'True',
      count: 1,
    });
    const after = sandbox.store.getContactRow(8)!;
    expect(after).toEqual({ ...before, contact_title: 'Lead Engineer', contact_mobile: '5559029999', contact_updated_at: after.contact_updated_at });
    expect(after.contact_updated_at).not.toBeNull();
  });

  test('a name or email that is empty after cleaning fails the create', async () => {
    const count = sandbox.store.countContacts();
    const answers = await Promise.all([
      api.write('create.php', { client_id: 1, contact_name: '<b></b>', contact_email: 'empty@acme.example' }),
      api.write('create.php', { client_id: 1, contact_name: 'Zero', contact_email: '0' }),
    ]);
    for (const answer of answers) expect(answer.body).toMatchObject({ success: 'False' });
    expect(sandbox.store.countContacts()).toBe(count);
  });

  test('the duplicate-email check ignores case and accents, within one client only', async () => {
    const dup = await api.write('create.php', { client_id: 1, contact_name: 'Dup', contact_email: 'SALLY@ACME.EXAMPLE' });
    expect(dup.body).toMatchObject({ success: 'False' });
    const other = await api.write('create.php', { client_id: 2, contact_name: 'Dup', contact_email: 'SALLY@ACME.EXAMPLE' });
    expect(other.body).toMatchObject({ success: 'True' });
  });

  test('values too long for their column are an SQL error: 500 with an empty body', async () => {
    const answer = await api.write('create.php', { client_id: 1, contact_name: 'x'.repeat(201), contact_email: 'long@acme.example' });
    expect({ status: answer.status, text: answer.text, type: answer.contentType }).toEqual({ status: 500, text: '', type: 'application/json' });
  });
});

describe('write semantics', () => {
  let sandbox: Sandbox;
  const api = client(() => sandbox);
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'fixtures' });
  });
  afterAll(() => sandbox.close());

  test('an update that changes nothing answers False and leaves contact_updated_at alone', async () => {
    const before = sandbox.store.getContactRow(9);
    const answer = await api.write('update.php', { client_id: 2, contact_id: 9, contact_name: 'Maria Garcia', contact_phone: '555-202-0100' });
    expect(answer.body).toMatchObject({ success: 'False' });
    expect(sandbox.store.getContactRow(9)).toEqual(before);
  });

  test('contact_primary=1 clears the client’s primary flags even when the update itself matches nothing', async () => {
    expect(sandbox.store.getContactRow(6)!.contact_primary).toBe('1');
    const answer = await api.write('update.php', { client_id: 2, contact_id: 1, contact_primary: 1 });
    expect(answer.body).toMatchObject({ success: 'False' });
    expect(sandbox.store.getContactRow(6)).toMatchObject({ contact_primary: '0' });
    expect(sandbox.store.getContactRow(6)!.contact_updated_at).not.toBeNull();
    expect(sandbox.store.getContactRow(1)!.contact_primary).toBe('1');
  });

  test('an unchanged update of a primary contact still answers True: ITFlow clears the flag, then sets it again', async () => {
    sandbox.store.updateContactRaw(7, { contact_primary: 1, contact_updated_at: null });
    const answer = await api.write('update.php', { client_id: 2, contact_id: 7, contact_name: 'Hank Scorpio' });
    expect(answer.body).toEqual({ success: 'True', count: 1 });
    expect(sandbox.store.getContactRow(7)).toMatchObject({ contact_primary: '1', contact_name: 'Hank Scorpio' });
    expect(sandbox.store.getContactRow(7)!.contact_updated_at).not.toBeNull();
  });

  test('archive clears important/billing/technical, reads still return the contact, unarchive keeps the flags cleared', async () => {
    expect((await api.write('archive.php', { client_id: 1, contact_id: 1 })).body).toEqual({ success: 'True', count: 1 });
    const archived = rows(await api.read('contacts', { contact_id: '1' }))[0]!;
    expect(archived).toMatchObject({ contact_important: '0', contact_billing: '0', contact_technical: '0', contact_primary: '1' });
    expect(archived.contact_archived_at).not.toBeNull();
    expect(rows(await api.read('contacts', { contact_email: 'sally@acme.example' })).map((r) => r.contact_id)).toEqual(['1']);

    expect((await api.write('unarchive.php', { client_id: 1, contact_id: 1 })).body).toEqual({ success: 'True', count: 1 });
    expect(sandbox.store.getContactRow(1)).toMatchObject({ contact_archived_at: null, contact_important: '0', contact_billing: '0' });
    expect((await api.write('unarchive.php', { client_id: 1, contact_id: 1 })).body).toMatchObject({ success: 'False' });
  });

  test('delete removes the contact of that client only', async () => {
    expect((await api.write('delete.php', { client_id: 1, contact_id: 10 })).body).toMatchObject({ success: 'False' });
    expect((await api.write('delete.php', { client_id: 2, contact_id: 10 })).body).toEqual({ success: 'True', count: 1 });
    expect(sandbox.store.getContactRow(10)).toBeNull();
  });
});

describe('reads and key scopes', () => {
  let sandbox: Sandbox;
  const api = client(() => sandbox);
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'fixtures' });
  });
  afterAll(() => sandbox.close());

  test('email lookups ignore case and accents; phone lookups need the exact stored digits', async () => {
    sandbox.store.updateContactRaw(7, { contact_email: 'hänk.scorpio@globex.example' });
    expect(rows(await api.read('contacts', { contact_email: 'HANK.Scorpio@globex.example' })).map((r) => r.contact_id)).toEqual(['7']);
    expect(rows(await api.read('contacts', { contact_phone_or_mobile: '5559020202' })).map((r) => r.contact_id)).toEqual(['7']);
    expect((await api.read('contacts', { contact_phone_or_mobile: '555-902-0202' })).body).toMatchObject({ success: 'False' });
  });

  test('client_name lookups are exact but case- and accent-insensitive', async () => {
    sandbox.store.insertClient({ client_name: 'Café Müller', client_created_at: sandbox.store.timestamp() });
    expect(rows(await api.read('clients', { client_name: 'cafe muller' })).map((r) => r.client_name)).toEqual(['Café Müller']);
    expect((await api.read('clients', { client_name: 'Café' })).body).toMatchObject({ success: 'False' });
  });

  test('the restricted key sees only its client; client_id on reads widens nothing', async () => {
    const key = sandbox.restrictedKey;
    const contacts = rows(await api.read('contacts', { client_id: '2' }, key));
    expect(new Set(contacts.map((r) => r.contact_client_id))).toEqual(new Set([String(sandbox.restrictedClientId)]));
    expect(rows(await api.read('locations', {}, key)).map((r) => r.location_client_id)).toEqual(['1', '1']);
    expect((await api.read('locations', { location_id: '3' }, key)).body).toMatchObject({ success: 'False' });
    expect(rows(await api.read('clients', {}, key)).map((r) => r.client_id)).toEqual(['1']);
    expect((await api.read('clients', { client_name: 'Globex' }, key)).body).toMatchObject({ success: 'False' });
  });

  test('ITFlow’s phone-lookup leak: a restricted key reads another client’s contact by mobile, not by main line', async () => {
    const key = sandbox.restrictedKey;
    expect(rows(await api.read('contacts', { contact_phone_or_mobile: '5559020201' }, key))[0]).toMatchObject({ contact_id: '6', contact_client_id: '2' });
    expect((await api.read('contacts', { contact_phone_or_mobile: '5552020300' }, key)).body).toMatchObject({ success: 'False' });
  });

  test('the restricted key cannot write to another client, archive there, or delete at all', async () => {
    const key = sandbox.restrictedKey;
    const cases = await Promise.all([
      api.write('create.php', { client_id: 2, contact_name: 'X', contact_email: 'x@globex.example' }, key),
      api.write('update.php', { client_id: 2, contact_id: 6, contact_name: 'X' }, key),
      api.write('archive.php', { client_id: 2, contact_id: 6 }, key),
      api.write('delete.php', { client_id: 1, contact_id: 2 }, key),
    ]);
    expect(cases.map((c) => c.status)).toEqual([403, 403, 403, 403]);
    expect(sandbox.store.getContactRow(6)).toMatchObject({ contact_name: 'Sally Jones', contact_archived_at: null });
    expect(sandbox.store.getContactRow(2)).not.toBeNull();
  });

  test('limit and offset: 0 is an empty result, negative values a 500 with an empty body, junk reads as 0', async () => {
    expect((await api.read('contacts', { limit: '0' })).body).toMatchObject({ success: 'False' });
    const negative = await api.read('contacts', { offset: '-5' });
    expect([negative.status, negative.text]).toEqual([500, '']);
    expect((await api.read('contacts', { limit: '3abc' })).body).toMatchObject({ count: 3 });
    expect((await api.read('contacts', { limit: 'abc' })).body).toMatchObject({ success: 'False' });
  });
});

describe('protocol edges', () => {
  let sandbox: Sandbox;
  const api = client(() => sandbox);
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'fixtures', maxBodyBytes: 2048 });
  });
  afterAll(() => sandbox.close());

  test('unknown paths answer 404 like a PHP server, whatever the method', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const answer = await api.send(method, '/api/v1/contacts/search.php', { query: { api_key: sandbox.adminKey } });
      expect(answer.status).toBe(404);
      expect(answer.contentType).toMatch(/^text\/html/);
    }
  });

  test('a body over the limit is refused with 413', async () => {
    const answer = await api.write('create.php', { client_id: 1, contact_name: 'Big', contact_email: 'big@acme.example', contact_notes: 'x'.repeat(4096) });
    expect(answer.status).toBe(413);
    expect(sandbox.store.countContacts()).toBe(10);
  });

  test('every API answer is application/json, even empty and non-JSON ones', async () => {
    const answers = await Promise.all([
      api.send('GET', '/api/v1/contacts/read.php'),
      api.send('DELETE', '/api/v1/contacts/read.php', { query: { api_key: sandbox.adminKey } }),
      api.send('GET', '/api/v1/contacts/create.php', { query: { api_key: sandbox.adminKey } }),
      api.read('contacts', { api_key: 'nope' }),
    ]);
    expect(answers.map((a) => [a.status, a.contentType, a.text])).toEqual([
      [401, 'application/json', ''],
      [405, 'application/json', 'string(6) "DELETE"\n'],
      [405, 'application/json', '{"success":"False","message":"Can only send POST requests to this endpoint."}'],
      [401, 'application/json', '{"success":"False","message":"Authentication failed. API key is invalid or has expired."}'],
    ]);
  });

  test('a malformed JSON body counts as no body: without a key in the query it is a bare 401', async () => {
    const answer = await api.send('POST', '/api/v1/contacts/create.php', { body: '{"api_key":' });
    expect([answer.status, answer.text]).toEqual([401, '']);
  });
});

describe('fault injection', () => {
  let sandbox: Sandbox;
  const api = client(() => sandbox);
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'fixtures' });
  });
  afterAll(() => sandbox.close());
  afterEach(() => sandbox.faults.clear());

  test('error500 fails the next N requests to the given paths, then the server recovers', async () => {
    sandbox.faults.set({ mode: 'error500', paths: ['contacts/read.php'], count: 2 });
    expect((await api.read('clients', {})).status).toBe(200);
    const failed = [await api.read('contacts', {}), await api.read('contacts', {})];
    expect(failed.map((a) => [a.status, a.text])).toEqual([
      [500, ''],
      [500, ''],
    ]);
    expect((await api.read('contacts', {})).status).toBe(200);
  });

  test('garbage answers 200 with a body that is not JSON', async () => {
    sandbox.faults.set({ mode: 'garbage', count: 1 });
    const answer = await api.read('contacts', { contact_id: '1' });
    expect(answer.status).toBe(200);
    expect(answer.body).toBeNull();
    expect(answer.text.length).toBeGreaterThan(0);
  });

  test('unauthorized rejects even the right key until cleared', async () => {
    sandbox.faults.set({ mode: 'unauthorized' });
    expect((await api.read('contacts', {})).status).toBe(401);
    expect((await api.read('contacts', {})).status).toBe(401);
    sandbox.faults.set({ mode: 'none' });
    expect((await api.read('contacts', {})).status).toBe(200);
  });

  test('hang never answers (the caller has to give up), and only the faulted request hangs', async () => {
    sandbox.faults.set({ mode: 'hang', count: 1 });
    const controller = new AbortController();
    let settled = false;
    const hung = api.send('GET', '/api/v1/contacts/read.php', { query: { api_key: sandbox.adminKey }, signal: controller.signal });
    hung.then(
      () => (settled = true),
      () => undefined,
    );
    while (sandbox.faults.remaining() > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await api.read('contacts', { contact_id: '1' })).status).toBe(200);
    expect(settled).toBe(false);
    controller.abort();
    await expect(hung).rejects.toThrow();
  });
});

describe('demo seed', () => {
  let sandbox: Sandbox;
  const api = client(() => sandbox);
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'demo' });
  });
  afterAll(() => sandbox.close());

  test('has several clients with two locations each, and the restricted key is bound to Acme Corp', async () => {
    const clients = rows(await api.read('clients', {}));
    expect(clients.length).toBeGreaterThanOrEqual(3);
    const locations = rows(await api.read('locations', {}));
    for (const c of clients) expect(locations.filter((l) => l.location_client_id === c.client_id)).toHaveLength(2);
    expect(rows(await api.read('clients', {}, sandbox.restrictedKey)).map((c) => c.client_name)).toEqual(['Acme Corp']);
  });

  test('has at least 30 realistic contacts, including the names the bot must handle', async () => {
    const contacts = rows(await api.read('contacts', { limit: '500' }));
    expect(contacts.length).toBeGreaterThanOrEqual(30);
    const byName = new Map(contacts.map((c) => [c.contact_name, c]));
    const clientOf = async (name: string) => rows(await api.read('clients', { client_name: name }))[0]!.client_id;
    expect(byName.get('Sally Smith')!.contact_client_id).toBe(await clientOf('Acme Corp'));
    expect(byName.get('Sally Jones')!.contact_client_id).toBe(await clientOf('Globex'));
    for (const name of ["Marcus O'Brien", 'José Álvarez', 'Zoë Müller']) expect(byName.has(name)).toBe(true);

    const archived = contacts.filter((c) => c.contact_archived_at !== null);
    expect(archived.length).toBeGreaterThanOrEqual(2);
    expect(archived.length).toBeLessThanOrEqual(3);
    for (const flag of ['contact_primary', 'contact_important', 'contact_billing', 'contact_technical']) {
      expect(contacts.some((c) => c[flag] === '1')).toBe(true);
    }
    expect(contacts.some((c) => c.contact_notes !== '' && c.contact_extension !== '' && c.contact_mobile !== '')).toBe(true);
  });

  test('every client has exactly one primary contact and a main line shared by several contacts', async () => {
    const contacts = rows(await api.read('contacts', { limit: '500' }));
    for (const c of rows(await api.read('clients', {}))) {
      const mine = contacts.filter((x) => x.contact_client_id === c.client_id);
      expect(mine.filter((x) => x.contact_primary === '1')).toHaveLength(1);
      const lineCounts = new Map<string, number>();
      for (const x of mine) lineCounts.set(String(x.contact_phone), (lineCounts.get(String(x.contact_phone)) ?? 0) + 1);
      expect(Math.max(...lineCounts.values())).toBeGreaterThanOrEqual(3);
    }
  });
});
