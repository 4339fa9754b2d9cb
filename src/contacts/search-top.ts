/** The best hits of one search, kept in order as candidates arrive. */
import type { ContactStore } from './contact-store';
import type { SlotColumns } from './search-slots';
import { fold } from './text';

export interface Candidate {
  slot: number;
  score: number;
  exact: boolean;
}

export class TopHits {
  readonly list: Candidate[] = [];

  constructor(
    private readonly limit: number,
    private readonly columns: SlotColumns,
    private readonly store: ContactStore,
  ) {}

  /**
   * Keeps the list sorted best first and at most `limit` long. Takes the candidate in parts: a broad query offers
   * thousands, and only those that make the list become objects.
   */
  offer(slot: number, score: number, exact: boolean): void {
    const top = this.list;
    if (this.limit === 0) return;
    const last = top[top.length - 1];
    if (top.length === this.limit && last !== undefined && (score < last.score || this.rank(slot, score, last) >= 0)) return;
    let at = top.length;
    while (at > 0 && this.rank(slot, score, top[at - 1]!) < 0) at--;
    top.splice(at, 0, { slot, score, exact });
    if (top.length > this.limit) top.pop();
  }

  /**
   * Negative when the slot with `score` ranks before `b`: score, then primary, important, not archived, name
   * (as ITFlow lists them), then id.
   */
  private rank(slot: number, score: number, b: Candidate): number {
    if (score !== b.score) return b.score - score;
    // Typed columns settle nearly every tie; names are read from the store only for the rest.
    const byStanding = this.columns.compareStanding(slot, b.slot);
    if (byStanding !== 0) return byStanding;
    const byName = this.columns.compareNames(slot, b.slot);
    if (byName !== 0 && !Number.isNaN(byName)) return byName;
    if (Number.isNaN(byName)) {
      // Long or unusual names alike in their first 16 characters: rare enough to fold them again here.
      const na = fold(this.store.text(slot, 'name'));
      const nb = fold(this.store.text(b.slot, 'name'));
      if (na !== nb) return na < nb ? -1 : 1;
    }
    return this.store.id(slot) - this.store.id(b.slot);
  }
}
