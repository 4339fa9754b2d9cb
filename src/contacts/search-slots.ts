/** Per-slot typed arrays for the search index: the hot loops of a query touch these, not Contact objects. */
import type { Contact } from './contact';

export type Visit = (slot: number, score: number) => void;

/** The slots one query term matches, each with a score. */
export interface TermVisitor {
  /** Postings to visit: the cheapest term goes first, so later ones only check its survivors. */
  cost: number;
  visit(each: Visit): void;
}

/**
 * What filtering, exact-name checks and ranking need of each contact, packed in typed arrays. A broad query ("s")
 * yields tens of thousands of candidates; reading these instead of Contact objects scattered over the heap keeps
 * it fast.
 */
export class SlotColumns {
  /** Lower ranks first: 4 unless primary, + 2 unless important, + 1 if archived. */
  private standings = new Uint8Array(0);
  private clientIds = new Int32Array(0);
  private nameHashes = new Int32Array(0);
  /** The folded name's first three UTF-16 code units as one number: orders like the strings, mostly. */
  private namePrefixes = new Float64Array(0);

  /** `sortName`: the folded name that ties are ordered by. */
  set(slot: number, contact: Contact, nameKey: string, sortName: string): void {
    if (slot >= this.standings.length) this.grow(slot + 1);
    this.standings[slot] = (contact.primary ? 0 : 4) + (contact.important ? 0 : 2) + (contact.archivedAt === null ? 0 : 1);
    this.clientIds[slot] = contact.clientId;
    this.nameHashes[slot] = hashString(nameKey);
    this.namePrefixes[slot] = ((sortName.charCodeAt(0) || 0) * 65536 + (sortName.charCodeAt(1) || 0)) * 65536 + (sortName.charCodeAt(2) || 0);
  }

  isArchived(slot: number): boolean {
    return ((this.standings[slot] ?? 0) & 1) === 1;
  }

  /** Primary, then important, then not archived rank first: negative when `a` does. */
  compareStanding(a: number, b: number): number {
    return (this.standings[a] ?? 0) - (this.standings[b] ?? 0);
  }

  /** Negative or positive when the names' first three characters decide their order; 0 when they do not. */
  compareNamePrefix(a: number, b: number): number {
    const pa = this.namePrefixes[a] ?? 0;
    const pb = this.namePrefixes[b] ?? 0;
    return pa === pb ? 0 : pa < pb ? -1 : 1;
  }

  clientId(slot: number): number {
    return this.clientIds[slot] ?? 0;
  }

  nameHash(slot: number): number {
    return this.nameHashes[slot] ?? 0;
  }

  private grow(size: number): void {
    const capacity = Math.max(size, this.standings.length * 2, 1024);
    this.standings = grown(new Uint8Array(capacity), this.standings);
    this.clientIds = grown(new Int32Array(capacity), this.clientIds);
    this.nameHashes = grown(new Int32Array(capacity), this.nameHashes);
    this.namePrefixes = grown(new Float64Array(capacity), this.namePrefixes);
  }
}

function grown<T extends Uint8Array | Int32Array | Float64Array>(bigger: T, old: T): T {
  bigger.set(old);
  return bigger;
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
  private matched = new Int32Array(0);
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
        ordered[i]!.visit((slot, score) => {
          const m = matched[slot];
          if (m === i) {
            matched[slot] = i + 1;
            best[slot] = score;
            touched[count++] = slot;
            if (i === 0) firstCount = count;
          } else if (m === i + 1 && score > best[slot]!) {
            best[slot] = score;
          }
        });
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
    this.matched = new Int32Array(capacity);
    this.best = new Float64Array(capacity);
    this.total = new Float64Array(capacity);
    this.first = new Int32Array(capacity);
    this.lists = [new Int32Array(capacity), new Int32Array(capacity)];
  }
}
