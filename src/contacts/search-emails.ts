/**
 * Exact and prefix lookups by email ("sally@acme.example", "sally.jo@"): contact slots sorted by folded email.
 * The emails themselves stay in the contact store and are read through `emailOf`, so the index costs 4 bytes
 * per contact instead of a term, a map entry and sorted copies per email (~110 bytes).
 */

/** Slots added since the last merge wait unsorted until this many (or as many as are sorted) have gathered. */
const MERGE_BATCH = 32768;

export class EmailIndex {
  private sorted = new Int32Array(0);
  private sortedCount = 0;
  private pending: number[] = [];

  /** `emailOf(slot)`: the contact's email as compared, trimmed and folded; "" for none. */
  constructor(private readonly emailOf: (slot: number) => string) {}

  /** Adds the slot under its current email (nothing for an empty one). */
  add(slot: number): void {
    if (this.emailOf(slot) === '') return;
    this.pending.push(slot);
    // Merging costs a pass over the sorted slots, so batches grow with them: a bulk load stays linear.
    if (this.pending.length >= Math.max(MERGE_BATCH, this.sortedCount)) this.merge();
  }

  /** Removes the slot. Call it while the store still holds the email the slot was added under. */
  remove(slot: number): void {
    const at = this.pending.indexOf(slot);
    if (at >= 0) {
      this.pending[at] = this.pending[this.pending.length - 1]!;
      this.pending.pop();
      return;
    }
    const email = this.emailOf(slot);
    if (email === '') return;
    for (let i = this.lowerBound(email); i < this.sortedCount && this.emailOf(this.sorted[i]!) === email; i++) {
      if (this.sorted[i] !== slot) continue;
      this.sorted.copyWithin(i, i + 1, this.sortedCount);
      this.sortedCount--;
      return;
    }
  }

  /** Visits every slot whose email starts with `prefix` (equal included), with that email. */
  withPrefix(prefix: string, visit: (slot: number, email: string) => void): void {
    this.merge();
    for (let i = this.lowerBound(prefix); i < this.sortedCount; i++) {
      const slot = this.sorted[i]!;
      const email = this.emailOf(slot);
      if (!email.startsWith(prefix)) return;
      visit(slot, email);
    }
  }

  /** Sorts in what is pending: for after a bulk load, so the first query does not pay for it. */
  compact(): void {
    this.merge();
  }

  private lowerBound(email: string): number {
    let lo = 0;
    let hi = this.sortedCount;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.emailOf(this.sorted[mid]!) < email) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private merge(): void {
    if (this.pending.length === 0) return;
    const fresh = this.pending.map((slot) => ({ slot, email: this.emailOf(slot) })).sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
    this.pending = [];
    const size = this.sortedCount + fresh.length;
    const merged = new Int32Array(size);
    let i = 0;
    let j = 0;
    let current = i < this.sortedCount ? this.emailOf(this.sorted[0]!) : '';
    for (let k = 0; k < size; k++) {
      if (j >= fresh.length || (i < this.sortedCount && current <= fresh[j]!.email)) {
        merged[k] = this.sorted[i++]!;
        if (i < this.sortedCount) current = this.emailOf(this.sorted[i]!);
      } else {
        merged[k] = fresh[j++]!.slot;
      }
    }
    this.sorted = merged;
    this.sortedCount = size;
  }
}
