import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Contact } from '../../src/contacts/contact';

/** One recorded exchange with a real ITFlow server (test/fixtures/itflow/*.txt), parsed. */
export interface RecordedExchange {
  file: string;
  server: 'latest' | 'legacy';
  number: number;
  name: string;
  request: { method: string; path: string; query: URLSearchParams; body: string | null };
  response: { status: number; headers: Record<string, string>; body: string };
}

export const FIXTURE_DIR = path.resolve(__dirname, '../fixtures/itflow');

export function loadExchange(file: string): RecordedExchange {
  const text = readFileSync(path.join(FIXTURE_DIR, file), 'utf8');
  const lines = text.split('\n');
  const match = /^(latest|legacy)-(\d+)-(.+)\.txt$/.exec(file);
  if (!match) throw new Error(`not a fixture name: ${file}`);

  const sent = lines.filter((l) => l.startsWith('> ')).map((l) => l.slice(2));
  const [method, target] = (sent[0] ?? '').split(' ');
  const blank = sent.indexOf('');
  const body = blank >= 0 && blank < sent.length - 1 ? sent.slice(blank + 1).join('\n') : null;
  const url = new URL(target ?? '/', 'http://fixture.invalid');

  const start = lines.findIndex((l) => l.startsWith('# ---------------- raw response'));
  const end = lines.findIndex((l, i) => i > start && l.startsWith('# ---------------- (annotation'));
  // Status line and headers end in CRLF; the body is as the server sent it.
  const raw = lines.slice(start + 1, end);
  const separator = raw.findIndex((l) => l === '\r' || l === '');
  const head = raw.slice(0, separator).map((l) => l.replace(/\r$/, ''));
  const status = Number((head[0] ?? '').split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  // The transcript adds one newline after the body; an empty body leaves only blank lines.
  const responseBody = raw.slice(separator + 1).join('\n').replace(/\n+$/, '');

  return {
    file,
    server: match[1] as 'latest' | 'legacy',
    number: Number(match[2]),
    name: match[3]!,
    request: { method: method ?? 'GET', path: url.pathname, query: url.searchParams, body },
    response: { status, headers, body: responseBody },
  };
}

export function loadExchanges(server: 'latest' | 'legacy'): RecordedExchange[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.startsWith(`${server}-`) && f.endsWith('.txt'))
    .sort()
    .map(loadExchange);
}

/**
 * Contact 6 as both recorded servers return it from read-by-contact_id (exchange 03), normalised. The fields the
 * two server generations answer differently (created date, auth method, country codes) are left to each test.
 */
export const RECORDED_SALLY_JONES: Omit<Contact, 'createdAt' | 'authMethod' | 'phoneCountryCode' | 'mobileCountryCode'> = {
  id: 6,
  clientId: 2,
  name: 'Sally Jones',
  title: 'Help Desk Lead',
  department: 'IT Support',
  email: 'sally.jones@globex.example',
  phone: '5552020100',
  extension: '301',
  mobile: '5559020201',
  notes: 'Primary contact. Opens most tickets.',
  primary: true,
  important: false,
  billing: false,
  technical: true,
  locationId: 3,
  updatedAt: null,
  archivedAt: null,
};
