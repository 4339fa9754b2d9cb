/** Text normalisation shared by search and command parsing. Pure functions, no I/O. */

// Letters that NFKD does not decompose into a base letter plus marks.
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const SPECIAL_RE = new RegExp(`[${Object.keys(SPECIAL_LETTERS).join('')}]`, 'g');
const NON_ASCII = /[^ -~\t\n\r]/;
const COMBINING_MARKS = /\p{M}+/gu;

/** Lower case without accents, so "José Álvarez" and "jose alvarez" compare equal (as MariaDB does). */
export function fold(text: string): string {
  const lower = text.toLowerCase();
  // Most contact data is ASCII; normalize() is the costly part of building an index, so skip it when it can't matter.
  if (!NON_ASCII.test(lower)) return lower;
  return lower
    .replace(SPECIAL_RE, (ch) => SPECIAL_LETTERS[ch] ?? ch)
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '');
}

/** Folded words of a text: "Marcus O'Brien-Smith" → ["marcus", "obrien", "smith"]. */
export function words(text: string): string[] {
  const out: string[] = [];
  tokenize(text, out, null);
  return out;
}

/**
 * Words, then the joined form of every hyphen- or dot-joined group, so "Mary-Jane" is found by "mary", "jane"
 * and "maryjane".
 */
export function wordsWithCompounds(text: string): string[] {
  const out: string[] = [];
  const compounds: string[] = [];
  tokenize(text, out, compounds);
  return compounds.length === 0 ? out : out.concat(compounds);
}

const OTHER_LETTER = /[\p{L}\p{N}]/u;

function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
  return OTHER_LETTER.test(String.fromCharCode(c));
}

function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 0x2018 || c === 96 || c === 0xb4;
}

/**
 * Splits on anything but letters and digits, except that an apostrophe inside a word joins ("O'Brien" is
 * "obrien"). Hand-written rather than regex-split because building an index tokenizes every field of every
 * contact, and this allocates only the words themselves.
 */
function tokenize(text: string, out: string[], compounds: string[] | null): void {
  const s = fold(text);
  let runStart = -1;
  let word = '';
  let chunk = '';
  let parts = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 32;
    if (isWordChar(c)) {
      if (runStart < 0) runStart = i;
      continue;
    }
    if (runStart >= 0) {
      word += s.slice(runStart, i);
      runStart = -1;
    }
    if (word !== '' && isApostrophe(c) && i + 1 < s.length && isWordChar(s.charCodeAt(i + 1))) continue;
    if (word !== '') {
      out.push(word);
      if (compounds !== null) chunk += word;
      parts++;
      word = '';
    }
    if (c <= 32 || c === 160) {
      if (compounds !== null && parts > 1) compounds.push(chunk);
      chunk = '';
      parts = 0;
    }
  }
}

/**
 * A 32-bit summary of which characters occur in a word (a–z one bit each, digits and the rest share two). One edit
 * changes at most two bits, so words whose masks differ in more than 2·k bits are more than k edits apart: a cheap
 * filter before the real distance.
 */
export function charMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 97 && c <= 122) mask |= 1 << (c - 97);
    else if (c >= 48 && c <= 57) mask |= 1 << 26;
    else mask |= 1 << 27;
  }
  return mask;
}

export function popCount(n: number): number {
  let v = n - ((n >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

// Three rolling rows, reused across calls: fuzzy matching runs this thousands of times per query.
const MAX_FUZZY_LENGTH = 64;
const rows = [0, 1, 2].map(() => new Int32Array(MAX_FUZZY_LENGTH + 1));

/**
 * Optimal-string-alignment distance (insert, delete, substitute, swap two neighbours), giving up early: returns
 * `max + 1` as soon as the distance is known to exceed `max` (and for words too long to be typos of each other).
 */
export function editDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max || b.length > MAX_FUZZY_LENGTH) return max + 1;
  const n = b.length;
  let [prevPrev, prev, cur] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        d = Math.min(d, prevPrev[j - 2]! + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return Math.min(prev[n]!, max + 1);
}

/** How many typos a query word may carry: none below 4 characters, 1 up to 7, 2 from 8. */
export function allowedEdits(word: string): number {
  if (word.length < 4) return 0;
  return word.length < 8 ? 1 : 2;
}

/** A name as the client filter compares it: folded words, and those words joined. */
export interface FoldedName {
  words: string[];
  phrase: string;
}

export function foldedName(name: string): FoldedName {
  const w = words(name);
  return { words: w, phrase: w.join(' ') };
}

/**
 * The client filter ("find sally at acme"): the name starts with the filter, or every filter word starts a word
 * of the name ("acme", "acme corp", "corp" all match "Acme Corp"). An empty filter matches nothing.
 */
export function clientFilterMatches(filterWords: readonly string[], name: FoldedName): boolean {
  if (filterWords.length === 0) return false;
  return name.phrase.startsWith(filterWords.join(' ')) || filterWords.every((w) => name.words.some((n) => n.startsWith(w)));
}
