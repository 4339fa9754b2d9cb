import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { FIXTURE_DIR, loadExchanges, type RecordedExchange } from '../support/fixtures';

/**
 * The acceptance test for the sandbox's faithfulness: every exchange recorded against a real ITFlow v26.08
 * server (test/fixtures/itflow/latest-NN-*.txt) is replayed, in order and against the same lab data, and the
 * sandbox must answer with the same status, Content-Type and body — byte for byte once datetime values
 * (which depend on when the data was created) are masked. Null versus non-null datetimes still count.
 */

const RECORDED_ADMIN_KEY = '83UNjd5AZZDbult9NbkeSsIt9kmY6hLY';
const RECORDED_RESTRICTED_KEY = 'X9K79v0Krhhvg3b100JpYsQOyjocn3DO';
const RECORDED_EXPIRED_KEY = 'B4SZsn5CQwPVIfRMFossUqqNBM6tQrR9';
const RECORDED_INVALID_KEY = 'ThisIsNotAValidKey0000000000000000';

const exchanges = loadExchanges('latest');
let sandbox: Sandbox;
let keyMap: Map<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'fixtures', dataDir: null });
  // The lab's expired key: a key that exists but whose expiry date has passed.
  const expiredKey = sandbox.store.addApiKey({ name: 'expired', clientId: 0, accessLevel: 3, expiresAt: new Date(Date.now() - 86_400_000) });
  keyMap = new Map([
    [RECORDED_ADMIN_KEY, sandbox.adminKey],
    [RECORDED_ADMIN_KEY.toLowerCase(), sandbox.adminKey.toLowerCase()],
    [RECORDED_RESTRICTED_KEY, sandbox.restrictedKey],
    [RECORDED_EXPIRED_KEY, expiredKey],
  ]);
});

afterAll(async () => {
  await sandbox.close();
});

function rawFixture(exchange: RecordedExchange): string {
  return readFileSync(path.join(FIXTURE_DIR, exchange.file), 'utf8');
}

function recordedContentType(exchange: RecordedExchange): string | undefined {
  const line = rawFixture(exchange)
    .split('\n')
    .find((l) => /^> content-type:/i.test(l));
  return line?.slice(line.indexOf(':') + 1).trim();
}

function recordedKeys(exchange: RecordedExchange): string[] {
  const keys = exchange.request.query.getAll('api_key');
  const body = exchange.request.body ?? '';
  for (const match of body.matchAll(/"api_key":"([^"]*)"|api_key=([^&]*)/g)) keys.push(match[1] ?? match[2] ?? '');
  return keys;
}

function substituteKeys(text: string): string {
  let out = text;
  for (const [recorded, live] of keyMap) out = out.split(recorded).join(live);
  return out;
}

const DATETIME = /"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"/g;
const maskDatetimes = (body: string) => body.replace(DATETIME, '"<datetime>"');
const parseOrText = (body: string): unknown => {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
};

async function replay(exchange: RecordedExchange): Promise<{ status: number; contentType: string | null; body: string }> {
  const query = new URLSearchParams();
  for (const [name, value] of exchange.request.query) query.append(name, substituteKeys(value));
  const search = query.size > 0 ? `?${query.toString()}` : '';
  const body = exchange.request.body === null ? undefined : substituteKeys(exchange.request.body);
  const contentType = recordedContentType(exchange);
  const response = await fetch(`${sandbox.url}${exchange.request.path}${search}`, {
    method: exchange.request.method,
    headers: contentType === undefined ? {} : { 'Content-Type': contentType },
    body,
  });
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
}

test('all 71 recorded exchanges are replayed', () => {
  expect(exchanges.map((e) => e.number)).toEqual(Array.from({ length: 71 }, (_, i) => i + 1));
});

test('the transcripts use exactly the keys this test maps (admin, its lower-cased form, restricted, expired, invalid)', () => {
  const used = new Set(exchanges.flatMap(recordedKeys));
  expect([...used].sort()).toEqual(
    [RECORDED_ADMIN_KEY, RECORDED_ADMIN_KEY.toLowerCase(), RECORDED_RESTRICTED_KEY, RECORDED_EXPIRED_KEY, RECORDED_INVALID_KEY].sort(),
  );
});

describe.each(exchanges.map((e) => [`${String(e.number).padStart(2, '0')} ${e.name}`, e] as const))('latest %s', (_label, exchange) => {
  test('status, Content-Type and body match the real server', async () => {
    const actual = await replay(exchange);
    const expectedBody = maskDatetimes(exchange.response.body);
    // The transcript parser drops the newline(s) that end a body; so does this comparison.
    const actualBody = maskDatetimes(actual.body.replace(/\n+$/, ''));

    expect({ status: actual.status, contentType: actual.contentType }).toEqual({
      status: exchange.response.status,
      contentType: exchange.response.headers['content-type'],
    });
    // Parsed first for a readable diff, then byte for byte (key order, "\/" escapes, string vs number).
    expect(parseOrText(actualBody)).toEqual(parseOrText(expectedBody));
    expect(actualBody).toBe(expectedBody);
  });
});
