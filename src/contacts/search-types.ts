/**
 * What a contact index is asked and what it answers: the contract the directory and the service rely on, kept
 * apart from the inverted index in search.ts that implements it.
 */
import type { Contact } from './contact';
import { RESULT_PAGE_SIZE } from './result-page';

export interface SearchLookups {
  clientName(id: number): string;
  locationName(id: number): string;
}

export interface SearchQuery {
  text: string;
  /** Restricts hits to clients whose name starts with this (or whose words start with its words). */
  client?: string;
  /** Only contacts of these client ids exist for this query (ALLOWED_CLIENT_IDS): not in hits, total or strong. */
  clientIds?: ReadonlySet<number>;
  includeArchived?: boolean;
  /** How many hits to return; `total` still counts them all. Default 8. */
  limit?: number;
  /** When at most one contact matches a name query, offer up to this many others near it by typo. Default 0. */
  suggest?: number;
}

export interface SearchHit {
  contact: Contact;
  score: number;
  /** This hit is clearly THE answer: its full name, email or phone equals the query and no other hit's does. */
  strong: boolean;
}

export interface SearchResult {
  hits: SearchHit[];
  total: number;
  /** Archived contacts that match but were left out (0 when archived ones are included). */
  archived: number;
  /** Other contacts whose names are near the query by typo (only with `suggest`, when at most one matched). */
  near: Contact[];
}

export interface ContactIndex {
  readonly size: number;
  search(query: SearchQuery): SearchResult;
  /** Adds the contact, or replaces the one with its id. */
  upsert(contact: Contact): void;
  /**
   * Packs what a bulk load built into its compact, sorted form: less memory, and the first query after the
   * load does not pay for sorting. Searches are correct with or without it; upserts may follow.
   */
  compact(): void;
  get(id: number): Contact | undefined;
}

export const DEFAULT_SEARCH_LIMIT = RESULT_PAGE_SIZE;
