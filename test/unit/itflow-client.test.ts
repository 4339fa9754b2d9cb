import { ItflowClient } from '../../src/itflow/client';
import {
  ItflowAuthError,
  ItflowProtocolError,
  ItflowRejectedError,
  ItflowUnavailableError,
} from '../../src/itflow/errors';
import { itflowContactSchema, type ItflowContact, type ContactWrite } from '../../src/itflow/types';
import { loadExchanges, RECORDED_SALLY_JONES, type RecordedExchange } from '../support/fixtures';
import { replaySuite, recordedKey, type SentRequest } from '../support/itflow-replay';

/**
 * Drives ItflowClient against a loopback server that replays what real ITFlow servers (latest and legacy)
 * answered, and checks both what the client parsed and what it sent.
 */

type Row = Record<string, string | null>;

const SECRET_COLUMNS = ['contact_pin', 'contact_photo', 'contact_password_hash', 'contact_password_reset_token', 'contact_token_expire'];

const replay = replaySuite();

/** A client holding the key the recorded request was made with, so replayed requests can match exactly. */
function clientFor(exchange: RecordedExchange, apiKey = recordedKey(exchange)): ItflowClient {
  const client = replay.track(new ItflowClient({ baseUrl: replay.server.baseUrl, apiKey, readRetries: 0, timeoutMs: 5000 }));
  return client;
}

function rowsOf(exchange: RecordedExchange): Row[] {
  const parsed = JSON.parse(exchange.response.body) as { data?: Row[] };
  return parsed.data ?? [];
}

function onlyRequest(): SentRequest {
  expect(replay.server.requests).toHaveLength(1);
  return replay.server.requests[0]!;
}

function sortedEntries(params: URLSearchParams): string[][] {
  return [...params.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** Same method and path; every param or body key the recording carried was sent with the same value. */
function expectSentLike(sent: SentRequest, recorded: RecordedExchange): void {
  expect(sent.method).toBe(recorded.request.method);
  expect(sent.path).toBe(recorded.request.path);
  if (recorded.request.method === 'GET') {
    for (const [name, value] of recorded.request.query) expect([name, sent.query.get(name)]).toEqual([name, value]);
    expect(sent.body).toBe('');
    return;
  }
  expect(sent.headers['content-type']).toBe('application/json');
  expect(sent.query.has('api_key')).toBe(false);
  const sentBody = JSON.parse(sent.body) as Record<string, unknown>;
  const recordedBody = JSON.parse(recorded.request.body ?? '{}') as Record<string, unknown>;
  for (const [name, value] of Object.entries(recordedBody)) expect([name, sentBody[name]]).toEqual([name, value]);
}

/** The normalised contacts carry exactly the recorded rows' values, and nothing secret. */
function expectContactsFromRows(contacts: ItflowContact[], rows: Row[]): void {
  expect(contacts.map((c) => c.id)).toEqual(rows.map((r) => Number(r.contact_id)));
  contacts.forEach((contact, i) => {
    const row = rows[i]!;
    expect(Object.keys(contact).sort()).toEqual(Object.keys(itflowContactSchema.shape).sort());
    expect(itflowContactSchema.safeParse(contact).success).toBe(true);
    expect(contact).toMatchObject({
      clientId: Number(row.contact_client_id),
      name: row.contact_name,
      email: row.contact_email ?? '',
      phone: row.contact_phone ?? '',
      mobile: row.contact_mobile ?? '',
      extension: row.contact_extension ?? '',
      notes: row.contact_notes ?? '',
      primary: row.contact_primary === '1',
      important: row.contact_important === '1',
      billing: row.contact_billing === '1',
      technical: row.contact_technical === '1',
      locationId: Number(row.contact_location_id),
      archivedAt: row.contact_archived_at,
      authMethod: 'contact_auth_method' in row ? (row.contact_auth_method ?? '') : null,
      phoneCountryCode: row.contact_phone_country_code ?? null,
    });
  });
}

function writeFromRecorded(exchange: RecordedExchange): { clientId: number; contactId: number; fields: ContactWrite } {
  const body = JSON.parse(exchange.request.body ?? '{}') as Record<string, unknown>;
  const text = (key: string): string => (typeof body[key] === 'string' ? body[key] : '');
  const flag = (key: string): boolean => body[key] === 1 || body[key] === '1';
  return {
    clientId: typeof body.client_id === 'number' ? body.client_id : 1,
    contactId: typeof body.contact_id === 'number' ? body.contact_id : 0,
    fields: {
      name: text('contact_name'),
      title: text('contact_title'),
      department: text('contact_department'),
      email: text('contact_email'),
      phone: text('contact_phone'),
      extension: text('contact_extension'),
      mobile: text('contact_mobile'),
      notes: text('contact_notes'),
      primary: flag('contact_primary'),
      important: flag('contact_important'),
      billing: flag('contact_billing'),
      technical: flag('contact_technical'),
      locationId: typeof body.contact_location_id === 'number' ? body.contact_location_id : 0,
      authMethod: typeof body.contact_auth_method === 'string' ? body.contact_auth_method : null,
    },
  };
}

describe.each(['latest', 'legacy'] as const)('ItflowClient against a replayed %s server', (version) => {
  const exchanges = loadExchanges(version);
  const ex = (n: number): RecordedExchange => {
    const found = exchanges.find((e) => e.number === n);
    if (!found) throw new Error(`no ${version} exchange #${n}`);
    return found;
  };

  describe('reads', () => {
    it('lists contacts (read all) with an explicit limit and offset', async () => {
      const recorded = ex(1);
      replay.server.script(recorded.response);
      const contacts = await clientFor(recorded).listContacts({ limit: 50, offset: 0 });

      const sent = onlyRequest();
      expectSentLike(sent, recorded);
      expect(sent.query.get('limit')).toBe('50');
      expect(sent.query.get('offset')).toBe('0');
      expect(contacts).toHaveLength(10);
      expectContactsFromRows(contacts, rowsOf(recorded));
    });

    it('sends the recorded paging parameters exactly and returns that page', async () => {
      const recorded = ex(2);
      replay.server.script(recorded.response);
      const contacts = await clientFor(recorded).listContacts({ limit: 2, offset: 1 });

      const sent = onlyRequest();
      expect(sortedEntries(sent.query)).toEqual(sortedEntries(recorded.request.query));
      expect(contacts.map((c) => [c.id, c.name])).toEqual([
        [2, 'John Carter'],
        [3, 'Priya Patel'],
      ]);
    });

    it('reads one contact by id and normalises it', async () => {
      const recorded = ex(3);
      replay.server.script(recorded.response);
      const contact = await clientFor(recorded).getContact(6);

      expect(sortedEntries(onlyRequest().query)).toEqual(sortedEntries(recorded.request.query));
      expect(contact).toMatchObject(RECORDED_SALLY_JONES);
      if (version === 'legacy') {
        expect(contact?.authMethod).toBe('local');
        expect(contact?.phoneCountryCode).toBeNull();
      } else {
        expect(contact?.authMethod).toBeNull();
        expect(contact?.phoneCountryCode).toBe('1');
        expect(contact?.mobileCountryCode).toBe('1');
      }
    });

    it('never lets PIN, photo or portal password columns out of the client', async () => {
      const recorded = ex(3);
      const body = JSON.parse(recorded.response.body) as { data: Row[] };
      const planted = ['4321-pin', 'uploads/clients/2/photo-secret.png', '$2y$10$hashhashhash', 'reset-token-xyz', '2030-01-01 00:00:00'];
      for (const row of body.data) {
        SECRET_COLUMNS.forEach((column, i) => {
          row[column] = planted[i]!;
        });
      }
      replay.server.script({ ...recorded.response, body: JSON.stringify(body) });
      const contact = await clientFor(recorded).getContact(6);

      const serialised = JSON.stringify(contact);
      for (const value of planted) expect(serialised).not.toContain(value);
      expect(serialised).not.toMatch(/pin|photo|password|token/i);
    });

    it('finds every contact with an email (one per client)', async () => {
      const recorded = ex(26);
      replay.server.script(recorded.response);
      const contacts = await clientFor(recorded).findContactsByEmail('sally@acme.example');

      expect(sortedEntries(onlyRequest().query)).toEqual(sortedEntries(recorded.request.query));
      expect(contacts.map((c) => [c.id, c.clientId])).toEqual([
        [1, 1],
        [12, 2],
      ]);
      expectContactsFromRows(contacts, rowsOf(recorded));
    });

    it('finds a single contact by email', async () => {
      const recorded = ex(4);
      replay.server.script(recorded.response);
      const contacts = await clientFor(recorded).findContactsByEmail('sally@acme.example');
      expectSentLike(onlyRequest(), recorded);
      expect(contacts.map((c) => c.name)).toEqual(['Sally Smith']);
    });

    it('looks a phone number up by its digits only', async () => {
      const recorded = ex(5);
      replay.server.script(recorded.response);
      const contact = await clientFor(recorded).findContactByPhone('(555) 902-0201');

      expect(sortedEntries(onlyRequest().query)).toEqual(sortedEntries(recorded.request.query));
      expect(contact?.id).toBe(6);
      expect(contact?.mobile).toBe('5559020201');
    });

    it('sends digits even when given a formatted number; "No resource" is null', async () => {
      const recorded = ex(7);
      replay.server.script(recorded.response);
      const contact = await clientFor(recorded).findContactByPhone(recorded.request.query.get('contact_phone_or_mobile')!);

      expect(onlyRequest().query.get('contact_phone_or_mobile')).toBe('5559010101');
      expect(contact).toBeNull();
    });

    it('answers null for a contact id that does not exist', async () => {
      const recorded = ex(8);
      replay.server.script(recorded.response);
      await expect(clientFor(recorded).getContact(9999)).resolves.toBeNull();
      expect(sortedEntries(onlyRequest().query)).toEqual(sortedEntries(recorded.request.query));
    });

    it('answers an empty page past the end of the list', async () => {
      const recorded = ex(9);
      replay.server.script(recorded.response);
      await expect(clientFor(recorded).listContacts({ limit: 50, offset: 100 })).resolves.toEqual([]);
      expect(sortedEntries(onlyRequest().query)).toEqual(sortedEntries(recorded.request.query));
    });

    it('answers [] for an email nobody has', async () => {
      const recorded = ex(8);
      replay.server.script(recorded.response);
      await expect(clientFor(recorded).findContactsByEmail('nobody@nowhere.example')).resolves.toEqual([]);
    });

    it.each([0, -1, 1.5, Number.NaN])('refuses limit %p locally without sending anything', async (limit) => {
      replay.server.script(ex(10).response);
      await expect(clientFor(ex(10)).listContacts({ limit, offset: 0 })).rejects.toThrow(RangeError);
      expect(replay.server.requests).toHaveLength(0);
    });

    it('refuses a negative offset locally', async () => {
      replay.server.script(ex(9).response);
      await expect(clientFor(ex(9)).listContacts({ limit: 10, offset: -5 })).rejects.toThrow(/offset/);
      expect(replay.server.requests).toHaveLength(0);
    });

    it('treats a 500 with an empty body as unavailable', async () => {
      const recorded = ex(11);
      expect(recorded.response.body).toBe('');
      replay.server.script(recorded.response);
      const error = await clientFor(ex(1)).listContacts({ limit: 50, offset: 0 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ItflowUnavailableError);
      expect(error).toMatchObject({ status: 500, outcomeUnknown: false });
    });

    it.each([13, 14])('maps a 401 with a JSON body (exchange %i) to ItflowAuthError', async (n) => {
      const recorded = ex(n);
      replay.server.script(recorded.response);
      const error = await clientFor(recorded).listContacts({ limit: 50, offset: 0 }).catch((e: unknown) => e);

      expectSentLike(onlyRequest(), recorded);
      expect(error).toBeInstanceOf(ItflowAuthError);
      expect(error).toMatchObject({ status: 401, message: 'ITFlow rejected the API key (invalid or expired)' });
    });

    it('maps a 401 with an empty body to ItflowAuthError', async () => {
      const recorded = ex(16);
      expect(recorded.response.body).toBe('');
      replay.server.script(recorded.response);
      const error = await clientFor(ex(1)).getContact(1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ItflowAuthError);
      expect((error as ItflowAuthError).status).toBe(401);
    });

    it.each([17, 18])('maps a 405 (exchange %i) to ItflowProtocolError', async (n) => {
      replay.server.script(ex(n).response);
      const error = await clientFor(ex(1)).getContact(1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ItflowProtocolError);
      expect(error).toMatchObject({ status: 405 });
      expect((error as Error).message).toContain('GET api/v1/contacts/read.php');
    });

    it('reads only its own clients with a restricted key', async () => {
      const recorded = ex(19);
      replay.server.script(recorded.response);
      const contacts = await clientFor(recorded).listContacts({ limit: 50, offset: 0 });
      expectSentLike(onlyRequest(), recorded);
      expect(contacts.map((c) => c.id)).toEqual([1, 2, 3, 4, 5]);
      expect(new Set(contacts.map((c) => c.clientId))).toEqual(new Set([1]));
    });

    it('maps an HTML page (legacy archive 404) to ItflowProtocolError', async () => {
      replay.server.script(loadExchanges('legacy').find((e) => e.number === 56)!.response);
      const error = await clientFor(ex(1)).getContact(5).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ItflowProtocolError);
      expect((error as Error).message).toMatch(/HTTP 404/);
    });
  });

  describe('directories', () => {
    it('pages through locations until an empty page', async () => {
      const recorded = ex(66);
      replay.server.script(recorded.response, ex(9).response);
      const locations = await clientFor(recorded).listLocations();

      expect(replay.server.requests.map((r) => [r.method, r.path, r.query.get('limit'), r.query.get('offset')])).toEqual([
        ['GET', '/api/v1/locations/read.php', '500', '0'],
        ['GET', '/api/v1/locations/read.php', '500', '500'],
      ]);
      expectSentLike(replay.server.requests[0]!, recorded);
      expect(locations).toEqual([
        { id: 1, clientId: 1, name: 'Acme HQ', archivedAt: null, primary: true },
        { id: 2, clientId: 1, name: 'Acme Warehouse', archivedAt: null, primary: false },
        { id: 3, clientId: 2, name: 'Globex Campus', archivedAt: null, primary: true },
        { id: 4, clientId: 2, name: 'Globex R&D Lab', archivedAt: null, primary: false },
      ]);
    });

    it('pages through clients until an empty page', async () => {
      const recorded = ex(69);
      replay.server.script(recorded.response, ex(9).response);
      const result = await clientFor(recorded).listClients();

      expect(replay.server.requests.map((r) => [r.path, r.query.get('offset')])).toEqual([
        ['/api/v1/clients/read.php', '0'],
        ['/api/v1/clients/read.php', '500'],
      ]);
      expectSentLike(replay.server.requests[0]!, recorded);
      expect(result).toEqual([
        { id: 1, name: 'Acme Corp' },
        { id: 2, name: 'Globex' },
      ]);
    });

    it('sees only its own client and locations with a restricted key', async () => {
      replay.server.script(ex(71).response, ex(9).response, ex(68).response, ex(9).response);
      const client = clientFor(ex(71));
      expect(await client.listClients()).toEqual([{ id: 1, name: 'Acme Corp' }]);
      expect((await client.listLocations()).map((l) => l.clientId)).toEqual([1, 1]);
      expect(replay.server.requests.map((r) => r.query.get('api_key'))).toEqual(Array(4).fill(recordedKey(ex(71))));
    });

    it('stops with a protocol error when the server repeats a page instead of advancing', async () => {
      const recorded = ex(69);
      replay.server.script(recorded.response, recorded.response, recorded.response);
      await expect(clientFor(recorded).listClients()).rejects.toThrow(ItflowProtocolError);
      expect(replay.server.requests).toHaveLength(2);
    });
  });

  describe('writes', () => {
    it('creates a contact with a raw JSON body matching the recorded one exactly', async () => {
      const recorded = ex(22);
      replay.server.script(recorded.response);
      const { clientId, fields } = writeFromRecorded(recorded);
      const id = await clientFor(recorded).createContact(clientId, fields);

      const sent = onlyRequest();
      expect(sent.method).toBe('POST');
      expect(sent.path).toBe('/api/v1/contacts/create.php');
      expect(sent.headers['content-type']).toBe('application/json');
      expect([...sent.query.keys()]).toEqual([]);
      expect(JSON.parse(sent.body)).toEqual(JSON.parse(recorded.request.body!));
      expect(id).toBe(11);
    });

    it('leaves contact_auth_method out when the form has none, and sends flags as 0/1', async () => {
      const recorded = ex(22);
      replay.server.script(recorded.response);
      const { clientId, fields } = writeFromRecorded(recorded);
      await clientFor(recorded).createContact(clientId, { ...fields, authMethod: null, primary: true, billing: true });

      const body = JSON.parse(onlyRequest().body) as Record<string, unknown>;
      expect(body).not.toHaveProperty('contact_auth_method');
      expect(body).toMatchObject({ contact_primary: 1, contact_important: 0, contact_billing: 1, contact_technical: 0 });
    });

    it.each([24, 27])('maps a refused create (exchange %i) to ItflowRejectedError with ITFlow\'s message', async (n) => {
      const recorded = ex(n);
      replay.server.script(recorded.response);
      const { clientId, fields } = writeFromRecorded(recorded);
      const error = await clientFor(recorded).createContact(clientId, fields).catch((e: unknown) => e);

      expectSentLike(onlyRequest(), recorded);
      const expected = (JSON.parse(recorded.response.body) as { message: string }).message;
      expect(error).toBeInstanceOf(ItflowRejectedError);
      expect(error).toMatchObject({ itflowMessage: expected, status: 200 });
      expect((error as Error).message).toContain('insert query failed');
    });

    it('reports the outcome of a create as unknown when it fails with 500, and never retries it', async () => {
      const recorded = ex(29);
      const { clientId, fields } = writeFromRecorded(recorded);
      replay.server.script(loadExchanges('legacy').find((e) => e.number === 29)!.response, ex(22).response);
      const error = await clientFor(recorded).createContact(clientId, fields).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(ItflowUnavailableError);
      expect(error).toMatchObject({ status: 500, outcomeUnknown: true });
      expect(replay.server.requests).toHaveLength(1);
    });

    it('replays a restricted create in another client as the server answered it', async () => {
      const recorded = ex(32);
      replay.server.script(recorded.response);
      const { clientId, fields } = writeFromRecorded(recorded);
      const outcome = await clientFor(recorded).createContact(clientId, fields).catch((e: unknown) => e);

      expectSentLike(onlyRequest(), recorded);
      if (recorded.response.status === 403) {
        expect(outcome).toBeInstanceOf(ItflowAuthError);
        expect((outcome as Error).message).toMatch(/^The ITFlow API key does not allow this action or client/);
        expect((outcome as Error).message).toContain('does not have access to the target client');
      } else {
        expect(outcome).toBe(14);
      }
    });

    it('updates with the full field set matching the recorded body exactly', async () => {
      const recorded = ex(35);
      replay.server.script(recorded.response);
      const { clientId, contactId, fields } = writeFromRecorded(recorded);
      await expect(clientFor(recorded).updateContact(contactId, clientId, fields)).resolves.toBeUndefined();

      const sent = onlyRequest();
      expect([sent.method, sent.path]).toEqual(['POST', '/api/v1/contacts/update.php']);
      expect(JSON.parse(sent.body)).toEqual(JSON.parse(recorded.request.body!));
    });

    it('maps "no rows changed" to ItflowRejectedError and still sends every field', async () => {
      const recorded = ex(41);
      replay.server.script(recorded.response);
      const { clientId, contactId, fields } = writeFromRecorded(recorded);
      const error = await clientFor(recorded).updateContact(contactId, clientId, fields).catch((e: unknown) => e);

      const sent = onlyRequest();
      expectSentLike(sent, recorded);
      expect(Object.keys(JSON.parse(sent.body) as object).sort()).toEqual(
        Object.keys(JSON.parse(ex(35).request.body!) as object)
          .filter((k) => k !== 'contact_auth_method')
          .sort(),
      );
      expect(error).toBeInstanceOf(ItflowRejectedError);
      const expected = (JSON.parse(recorded.response.body) as { message: string }).message;
      expect((error as ItflowRejectedError).itflowMessage).toBe(expected);
      expect((error as Error).message).toContain('update query failed');
    });

    it('maps an update of a missing contact by how the server answered it', async () => {
      const recorded = ex(45);
      replay.server.script(recorded.response);
      const { clientId, contactId, fields } = writeFromRecorded(recorded);
      const error = await clientFor(recorded).updateContact(contactId, clientId, fields).catch((e: unknown) => e);

      expect(onlyRequest().method).toBe('POST');
      if (recorded.response.status === 500) {
        expect(error).toBeInstanceOf(ItflowUnavailableError);
        expect(error).toMatchObject({ outcomeUnknown: true });
      } else {
        expect(error).toBeInstanceOf(ItflowRejectedError);
      }
    });

    it.each([0, -3, 2.5])('refuses client id %p locally', async (clientId) => {
      replay.server.script(ex(22).response);
      const { fields } = writeFromRecorded(ex(22));
      await expect(clientFor(ex(22)).createContact(clientId, fields)).rejects.toThrow(RangeError);
      expect(replay.server.requests).toHaveLength(0);
    });
  });
});
