/** Per-slot typed arrays for the search index: the hot loops of a query touch these, not Contact objects. */
import type { Contact } from '../itflow/types';

export type Visit = (slot: number, score: number) => void;

/** The slots one query term matches, each with a score. */
export interface TermVisitor {
  /** Postings to visit: the cheapest term goes first, so later ones only check its survivors. */
  cost: number;
  visit(each: Visit): void;
}

/**
 * What filtering and exact-name checks need of each contact, packed in typed arrays. A broad query ("s") yields
 * tens of thousands of candidates; reading these instead of Contact objects scattered over the heap keeps it fast.
 */
export class SlotColumns {
  private archived = new Uint8Array(0);
  private clientIds = new Int32Array(0);
  private nameHashes = new Int32Array(0);

  set(slot: number, contact: Contact, nameKey: string): void {
    if (slot >= this.archived.length) this.grow(slot + 1);
    this.archived[slot] = contact.archivedAt === null ? 0 : 1;
    this.clientIds[slot] = contact.clientId;
    this.nameHashes[slot] = hashString(nameKey);
  }

  isArchived(slot: number): boolean {
    return this.archived[slot] === 1;
  }

  clientId(slot: number): number {
    return this.clientIds[slot] ?? 0;
  }

  nameHash(slot: number): number {
    return this.nameHashes[slot] ?? 0;
  }

  private grow(size: number): void {
    const capacity = Math.max(size, this.archived.length * 2, 1024);
    const archived = new Uint8Array(capacity);
    archived.set(this.archived);
    const clientIds = new Int32Array(capacity);
    clientIds.set(this.clientIds);
    const nameHashes = new Int32Array(capacity);
    nameHashes.set(this.nameHashes);
    this.archived = archived;
    this.clientIds = clientIds;
    this.nameHashes = nameHashes;
  }
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
