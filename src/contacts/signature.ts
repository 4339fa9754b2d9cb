/**
 * Contact details read from an email-signature-like message ("Thanks, / Bob Lee / IT Manager / T: 555…").
 * Pure: text in, the fields it is fairly sure about out. It prefills a form a person checks before saving, so
 * it prefers leaving a field empty to guessing: a wrong title is worse than none.
 */
import { MIN_PHONE_DIGITS } from './search-query';
import { emailIn } from './email';
import { digitsOnly, PHONE_RUN_SOURCE } from './phone';

export interface SignatureDetails {
  name?: string;
  title?: string;
  email?: string;
  phone?: string;
  extension?: string;
  mobile?: string;
}

const MAX_INPUT = 20_000;
const MAX_LINES = 200;
const MAX_LINE = 300;
const MAX_FIELD = 200;
/** Without a sign-off line, the signature is taken to be the last few lines. */
const TRAILING_LINES = 8;
const MAX_PHONE_DIGITS = 15;

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ndash: '–', mdash: '—', middot: '·', bull: '•' };

/** The text of a Teams message body (HTML): one line per paragraph, break or list item; tags dropped. */
export function plainTextOf(html: string): string {
  return html
    .slice(0, MAX_INPUT)
    .replace(/<(style|script)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<(?:br|hr)\b[^>]*>/gi, '\n')
    .replace(/<\/(?:p|div|li|tr|h[1-6]|blockquote|table)\s*>/gi, '\n')
    .replace(/<\/(?:td|th)\s*>/gi, ' | ')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]+));/gi, (entity, dec?: string, hex?: string, name?: string) => {
      if (name !== undefined) return ENTITIES[name.toLowerCase()] ?? entity;
      const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    });
}

const SIGN_OFF =
  /^(?:--+|—|__+|thanks?(?: you| again| so much)?|many thanks|thx|cheers|regards|kind regards|best regards|warm regards|warmest regards|with regards|best|best wishes|all the best|sincerely|yours(?: truly| sincerely)?|respectfully|br|kr)\s*[,.!]?$/i;
/** Where a quoted earlier message starts: everything after belongs to someone else. */
const QUOTE_START = /^(?:-{2,}\s*(?:original|forwarded) message\s*-{2,}|from:\s.+|on .+ wrote:|sent from my .+|get outlook for .+)$/i;

const PHONE_RUN = new RegExp(PHONE_RUN_SOURCE);
const EXTENSION = /^\s*(?:,|;)?\s*(?:ext\.?|extension|x)\s*(\d{1,6})\b/i;
const MOBILE_LABEL = /^(?:m|mob|mobile|mobile phone|mobile number|cell|cellphone|cell phone|cell number|c|handy)$/i;
const PHONE_LABEL = /^(?:t|tel|telephone|phone|ph|p|o|office|office phone|direct|direct line|direct dial|d|dd|w|work|work phone|main|landline|phone number)$/i;
const FAX_LABEL = /^(?:f|fax)$/i;
const TITLE_LABEL = /^(?:title|job title|position|role)\s*:\s*(.+)$/i;
const NAME = /^\p{Lu}[\p{L}'’.-]*(?:\s+(?:\p{Lu}[\p{L}'’.-]*|van|von|de|da|del|der|di|la|le|bin|al)){1,4}$/u;
const TITLE_WORDS =
  /\b(?:manager|director|officer|engineer|administrator|admin|technician|specialist|coordinator|assistant|president|vp|ceo|cto|cfo|coo|cio|ciso|owner|founder|partner|head|lead|analyst|consultant|developer|accountant|receptionist|supervisor|executive|chief|secretary|controller|architect|associate|representative|agent|principal|scientist|nurse|physician|doctor|attorney|counsel|bookkeeper|clerk|intern|generalist|liaison|planner|buyer|advisor|adviser)\b/i;
const COMPANY_SUFFIX = /\b(?:inc|llc|ltd|limited|corp|corporation|gmbh|co|company|plc|ag|sa|bv|pty)\.?$/i;
const SEGMENT_SEPARATORS = /\s*(?:\||·|•|\s{3,}|\t)\s*/;

export function parseSignature(text: string): SignatureDetails {
  const lines = linesOf(text);
  const block = signatureBlock(lines);
  const details: SignatureDetails = {};

  const email = firstMatch(block, emailIn) ?? firstMatch(lines, emailIn);
  if (email !== undefined) details.email = email;
  Object.assign(details, phonesIn(block));

  const { name, nameLine, titleOnNameLine } = nameIn(block);
  if (name !== undefined) details.name = name;
  const title = titleOnNameLine ?? titleIn(block, nameLine);
  if (title !== undefined) details.title = title;
  return details;
}

function linesOf(text: string): string[] {
  const all = text
    .slice(0, MAX_INPUT)
    .split(/\r?\n/)
    .map((l) => l.replace(/[\s\u00a0\u200b-\u200d\u2060\ufeff]+/g, ' ').trim().slice(0, MAX_LINE))
    .filter((l) => l !== '' && !/^[>|]+$/.test(l));
  const quote = all.findIndex((l) => QUOTE_START.test(l));
  return (quote >= 0 ? all.slice(0, quote) : all).slice(0, MAX_LINES);
}

interface Block {
  lines: string[];
  /** True when a sign-off line ("Thanks,") was found: the first line after it is then likely the name. */
  signedOff: boolean;
}

function signatureBlock(lines: string[]): Block {
  let signOff = -1;
  lines.forEach((line, i) => {
    if (SIGN_OFF.test(line)) signOff = i;
  });
  if (signOff >= 0 && signOff < lines.length - 1) return { lines: lines.slice(signOff + 1), signedOff: true };
  return { lines: lines.slice(-TRAILING_LINES), signedOff: false };
}

function firstMatch(source: Block | string[], find: (line: string) => string | undefined): string | undefined {
  const lines = Array.isArray(source) ? source : source.lines;
  for (const line of lines) {
    const found = find(line);
    // A value too long for ITFlow's column is not a real one; cutting it would make a wrong one.
    if (found !== undefined && found.length <= MAX_FIELD) return found;
  }
  return undefined;
}

/** Labelled numbers go where their label says; an unlabelled one is the office phone. Fax numbers are skipped. */
function phonesIn(block: Block): Pick<SignatureDetails, 'phone' | 'extension' | 'mobile'> {
  const found: Pick<SignatureDetails, 'phone' | 'extension' | 'mobile'> = {};
  for (const line of block.lines) {
    for (const segment of line.split(SEGMENT_SEPARATORS)) {
      const number = PHONE_RUN.exec(segment);
      if (number === null) continue;
      const digits = digitsOnly(number[0]).length;
      if (digits < MIN_PHONE_DIGITS || digits > MAX_PHONE_DIGITS) continue;
      const label = segment.slice(0, number.index).replace(/[\s:.\-–—]+$/, '').trim();
      if (FAX_LABEL.test(label)) continue;
      if (label !== '' && !MOBILE_LABEL.test(label) && !PHONE_LABEL.test(label)) continue;
      const value = number[0].trim().slice(0, MAX_FIELD);
      if (MOBILE_LABEL.test(label)) {
        found.mobile ??= value;
      } else if (found.phone === undefined) {
        found.phone = value;
        const extension = EXTENSION.exec(segment.slice(number.index + number[0].length));
        if (extension?.[1] !== undefined) found.extension = extension[1];
      }
    }
  }
  return found;
}

/** Right after a sign-off: "Bob Lee" or "Bob Lee, IT Manager" / "Bob Lee | IT Manager". */
function nameIn(block: Block): { name?: string; nameLine: number; titleOnNameLine?: string } {
  if (!block.signedOff) return { nameLine: -1 };
  const first = block.lines[0] ?? '';
  const [head = '', ...rest] = first.split(/\s*(?:,|\||–|—|\s-\s)\s*/);
  if (!NAME.test(head) || head.length > MAX_FIELD) return { nameLine: -1 };
  const titleOnNameLine = rest.map((r) => r.trim()).find((r) => looksLikeTitle(r, true));
  return { name: head, nameLine: 0, ...(titleOnNameLine !== undefined && { titleOnNameLine }) };
}

/**
 * An explicit "Title:" line; else the first line (or part of one) with a job word in it; else the line right
 * after the name, when it reads like a title rather than a company or an address.
 */
function titleIn(block: Block, nameLine: number): string | undefined {
  for (const line of block.lines) {
    const labelled = TITLE_LABEL.exec(line);
    if (labelled?.[1] !== undefined && isTexty(labelled[1])) return labelled[1].trim().slice(0, MAX_FIELD);
  }
  for (const [i, line] of block.lines.entries()) {
    if (i === nameLine) continue;
    const part = line.split(SEGMENT_SEPARATORS).find((p) => looksLikeTitle(p, true));
    if (part !== undefined) return part.trim();
  }
  const next = nameLine >= 0 ? block.lines[nameLine + 1] : undefined;
  const part = next?.split(SEGMENT_SEPARATORS)[0];
  return part !== undefined && looksLikeTitle(part, false) ? part.trim() : undefined;
}

function looksLikeTitle(text: string, needsTitleWord: boolean): boolean {
  const t = text.trim();
  if (!isTexty(t) || t.split(/\s+/).length > 8 || COMPANY_SUFFIX.test(t) || SIGN_OFF.test(t)) return false;
  return !needsTitleWord || TITLE_WORDS.test(t);
}

/** Words only: no digits, addresses or links, not a sentence. */
function isTexty(text: string): boolean {
  const t = text.trim();
  return t.length >= 2 && t.length <= 80 && !/\d|@|https?:|www\.|[.!?]$/i.test(t);
}
