import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SandboxFlavor } from '../../src/sandbox/flavor';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { FIXTURE_DIR, type RecordedExchange } from './fixtures';

/**
 * Replaying recorded ITFlow exchanges (test/fixtures/itflow/*.txt) against a sandbox and comparing the answers:
 * the request is sent as recorded with the lab's API keys swapped for the sandbox's, and the answer must
 * match status, Content-Type and body byte for byte once datetime values are masked (null vs non-null kept).
 */

export interface ReplayedResponse {
  status: number;
  contentType: string | null;
  body: string;
}

function rawFixture(exchange: RecordedExchange): string {
  return readFileSync(path.join(FIXTURE_DIR, exchange.file), 'utf8');
}

function recordedContentType(exchange: RecordedExchange): string | undefined {
  const line = rawFixture(exchange)
    .split('\n')
    .find((l) => /^> content-type:/i.test(l));
  return line?.slice(line.indexOf(':') + 1).trim();
}

/** Every API key a transcript sends, in the query or in the body. */
export function recordedKeys(exchange: RecordedExchange): string[] {
  const keys = exchange.request.query.getAll('api_key');
  const body = exchange.request.body ?? '';
  for (const match of body.matchAll(/"api_key":"([^"]*)"|api_key=([^&]*)/g)) keys.push(match[1] ?? match[2] ?? '');
  return keys;
}

/** Replaces each recorded key with the live one it maps to. */
export function keySubstitution(keyMap: ReadonlyMap<string, string>): (text: string) => string {
  return (text) => {
    let out = text;
    for (const [recorded, live] of keyMap) out = out.split(recorded).join(live);
    return out;
  };
}

/** The API keys a lab server's transcripts were recorded with. */
export interface LabKeys {
  admin: string;
  restricted: string;
  /** Exists on the lab server, but its expiry date has passed. */
  expired: string;
  /** Exists nowhere: replayed as recorded. */
  invalid: string;
}

/** The transcripts use exactly the lab's keys, plus the admin key lower-cased (which must still work). */
export function expectOnlyLabKeys(exchanges: RecordedExchange[], lab: LabKeys): void {
  const used = new Set(exchanges.flatMap(recordedKeys));
  expect([...used].sort()).toEqual([lab.admin, lab.admin.toLowerCase(), lab.restricted, lab.expired, lab.invalid].sort());
}

/** A sandbox seeded with the lab's data, and a replay that swaps the lab's keys for the sandbox's. */
export interface LabSandbox {
  sandbox: Sandbox;
  replay(exchange: RecordedExchange): Promise<ReplayedResponse>;
}

export async function startLabSandbox(flavor: SandboxFlavor, lab: LabKeys): Promise<LabSandbox> {
  const sandbox = await startSandbox({ flavor, seed: 'fixtures', dataDir: null });
  // The lab's expired key: a key that exists but whose expiry date has passed.
  const expiredKey = sandbox.store.addApiKey({ name: 'expired', clientId: 0, accessLevel: 3, expiresAt: new Date(Date.now() - 86_400_000) });
  const keyMap = new Map([
    [lab.admin, sandbox.adminKey],
    [lab.admin.toLowerCase(), sandbox.adminKey.toLowerCase()],
    [lab.restricted, sandbox.restrictedKey],
    [lab.expired, expiredKey],
  ]);
  const substitute = keySubstitution(keyMap);
  // PHP's 404 page echoes the request target, api_key included: the answer names the key it was sent.
  const restore = keySubstitution(new Map([...keyMap].map(([recorded, live]) => [live, recorded])));
  return {
    sandbox,
    replay: async (exchange) => {
      const answer = await replay(sandbox.url, exchange, substitute);
      return { ...answer, body: restore(answer.body) };
    },
  };
}

/** describe.each rows: each exchange labelled by its two-digit number and name. */
export function labelledExchanges(exchanges: RecordedExchange[]): ReadonlyArray<readonly [string, RecordedExchange]> {
  return exchanges.map((e) => [`${String(e.number).padStart(2, '0')} ${e.name}`, e] as const);
}

const DATETIME = /"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"/g;
export const maskDatetimes = (body: string): string => body.replace(DATETIME, '"<datetime>"');

export const parseOrText = (body: string): unknown => {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
};

/** Sends the recorded request (method, path, query, body, Content-Type) to baseUrl with the keys substituted. */
export async function replay(baseUrl: string, exchange: RecordedExchange, substitute: (text: string) => string): Promise<ReplayedResponse> {
  const query = new URLSearchParams();
  for (const [name, value] of exchange.request.query) query.append(name, substitute(value));
  const search = query.size > 0 ? `?${query.toString()}` : '';
  const body = exchange.request.body === null ? undefined : substitute(exchange.request.body);
  const contentType = recordedContentType(exchange);
  const response = await fetch(`${baseUrl}${exchange.request.path}${search}`, {
    method: exchange.request.method,
    headers: contentType === undefined ? {} : { 'Content-Type': contentType },
    body,
  });
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
}

/** Status and Content-Type equal; body equal parsed (for a readable diff), then byte for byte, datetimes masked. */
export function expectSameAsRecorded(actual: ReplayedResponse, exchange: RecordedExchange): void {
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
}
