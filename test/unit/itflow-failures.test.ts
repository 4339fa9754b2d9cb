import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { Agent } from 'undici';
import { ItflowClient, type ItflowClientOptions } from '../../src/itflow/client';
import {
  ItflowAuthError,
  ItflowError,
  ItflowProtocolError,
  ItflowRejectedError,
  ItflowUnavailableError,
} from '../../src/itflow/errors';
import type { ContactWrite } from '../../src/itflow/types';
import { createLogger, Redactor } from '../../src/logger';
import { makeWrite } from '../support/contacts';
import { loadExchange } from '../support/fixtures';
import { jsonResponse, replaySuite, type ReplayStep } from '../support/itflow-replay';

/** Failure handling beyond the recordings: broken bodies, dead servers, timeouts, retries, secrecy. */

const API_KEY = 'Zq8TestKeyNeverLogged0000000000xY';

const byId = loadExchange('latest-03-read-by-contact_id.txt');
const created = loadExchange('latest-22-create-valid.txt');
const serverError = loadExchange('latest-11-read-limit-negative.txt');
const wrongKey = loadExchange('latest-13-read-wrong-api-key.txt');
const forbidden = loadExchange('latest-32-restricted-create-other-client.txt');

const FIELDS: ContactWrite = makeWrite({ name: 'Wendy Walker', email: 'wendy.walker@acme.example', locationId: 1 });

/** A logger that masks nothing, so a key the client leaked would show. */
class NoRedaction extends Redactor {
  constructor() {
    super([]);
  }
  override redact(text: string): string {
    return text;
  }
}

const replay = replaySuite();
const logLines: string[] = [];

beforeEach(() => {
  logLines.length = 0;
});

function makeClient(options: Partial<ItflowClientOptions> = {}): ItflowClient {
  const logger = createLogger({ level: 'debug', redactor: new NoRedaction(), sink: (line) => logLines.push(line) });
  const client = replay.track(new ItflowClient({ baseUrl: replay.server.baseUrl, apiKey: API_KEY, readRetries: 0, logger, ...options }));
  return client;
}

async function failure(promise: Promise<unknown>): Promise<ItflowError> {
  const outcome = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(outcome).toBeInstanceOf(ItflowError);
  return outcome as ItflowError;
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('bodies that are not the ITFlow API', () => {
  it.each<[string, ReplayStep]>([
    ['garbage JSON', jsonResponse('{"success":"True","data":[{')],
    ['an empty 200 body', jsonResponse('')],
    ['JSON that is not an envelope', jsonResponse('{"ok":true}')],
    ['success spelled as a boolean', jsonResponse('{"success":true,"data":[]}')],
    ['success without data', jsonResponse('{"success":"True","count":0}')],
    ['a row without contact_id', jsonResponse('{"success":"True","count":1,"data":[{"contact_name":"No Id"}]}')],
    ['a row without contact_name', jsonResponse('{"success":"True","count":1,"data":[{"contact_id":"6"}]}')],
    ['a non-numeric id', jsonResponse(byId.response.body.replace('"contact_id":"6"', '"contact_id":"six"'))],
    ['PHP var_dump text', { status: 200, headers: { 'content-type': 'application/json' }, body: 'string(3) "GET"' }],
  ])('%s → ItflowProtocolError', async (_label, step) => {
    replay.server.script(step);
    const error = await failure(makeClient().getContact(6));
    expect(error).toBeInstanceOf(ItflowProtocolError);
    expect(replay.server.requests).toHaveLength(1);
  });

  it('a create that succeeds without an insert_id → ItflowProtocolError', async () => {
    replay.server.script(jsonResponse('{"success":"True","count":"1","data":[]}'));
    expect(await failure(makeClient().createContact(1, FIELDS))).toBeInstanceOf(ItflowProtocolError);
  });

  it('a read answered "False" with another message → ItflowRejectedError carrying it', async () => {
    replay.server.script(jsonResponse('{"success":"False","message":"Something else went wrong."}'));
    const error = await failure(makeClient().listContacts({ limit: 5, offset: 0 }));
    expect(error).toBeInstanceOf(ItflowRejectedError);
    expect((error as ItflowRejectedError).itflowMessage).toBe('Something else went wrong.');
  });

  it('a lookup by id answered with another contact → ItflowProtocolError', async () => {
    replay.server.script(byId.response);
    expect(await failure(makeClient().getContact(7))).toBeInstanceOf(ItflowProtocolError);
  });
});

describe('servers that do not answer', () => {
  it('connection refused → ItflowUnavailableError, outcome known for a write', async () => {
    const port = await closedPort();
    const client = makeClient({ baseUrl: `http://127.0.0.1:${port}` });

    const read = await failure(client.getContact(1));
    expect(read).toBeInstanceOf(ItflowUnavailableError);
    expect(read.message).toContain('ECONNREFUSED');

    const write = await failure(client.createContact(1, FIELDS));
    expect(write).toBeInstanceOf(ItflowUnavailableError);
    expect((write as ItflowUnavailableError).outcomeUnknown).toBe(false);
  });

  it('a failed name lookup → ItflowUnavailableError', async () => {
    // The lookup is stubbed, so no DNS query leaves the machine.
    const dispatcher = new Agent({
      connect: {
        lookup: (hostname, _options, callback) =>
          callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 4),
      },
    });
    try {
      const client = makeClient({ baseUrl: 'http://localhost:9', dispatcher });
      const error = await failure(client.findContactsByEmail('sally@acme.example'));
      expect(error).toBeInstanceOf(ItflowUnavailableError);
      expect(error.message).toContain('ENOTFOUND');
    } finally {
      await dispatcher.close();
    }
  });

  it('a server that never answers a read → timeout → ItflowUnavailableError', async () => {
    replay.server.script('hang');
    const error = await failure(makeClient({ timeoutMs: 200 }).getContact(6));
    expect(error).toBeInstanceOf(ItflowUnavailableError);
    expect(error.message).toMatch(/did not answer GET api\/v1\/contacts\/read\.php within 200 ms/);
  });

  it('a list page uses the longer list timeout', async () => {
    replay.server.script('hang');
    const error = await failure(makeClient({ timeoutMs: 50_000, listTimeoutMs: 200 }).listContacts({ limit: 10, offset: 0 }));
    expect(error.message).toContain('within 200 ms');
  });

  it('a write that times out after being sent → outcome unknown, not retried', async () => {
    replay.server.script('hang', created.response);
    const error = await failure(makeClient({ timeoutMs: 200, readRetries: 2 }).createContact(1, FIELDS));
    expect(error).toBeInstanceOf(ItflowUnavailableError);
    expect((error as ItflowUnavailableError).outcomeUnknown).toBe(true);
    expect(replay.server.requests).toHaveLength(1);
  });
});

describe('retries', () => {
  it('retries a read that failed as unavailable, then succeeds', async () => {
    replay.server.script(serverError.response, byId.response);
    const contact = await makeClient({ readRetries: 2 }).getContact(6);
    expect(contact?.name).toBe('Sally Jones');
    expect(replay.server.requests).toHaveLength(2);
    expect(replay.server.requests.map((r) => r.query.get('contact_id'))).toEqual(['6', '6']);
  });

  it('gives up after readRetries extra attempts', async () => {
    replay.server.script(serverError.response, serverError.response, serverError.response, byId.response);
    const error = await failure(makeClient({ readRetries: 2 }).getContact(6));
    expect(error).toBeInstanceOf(ItflowUnavailableError);
    expect(replay.server.requests).toHaveLength(3);
  });

  it('does not retry an auth failure', async () => {
    replay.server.script(wrongKey.response, byId.response);
    expect(await failure(makeClient({ readRetries: 2 }).getContact(6))).toBeInstanceOf(ItflowAuthError);
    expect(replay.server.requests).toHaveLength(1);
  });

  it('never retries a write that failed with 500', async () => {
    replay.server.script(serverError.response, created.response);
    const error = await failure(makeClient({ readRetries: 2 }).updateContact(2, 1, FIELDS));
    expect(error).toBeInstanceOf(ItflowUnavailableError);
    expect(error).toMatchObject({ status: 500, outcomeUnknown: true });
    expect(replay.server.requests).toHaveLength(1);
  });
});

describe('the API key stays secret', () => {
  const keyPattern = new RegExp(API_KEY, 'i');

  it.each<[string, () => Promise<unknown>]>([
    ['401', () => (replay.server.script(wrongKey.response), makeClient().getContact(6))],
    ['403', () => (replay.server.script(forbidden.response), makeClient().createContact(2, FIELDS))],
    ['500 read with retries', () => (replay.server.script(serverError.response, serverError.response), makeClient({ readRetries: 1 }).getContact(6))],
    ['500 write', () => (replay.server.script(serverError.response), makeClient().updateContact(2, 1, FIELDS))],
    ['garbage', () => (replay.server.script(jsonResponse('{"success":')), makeClient().findContactsByEmail('a@b.example'))],
    ['timeout', () => (replay.server.script('hang'), makeClient({ timeoutMs: 200 }).findContactByPhone('5551010100'))],
    [
      'a server message echoing the key',
      () => (replay.server.script(jsonResponse(`{"success":"False","message":"Unknown key ${API_KEY.toLowerCase()}"}`)), makeClient().createContact(1, FIELDS)),
    ],
    [
      'a 403 echoing the key',
      () => (replay.server.script(jsonResponse(`{"success":"False","message":"key ${API_KEY} denied"}`, 403)), makeClient().getContact(1)),
    ],
  ])('%s: not in the error, nor in any log line', async (_label, run) => {
    const error = await failure(run());
    expect(replay.server.requests.length).toBeGreaterThan(0);
    expect(error.message).not.toMatch(keyPattern);
    expect(inspect(error)).not.toMatch(keyPattern);
    expect(JSON.stringify(error)).not.toMatch(keyPattern);
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(line).not.toMatch(keyPattern);
  });

  it('connection refused: not in the error, nor in any log line', async () => {
    const client = makeClient({ baseUrl: `http://127.0.0.1:${await closedPort()}` });
    const error = await failure(client.listContacts({ limit: 10, offset: 0 }));
    expect(inspect(error)).not.toMatch(keyPattern);
    for (const line of logLines) expect(line).not.toMatch(keyPattern);
  });

  it('logs successful requests by path and ids, without the key or the looked-up email', async () => {
    replay.server.script(byId.response);
    await makeClient().findContactsByEmail('sally.jones@globex.example');
    expect(replay.server.requests[0]?.query.get('api_key')).toBe(API_KEY);
    expect(logLines).toHaveLength(1);
    const line = JSON.parse(logLines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'debug', method: 'GET', path: 'api/v1/contacts/read.php', status: 200, lookup: ['contact_email'] });
    expect(logLines[0]).not.toMatch(keyPattern);
    expect(logLines[0]).not.toContain('sally.jones');
  });
});

describe('construction', () => {
  it('rejects a base URL that is not http(s), without echoing it', () => {
    expect(() => new ItflowClient({ baseUrl: `ftp://user:${API_KEY}@host`, apiKey: API_KEY })).toThrow(/http\(s\) URL$/);
  });

  it('rejects an empty API key', () => {
    expect(() => new ItflowClient({ baseUrl: 'http://127.0.0.1:1', apiKey: '  ' })).toThrow(/apiKey/);
  });

  it('reaches ITFlow under a sub-path of the base URL', async () => {
    replay.server.script(byId.response);
    await makeClient({ baseUrl: `${replay.server.baseUrl}/itflow/` }).getContact(6);
    expect(replay.server.requests[0]?.path).toBe('/itflow/api/v1/contacts/read.php');
  });
});
