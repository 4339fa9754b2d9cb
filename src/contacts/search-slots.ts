/** Per-slot typed arrays for the search index: the hot loops of a query touch these, not Contact objects. */
import type { Contact } from './contact';
import type { NumberList } from './search-lists';

export type Visit = (slot: number, score: number) => void;

/**
 * A list of numbers that each name a slot and a score: the slot is `n >>> shift`, the score `scores[n & mask]`
 * (or `itemScores[k]` for the k-th number, when given); a negative score skips the number. So a posting list
 * (slot << 3 | field) is walked with a score per field, and a list of slots with one score.
 */
export interface Source {
  list: Readonly<NumberList>;
  shift: number;
  mask: number;
  scores: readonly number[];
  itemScores?: readonly number[];
}

/** The slots one query term matches, each with a score: every source's, a slot keeping its best. */
export interface TermVisitor {
  /** Numbers to walk: the cheapest term goes first, so later ones only check its survivors. */
  cost: number;
  sources: readonly Source[];
}

/**
 * What filtering, exact-name checks and ranking need of each contact, packed in typed arrays. A broad query ("s")
 * yields tens of thousands of candidates; reading these instead of contacts keeps it fast.
 */
export class SlotColumns {
  /** Lower ranks first: 4 unless primary, + 2 unless important, + 1 if archived. */
  private standings = new Uint8Array(0);
  private nameHashes = new Int32Array(0);
  /**
   * The folded name's first 16 characters as two numbers (see nameCodes): compared in turn, they order like
   * the names, and equal codes mean equal names unless the last one says otherwise.
   */
  private nameHeads = new Float64Array(0);
  private nameTails = new Float64Array(0);

  /** `sortName`: the folded name that ties are ordered by. */
  set(slot: number, contact: Pick<Contact, 'primary' | 'important' | 'archivedAt'>, nameKey: string, sortName: string): void {
    if (slot >= this.standings.length) this.grow(slot + 1);
    this.standings[slot] = (contact.primary ? 0 : 4) + (contact.important ? 0 : 2) + (contact.archivedAt === null ? 0 : 1);
    this.nameHashes[slot] = hashString(nameKey);
    this.nameHeads[slot] = nameCode(sortName, 0);
    this.nameTails[slot] = nameCode(sortName, PREFIX_CHARS) * 2 + (isFullyCoded(sortName) ? 0 : 1);
  }

  isArchived(slot: number): boolean {
    return ((this.standings[slot] ?? 0) & 1) === 1;
  }

  /** Primary, then important, then not archived rank first: negative when `a` does. */
  compareStanding(a: number, b: number): number {
    return (this.standings[a] ?? 0) - (this.standings[b] ?? 0);
  }

  /**
   * Negative or positive when the names' codes decide their order; 0 when the names are equal; NaN when only
   * the names themselves can tell.
   */
  compareNames(a: number, b: number): number {
    const ha = this.nameHeads[a] ?? 0;
    const hb = this.nameHeads[b] ?? 0;
    if (ha !== hb) return ha < hb ? -1 : 1;
    const ta = this.nameTails[a] ?? 0;
    const tb = this.nameTails[b] ?? 0;
    if (ta !== tb) return ta < tb ? -1 : 1;
    return ta % 2 === 0 ? 0 : Number.NaN;
  }

  nameHash(slot: number): number {
    return this.nameHashes[slot] ?? 0;
  }

  /** Drops the room kept for growth beyond `size` slots: for after a bulk load. */
  compact(size: number): void {
    this.resize(size);
  }

  private grow(size: number): void {
    this.resize(Math.max(size, Math.ceil(this.standings.length * 1.5), 1024));
  }

  private resize(capacity: number): void {
    this.standings = resized(new Uint8Array(capacity), this.standings);
    this.nameHashes = resized(new Int32Array(capacity), this.nameHashes);
    this.nameHeads = resized(new Float64Array(capacity), this.nameHeads);
    this.nameTails = resized(new Float64Array(capacity), this.nameTails);
  }
}

const PREFIX_CHARS = 8;

/**
 * Eight characters of a folded name from `from`, 6 bits each, so that comparing codes compares those characters
 * in code-unit order (as `<` on the strings does). Letters, digits and the space have a code each; other
 * characters share a few codes that keep their order but cannot tell them apart, so a code stops after one of
 * those (and so does the next code: see isFullyCoded). 0 is the end of the name, so shorter names come first.
 */
export function nameCode(name: string, from: number): number {
  let code = 0;
  let exact = true;
  for (let i = 0; i < from && i < name.length && exact; i++) exact = isLetterDigitOrSpace(name.charCodeAt(i));
  for (let i = from; i < from + PREFIX_CHARS; i++) {
    const c: number = exact && i < name.length ? name.charCodeAt(i) : -1;
    code = code * 64 + (c < 0 ? 0 : charCode(c));
    exact = c >= 0 && isLetterDigitOrSpace(c);
  }
  return code;
}

/** True when the two codes hold the whole name: at most 16 characters, each with a code of its own. */
function isFullyCoded(name: string): boolean {
  if (name.length > 2 * PREFIX_CHARS) return false;
  for (let i = 0; i < name.length; i++) if (!isLetterDigitOrSpace(name.charCodeAt(i))) return false;
  return true;
}

/** A character's 6-bit code (1–42), rising with the character; only letters, digits and the space have their own. */
function charCode(c: number): number {
  if (c >= 97 && c <= 122) return 15 + c - 97;
  if (c === 32) return 2;
  if (c >= 48 && c <= 57) return 4 + c - 48;
  if (c < 32) return 1;
  if (c < 48) return 3;
  if (c < 97) return 14;
  return c < 128 ? 41 : 42;
}

function isLetterDigitOrSpace(c: number): boolean {
  return (c >= 97 && c <= 122) || c === 32 || (c >= 48 && c <= 57);
}

function resized<T extends Uint8Array | Int32Array | Float64Array>(fresh: T, old: T): T {
  fresh.set(old.length <= fresh.length ? old : old.subarray(0, fresh.length));
  return fresh;
}

/** FNV-1a, 32 bits: a cheap first check before comparing strings. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/**
 * Per-slot working arrays for one search, reused so a query allocates nothing proportional to the index.
 * Between searches every `matched` entry is zero.
 */
export class Scratch {
  /** Per slot: how many terms matched it so far (at most 8 terms). */
  private matched = new Uint8Array(0);
  private best = new Float64Array(0);
  private total = new Float64Array(0);
  // The slots each term touched: the first term's (to reset afterwards), and two that later terms take in turn.
  private first = new Int32Array(0);
  private lists = [new Int32Array(0), new Int32Array(0)];

  /** Calls `each` for the slots every term matched, with the sum over terms of each term's best score. */
  intersect(slotCount: number, terms: readonly TermVisitor[], each: Visit): void {
    this.ensure(slotCount);
    const { matched, best, total, first } = this;
    const ordered = [...terms].sort((a, b) => a.cost - b.cost);
    // Every slot a later term keeps was touched by the first, so resetting the first term's slots resets all.
    let firstCount = 0;
    let survivors = first;
    let survivorCount = 0;
    try {
      for (let i = 0; i < ordered.length; i++) {
        // Slots still in the running have matched === i; once touched by this term, i + 1.
        const touched = i === 0 ? first : this.lists[i % 2]!;
        let count = 0;
        // The hot loop of every search: plain loops over typed arrays, no call per number.
        for (const { list, shift, mask, scores, itemScores } of ordered[i]!.sources) {
          for (let k = 0; k < list.length; k++) {
            const n = list[k]!;
            const score = itemScores === undefined ? scores[n & mask]! : itemScores[k]!;
            if (score < 0) continue;
            const slot = n >>> shift;
            const m = matched[slot];
            if (m === i) {
              matched[slot] = i + 1;
              best[slot] = score;
              touched[count++] = slot;
            } else if (m === i + 1 && score > best[slot]!) {
              best[slot] = score;
            }
          }
          if (i === 0) firstCount = count;
        }
        for (let k = 0; k < count; k++) total[touched[k]!]! += best[touched[k]!]!;
        survivors = touched;
        survivorCount = count;
        if (count === 0) break;
      }
      for (let k = 0; k < survivorCount; k++) each(survivors[k]!, total[survivors[k]!]!);
    } finally {
      for (let k = 0; k < firstCount; k++) {
        matched[first[k]!] = 0;
        total[first[k]!] = 0;
      }
    }
  }

  private ensure(size: number): void {
    if (this.matched.length >= size) return;
    const capacity = Math.max(size, this.matched.length * 2, 1024);
    this.matched = new Uint8Array(capacity);
    this.best = new Float64Array(capacity);
    this.total = new Float64Array(capacity);
    this.first = new Int32Array(capacity);
    this.lists = [new Int32Array(capacity), new Int32Array(capacity)];
  }
}
