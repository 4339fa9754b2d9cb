import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { ItflowClient } from '../../src/itflow/client';
import { ItflowError } from '../../src/itflow/errors';
import { clientRowSchema, contactRowSchema, describeIssues, envelopeSchema, insertResultSchema, locationRowSchema } from '../../src/itflow/schemas';
import { clientSchema, itflowContactSchema, locationSchema, type ContactWrite } from '../../src/itflow/types';
import { makeWrite } from '../support/contacts';

/**
 * The ITFlow response parser over generated answers: rows of both server generations, damaged one field at a
 * time, and whole HTTP answers (any status, any body, a dropped connection) from a tiny local server. Parsing
 * never throws anything but a typed error; PINs, photo paths and portal password columns never come out; the
 * API key never appears in an error, whatever the server echoes.
 */

export const ITFLOW_FUZZ_RUNS = { rows: 1500, envelopes: 500, http: 400 } as const;

const SECRET = 'SECRETzq5521';
const API_KEY = 'KeyZq5521NeverInAnError000000000';

const idText = fc.oneof(fc.integer({ min: 1, max: 10_000 }).map(String), fc.integer({ min: 1, max: 10_000 }));
const flag = fc.constantFrom('0', '1', 0, 1);
const textOrNull = fc.oneof(fc.string({ maxLength: 30 }), fc.constant(null));
/** A contact row as latest (named keys) or legacy (every column twice) sends it, with secrets in it. */
const validRow = fc
  .record({
    contact_id: idText,
    contact_name: fc.string({ maxLength: 30 }),
    contact_client_id: idText,
    contact_title: textOrNull,
    contact_department: textOrNull,
    contact_email: textOrNull,
    contact_phone: textOrNull,
    contact_extension: textOrNull,
    contact_mobile: textOrNull,
    contact_notes: textOrNull,
    contact_primary: flag,
    contact_important: flag,
    contact_billing: flag,
    contact_technical: flag,
    contact_location_id: fc.oneof(idText, fc.constant('0'), fc.constant(null)),
    contact_created_at: textOrNull,
    contact_updated_at: textOrNull,
    contact_archived_at: textOrNull,
    legacy: fc.boolean(),
  })
  .map(({ legacy, ...row }) => {
    const secrets = legacy
      ? { contact_auth_method: 'local', contact_password_hash: `$2y$10$${SECRET}`, contact_password_reset_token: SECRET, contact_token_expire: SECRET }
      : { contact_phone_country_code: '1', contact_mobile_country_code: null, contact_user_id: '0' };
    const named: Record<string, unknown> = { ...row, contact_pin: SECRET, contact_photo: `uploads/${SECRET}.jpg`, ...secrets };
    return legacy ? { ...Object.fromEntries(Object.values(named).map((v, i) => [String(i), v])), ...named } : named;
  });
/** A value a row's field may have been damaged into; MARKER lets a test see whether a value was echoed. */
const MARKER = 'VALUEzq8830';
const hostile = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(MARKER, { [MARKER]: MARKER }, [MARKER], -1, '-1', '1.5', 'NaN', '', '2', 2, true));
/** A valid row with up to three fields replaced or removed. */
const row = fc
  .tuple(validRow, fc.array(fc.tuple(fc.constantFrom('contact_id', 'contact_name', 'contact_client_id', 'contact_email', 'contact_primary', 'contact_location_id', 'contact_updated_at', 'contact_auth_method'), fc.option(hostile)), { maxLength: 3 }))
  .map(([base, changes]) => {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of changes) {
      if (value === null) delete out[key];
      else out[key] = value;
    }
    return out;
  });

describe('row schemas', () => {
  it(`a contact row parses to a contact without secrets, or fails with a value-free description (${ITFLOW_FUZZ_RUNS.rows} runs)`, () => {
    fc.assert(
      fc.property(row, (raw) => {
        const parsed = contactRowSchema.safeParse(raw);
        if (parsed.success) {
          expect(itflowContactSchema.safeParse(parsed.data).success).toBe(true);
          expect(JSON.stringify(parsed.data)).not.toContain(SECRET);
        } else {
          expect(describeIssues(parsed.error)).not.toMatch(new RegExp(`${SECRET}|${MARKER}`));
        }
      }),
      { numRuns: ITFLOW_FUZZ_RUNS.rows },
    );
  });

  it(`envelopes, client, location and insert rows: parse or fail, never throw (${ITFLOW_FUZZ_RUNS.envelopes} runs)`, () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.dictionary(fc.constantFrom('client_id', 'client_name', 'location_id', 'location_client_id', 'location_name', 'location_archived_at', 'insert_id', 'success', 'count', 'data', 'message'), hostile), (value, record) => {
        for (const input of [value, record, [record], { success: 'True', data: [record] }]) {
          envelopeSchema.safeParse(input);
          insertResultSchema.safeParse(input);
          const client = clientRowSchema.safeParse(input);
          if (client.success) expect(clientSchema.safeParse(client.data).success).toBe(true);
          const location = locationRowSchema.safeParse(input);
          if (location.success) expect(locationSchema.safeParse(location.data).success).toBe(true);
        }
      }),
      { numRuns: ITFLOW_FUZZ_RUNS.envelopes },
    );
  });
});

interface Answer {
  status: number;
  contentType: string;
  /** The body to send, or 'drop' to close the connection without an answer. */
  body: string;
}

describe('ItflowClient against a server answering generated bodies', () => {
  let server: http.Server;
  let client: ItflowClient;
  let answer: Answer = { status: 200, contentType: 'application/json', body: '{}' };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (answer.body === 'drop') {
          res.socket?.destroy();
          return;
        }
        res.writeHead(answer.status, { 'content-type': answer.contentType });
        res.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new ItflowClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiKey: API_KEY, readRetries: 0, timeoutMs: 2000 });
  });
  afterAll(async () => {
    await client?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const keyEcho = fc.constantFrom(API_KEY, API_KEY.toLowerCase(), API_KEY.toUpperCase(), `api_key=${API_KEY}`);
  const body = fc.oneof(
    fc.array(row, { maxLength: 3 }).map((data) => JSON.stringify({ success: 'True', count: data.length, data })),
    fc.array(row, { maxLength: 2 }).map((data) => JSON.stringify({ success: 'True', count: '1', data: [{ insert_id: '12' }, ...data] })),
    fc.tuple(fc.string({ maxLength: 40 }), keyEcho).map(([m, key]) => JSON.stringify({ success: 'False', message: `${m} ${key}` })),
    fc.constantFrom('', 'null', '[]', '{"success":"True"}', '{"success":"False"}', '{"success":', '<html>500</html>', 'string(3) "PUT"', '{"success":"True","data":[]}', 'drop'),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 60 }),
  );
  const answerArb = fc.record({
    status: fc.oneof(fc.constantFrom(200, 200, 200, 201, 204, 301, 400, 401, 403, 404, 405, 413, 429, 500, 502, 503), fc.integer({ min: 200, max: 599 })),
    contentType: fc.constantFrom('application/json', 'text/html; charset=UTF-8', 'text/plain'),
    body,
  });
  const FIELDS: ContactWrite = makeWrite({ name: 'N', email: 'n@example.com' });
  const calls: ReadonlyArray<() => Promise<unknown>> = [
    () => client.getContact(6),
    () => client.findContactsByEmail('sally@acme.example'),
    () => client.findContactByPhone('5551010100'),
    () => client.listContacts({ limit: 10, offset: 0 }),
    () => client.createContact(1, FIELDS),
    () => client.updateContact(2, 1, FIELDS),
    () => client.listClients(),
    () => client.listLocations(),
  ];

  it(`every call resolves with valid data or rejects with an ItflowError free of the key (${ITFLOW_FUZZ_RUNS.http} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(answerArb, fc.nat(calls.length - 1), async (generated, which) => {
        answer = generated;
        let result: unknown;
        try {
          result = await calls[which]!();
        } catch (err) {
          expect(err).toBeInstanceOf(ItflowError);
          const shown = `${String(err)} ${inspect(err)}`;
          expect(shown.toLowerCase()).not.toContain(API_KEY.toLowerCase());
          expect(shown).not.toContain(SECRET);
          return;
        }
        const items = Array.isArray(result) ? (result as unknown[]) : [result];
        for (const item of items) {
          if (item === null || item === undefined || typeof item === 'number') continue;
          expect(JSON.stringify(item)).not.toContain(SECRET);
        }
      }),
      { numRuns: ITFLOW_FUZZ_RUNS.http },
    );
  }, 60_000);
});
