/**
 * When a search may open one contact directly, and what it lists otherwise. Pure.
 *
 * The rule: open a lone hit only when no other contact is close. "Close" is another contact whose name is near
 * the query by prefix or typo (did-you-mean.ts), even when the index, stricter on short words, did not count it
 * as a match: `find jon` must not open Sally Jones while John Carter exists, it lists both.
 */
import type { Contact } from './contact';

export interface Listing {
  hits: Contact[];
  total: number;
  /** Contacts near the query that are not hits: the "did you mean" offers when nothing matched. */
  didYouMean: Contact[];
}

/** A single hit with close others becomes a list of them all, the hit first; a no-match keeps them as offers. */
export function withCloseOthers(hits: readonly Contact[], total: number, near: readonly Contact[], firstPage: boolean): Listing {
  if (total === 1 && near.length > 0) {
    return { hits: firstPage ? [...hits, ...near] : [], total: total + near.length, didYouMean: [] };
  }
  return { hits: [...hits], total, didYouMean: total === 0 ? [...near] : [] };
}

/** The one contact to open directly: the strong answer, or the only match when nothing else is close. */
export function soleAnswer(strong: Contact | null, hits: readonly Contact[], total: number): Contact | null {
  return strong ?? (total === 1 && hits.length === 1 ? hits[0]! : null);
}
