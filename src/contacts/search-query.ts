/** What a search text asks for: an email, a phone number, a contact id, or words. Pure functions, no I/O. */
import { isEmailAddress } from './email';
import { digitsOnly, PHONE_RUN_SOURCE } from './phone';
import { fold, words } from './text';

export type QueryClass =
  | { kind: 'email'; email: string }
  | { kind: 'phone'; digits: string }
  | { kind: 'id'; id: number }
  | { kind: 'text'; text: string };

/** Fewer digits than this is an extension or a fragment, not a phone number. */
export const MIN_PHONE_DIGITS = 7;

const CONTACT_ID = /^#\s*(\d{1,9})$/;
const PHONE_CHARS = /^\+?[\d\s().\-/]+$/;
// "tel:" links and a trailing extension ("x204", "ext. 204") around an otherwise plain number.
const TEL_PREFIX = /^tel:\s*/i;
const EXTENSION_SUFFIX = /\s*(?:ext\.?|extension|x|#)\s*\d{1,6}$/i;

export function classifyQuery(query: string): QueryClass {
  const q = query.trim().replace(/^mailto:/i, '');
  const id = CONTACT_ID.exec(q);
  if (id) return { kind: 'id', id: Number(id[1]) };
  if (isEmailAddress(q)) return { kind: 'email', email: q };
  const number = q.replace(TEL_PREFIX, '').replace(EXTENSION_SUFFIX, '');
  const digits = digitsOnly(number);
  if (digits.length >= MIN_PHONE_DIGITS && PHONE_CHARS.test(number)) return { kind: 'phone', digits };
  return { kind: 'text', text: q };
}

/** One thing every hit must match. */
export type SearchTerm =
  | { kind: 'word'; word: string }
  /** Folded, possibly partial ("sally@acme"). */
  | { kind: 'email'; email: string }
  | { kind: 'phone'; digits: string };

/** A run of phone characters inside a longer text ("sally 555-901-0101"). */
const PHONE_RUN = new RegExp(PHONE_RUN_SOURCE, 'g');
const MAX_TERMS = 8;

/** Splits a search text into terms; a phone number written with spaces stays one term. */
export function searchTerms(text: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  const rest = text.replace(PHONE_RUN, (run) => {
    const digits = digitsOnly(run);
    if (digits.length < MIN_PHONE_DIGITS) return run;
    terms.push({ kind: 'phone', digits });
    return ' ';
  });
  for (const chunk of rest.split(/\s+/)) {
    const bare = chunk.replace(/^[<(["']+|[>)\]"',;:.?!]+$/g, '');
    // "@acme.example" is a domain: its words search emails and client names like any other words.
    if (bare.indexOf('@') > 0) {
      terms.push({ kind: 'email', email: fold(bare.replace(/^mailto:/i, '')) });
      continue;
    }
    for (const word of words(bare)) {
      if (!terms.some((t) => t.kind === 'word' && t.word === word)) terms.push({ kind: 'word', word });
    }
  }
  return terms.slice(0, MAX_TERMS);
}
