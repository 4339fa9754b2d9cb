/**
 * The few PHP and MariaDB behaviours ITFlow's API inherits, reproduced so the sandbox answers byte for byte
 * like the real server: intval(), isset()/empty(), strip_tags() + trim() (ITFlow's sanitizeInput), digits-only
 * phone cleaning, json_encode()'s escaping, and the case- and accent-insensitive collation. Pure functions.
 */

/** Thrown where PHP would die with a fatal error (TypeError and the like): the server answers 500, empty body. */
export class PhpFatalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PhpFatalError';
  }
}

// PHP's int is 64-bit; JS numbers are exact to 2^53, plenty for ids, limits and flags.
const INT_MAX = Number.MAX_SAFE_INTEGER;
const INT_MIN = Number.MIN_SAFE_INTEGER;
const LEADING_NUMBER = /^[ \t\n\r\v\f]*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)/;

/** PHP 8 intval() of a query-string or JSON value. */
export function intval(value: unknown): number {
  if (value === null || value === undefined || value === false) return 0;
  if (value === true) return 1;
  if (typeof value === 'number') return clampInt(value);
  if (typeof value === 'string') {
    const match = LEADING_NUMBER.exec(value);
    return match ? clampInt(Number(match[1])) : 0;
  }
  if (Array.isArray(value)) return value.length > 0 ? 1 : 0;
  if (typeof value === 'object') return Object.keys(value).length > 0 ? 1 : 0;
  return 0;
}

function clampInt(n: number): number {
  if (Number.isNaN(n)) return 0;
  return Math.max(INT_MIN, Math.min(INT_MAX, Math.trunc(n)));
}

/** PHP isset() on an array element: present and not null. */
export function isset(source: ReadonlyMap<string, unknown>, key: string): boolean {
  const value = source.get(key);
  return value !== undefined && value !== null;
}

/** PHP empty() of a scalar: "", "0", 0, false and null are empty. */
export function phpEmpty(value: string | number | null): boolean {
  return value === null || value === '' || value === '0' || value === 0;
}

/** PHP's (string) cast of a decoded JSON value; arrays and objects are fatal where ITFlow uses them as text. */
export function phpString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (value === true) return '1';
  if (value === false || value === null || value === undefined) return '';
  throw new PhpFatalError('array or object given where a string was expected');
}

// PHP's trim() default character list.
const TRIM_CHARS = ' \t\n\r\0\x0B';

export function phpTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && TRIM_CHARS.includes(text[start]!)) start++;
  while (end > start && TRIM_CHARS.includes(text[end - 1]!)) end--;
  return text.slice(start, end);
}

/**
 * PHP strip_tags(): drops anything that looks like a tag, a comment or a PHP block, keeps text. A "<"
 * followed by whitespace is text ("a < b" survives); an unterminated tag swallows the rest of the input.
 */
export function stripTags(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== '<') {
      out += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined || /\s/.test(next)) {
      out += c;
      i++;
    } else if (text.startsWith('<!--', i)) {
      i = skipPast(text, i + 4, '-->');
    } else if (next === '?') {
      i = skipPast(text, i + 2, '?>');
    } else {
      i = skipTag(text, i + 1);
    }
  }
  return out;
}

function skipPast(text: string, from: number, terminator: string): number {
  const end = text.indexOf(terminator, from);
  return end < 0 ? text.length : end + terminator.length;
}

function skipTag(text: string, from: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '<') {
      depth++;
    } else if (c === '>') {
      if (depth === 0) return i + 1;
      depth--;
    }
  }
  return text.length;
}

/** ITFlow's sanitizeInput(): strip tags, then trim (the SQL escaping it also does is irrelevant here). */
export function sanitizeInput(value: unknown): string {
  return phpTrim(stripTags(phpString(value)));
}

/** preg_replace('/[^0-9]/', '', $value): what ITFlow does to phone, mobile and extension. */
export function digitsOnly(value: unknown): string {
  return phpString(value).replace(/[^0-9]/g, '');
}

/**
 * MariaDB's utf8mb4_general_ci as far as it matters here: case- and accent-insensitive, trailing spaces
 * ignored. Used for exact lookups (email, client name) and ITFlow's duplicate-email check.
 */
export function collationKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ +$/, '');
}

/**
 * PHP json_encode() with default flags: "/" becomes "\/" and every non-ASCII character a \uXXXX escape
 * (astral characters as surrogate pairs), as ITFlow's responses show.
 */
export function phpJsonEncode(value: unknown): string {
  return JSON.stringify(value).replace(/[/\u0080-\uffff]/g, (ch) => (ch === '/' ? '\\/' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** MySQL DATETIME text in the server's local time, as ITFlow returns it: "YYYY-MM-DD HH:MM:SS". */
export function mysqlDateTime(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} ` +
    `${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`
  );
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#039;' };

/**
 * htmlspecialchars() with ENT_QUOTES and double_encode off, as PHP's built-in web server escapes the request
 * URI on its error pages: an "&" that already starts an entity is left alone.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&(?![a-zA-Z][a-zA-Z0-9]*;|#\d+;|#[xX][0-9a-fA-F]+;)|[<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}
