import { fold, words } from '../../src/contacts/text';
import { seededRandom } from '../../src/sandbox/synthetic';
import type { SampleContact } from './protocol';

/**
 * The query mix a help desk types, built from contacts that exist: full names (as stored and as typed without
 * accents), first names, typos, partial words, phone numbers in the formats people paste, emails, and
 * "name at client". Deterministic for a given sample and seed. Pure.
 */

export type QueryKind = 'fullName' | 'firstName' | 'typo' | 'partial' | 'phone' | 'email' | 'nameAtClient';

export interface BenchQuery {
  kind: QueryKind;
  /** What the compose box would hold. */
  text: string;
  /** What is typed to the bot in a chat. */
  message: string;
}

/** Out of 20 queries. */
const MIX: ReadonlyArray<readonly [QueryKind, number]> = [
  ['fullName', 4],
  ['firstName', 2],
  ['typo', 3],
  ['partial', 3],
  ['phone', 4],
  ['email', 2],
  ['nameAtClient', 2],
];

export function buildQueries(sample: readonly SampleContact[], count: number, seed = 1): BenchQuery[] {
  if (sample.length === 0) throw new Error('no contacts to build queries from');
  const random = seededRandom(seed);
  const kinds = MIX.flatMap(([kind, weight]) => Array.from({ length: weight }, () => kind));
  const queries: BenchQuery[] = [];
  for (let i = 0; i < count; i++) {
    const contact = sample[Math.floor(random() * sample.length)]!;
    const kind = kinds[i % kinds.length]!;
    const text = queryText(kind, contact, random);
    queries.push({ kind, text, message: kind === 'email' || kind === 'phone' ? text : `find ${text}` });
  }
  return queries;
}

function queryText(kind: QueryKind, contact: SampleContact, random: () => number): string {
  const parts = contact.name.split(/\s+/);
  const first = parts[0] ?? contact.name;
  const last = parts.slice(1).join(' ') || first;
  switch (kind) {
    case 'fullName':
      return random() < 0.5 ? contact.name : fold(contact.name);
    case 'firstName':
      return first;
    case 'typo':
      return `${first} ${typo(fold(last), random)}`;
    case 'partial':
      return `${fold(first).slice(0, 3)} ${(words(last)[0] ?? last).slice(0, 4)}`;
    case 'phone':
      return formatPhone(contact.mobile !== '' ? contact.mobile : contact.phone, random);
    case 'email':
      return contact.email;
    case 'nameAtClient':
      return `${first} at ${contact.clientName}`;
  }
}

/** One slip of the finger: two neighbours swapped, or one letter dropped or doubled. */
export function typo(word: string, random: () => number): string {
  const letters = [...word.replace(/[^a-z]/g, '')];
  if (letters.length < 5) return letters.join('');
  const at = 1 + Math.floor(random() * (letters.length - 2));
  const kind = Math.floor(random() * 3);
  if (kind === 0) [letters[at], letters[at + 1]] = [letters[at + 1]!, letters[at]!];
  else if (kind === 1) letters.splice(at, 1);
  else letters.splice(at, 0, letters[at]!);
  return letters.join('');
}

/** A ten-digit North American number as people write it. */
export function formatPhone(digits: string, random: () => number): string {
  if (!/^\d{10}$/.test(digits)) return digits;
  const [a, b, c] = [digits.slice(0, 3), digits.slice(3, 6), digits.slice(6)];
  const formats = [`(${a}) ${b}-${c}`, `+1 ${a} ${b} ${c}`, `${a}.${b}.${c}`, digits, `+1${digits}`, `${a}-${b}-${c}`];
  return formats[Math.floor(random() * formats.length)]!;
}
