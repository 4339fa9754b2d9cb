/**
 * Finding contacts in memory, because ITFlow's API cannot search by name. Pure: the index is built from contacts
 * and two name lookups, and answers synchronously.
 *
 * It covers the fields ITFlow's own web search covers (name, title, department, email, phone/mobile/extension,
 * client name, location name). Every query word must match some field; how well it matched ranks the hits (see
 * search-matching.ts). A full name, email or phone equal to the query lifts a hit above all others.
 */
import type { Contact } from './contact';
import { closestNames, typoBudget } from './did-you-mean';
import { ContactStore, SlotsById } from './contact-store';
import { EmailIndex } from './search-emails';
import { SlotLists, type NumberList } from './search-lists';
import { PhoneIndex } from './search-phones';
import { classifyQuery, searchTerms, type SearchTerm } from './search-query';
import { eachIndexedWord, EXACT_BONUS, Field, FIELD_MASK, FIELD_SHIFT, matchEmail, matchPhone, matchWord, NO_SLOTS, Tier, type TermMatches } from './search-matching';
import { Scratch, SlotColumns, hashString } from './search-slots';
import { TopHits } from './search-top';
import { Vocabulary } from './search-vocabulary';
import { fold, words, clientFilterMatches, foldedName, type FoldedName } from './text';
import { DEFAULT_SEARCH_LIMIT, type ContactIndex, type SearchLookups, type SearchQuery, type SearchResult } from './search-types';

export function buildContactIndex(contacts: readonly Contact[], lookups: SearchLookups): ContactIndex {
  const index = new InvertedContactIndex(lookups);
  for (const contact of contacts) index.upsert(contact);
  index.compact();
  return index;
}

class InvertedContactIndex implements ContactIndex {
  /** The contacts themselves, packed; a slot is a contact's position in it. */
  private readonly store = new ContactStore();
  private readonly slotById = new SlotsById((slot) => this.store.id(slot));
  private readonly contactWords = new Vocabulary();
  private readonly placeWords = new Vocabulary();
  private readonly emails = new EmailIndex((slot) => fold(this.store.text(slot, 'email').trim()));
  private readonly phones = new PhoneIndex((slot) => [this.store.text(slot, 'phone'), this.store.text(slot, 'mobile')]);
  private readonly slotsByClient = new SlotLists();
  private readonly slotsByLocation = new SlotLists();
  /** Folded words of every client name seen, for the client filter. */
  private readonly clientWords = new Map<number, FoldedName>();
  private readonly columns = new SlotColumns();
  private readonly scratch = new Scratch();

  constructor(private readonly lookups: SearchLookups) {}

  get size(): number {
    return this.store.size;
  }

  get(id: number): Contact | undefined {
    const slot = this.slotById.get(id);
    return slot === undefined ? undefined : this.store.contact(slot);
  }

  upsert(contact: Contact): void {
    let slot = this.slotById.get(contact.id);
    if (slot === undefined) {
      slot = this.store.size;
      this.store.set(slot, contact);
      this.slotById.add(slot);
    } else {
      this.unindex(slot, this.store.contact(slot));
      this.store.set(slot, contact);
    }
    this.index(slot, contact);
  }

  compact(): void {
    this.store.compact();
    this.columns.compact(this.store.size);
    this.contactWords.compact();
    this.placeWords.compact();
    this.emails.compact();
    this.phones.compact();
    this.slotsByClient.compact();
    this.slotsByLocation.compact();
  }

  search(query: SearchQuery): SearchResult {
    const limit = Math.max(0, Math.floor(query.limit ?? DEFAULT_SEARCH_LIMIT));
    const clientIds = query.client === undefined ? null : this.clientsMatching(query.client);
    const includeArchived = query.includeArchived ?? false;
    let total = 0;
    let exactCount = 0;
    let archived = 0;
    const top = new TopHits(limit, this.columns, this.store);
    this.eachCandidate(query.text, clientIds, (slot, score, exact) => {
      if (clientIds !== null && !clientIds.has(this.store.clientId(slot))) return;
      if (query.clientIds !== undefined && !query.clientIds.has(this.store.clientId(slot))) return;
      if (!includeArchived && this.columns.isArchived(slot)) {
        archived++;
        return;
      }
      total++;
      if (exact) exactCount++;
      top.offer(slot, score, exact);
    });
    const suggest = total <= 1 && classifyQuery(query.text).kind === 'text' ? (query.suggest ?? 0) : 0;
    return {
      total,
      archived,
      near: suggest > 0 ? this.nearNames(query, clientIds, new Set(top.list.map((c) => c.slot)), suggest, total === 0) : [],
      hits: top.list.map((c, i) => ({
        contact: this.store.contact(c.slot),
        score: c.score,
        strong: i === 0 && c.exact && exactCount === 1,
      })),
    };
  }

  private eachCandidate(text: string, clientIds: ReadonlySet<number> | null, each: (slot: number, score: number, exact: boolean) => void): void {
    const query = classifyQuery(text);
    let terms: SearchTerm[];
    switch (query.kind) {
      case 'id': {
        const slot = this.slotById.get(query.id);
        if (slot !== undefined) each(slot, Tier.exact + EXACT_BONUS, true);
        return;
      }
      case 'email':
        terms = [{ kind: 'email', email: fold(query.email) }];
        break;
      case 'phone':
        terms = [{ kind: 'phone', digits: query.digits }];
        break;
      case 'text':
        terms = searchTerms(query.text);
    }
    if (terms.length === 0) {
      // "find contacts at acme": a client filter alone lists that client's contacts.
      for (const id of clientIds ?? []) for (const slot of this.slotsByClient.get(id)) each(slot, 0, false);
      return;
    }

    const matches = terms.map((t) => this.matchTerm(t));
    const nameKey = terms.every((t) => t.kind === 'word') ? terms.map((t) => t.word).sort().join(' ') : null;
    const nameHash = nameKey === null ? 0 : hashString(nameKey);
    const exactTerm = terms.length === 1 ? matches[0]!.exact : NO_SLOTS;
    this.scratch.intersect(this.store.size, matches, (slot, score) => {
      const exact =
        exactTerm.has(slot) || (nameKey !== null && this.columns.nameHash(slot) === nameHash && nameKeyOf(this.store.text(slot, 'name')) === nameKey);
      each(slot, exact ? score + EXACT_BONUS : score, exact);
    });
  }

  private matchTerm(term: SearchTerm): TermMatches {
    switch (term.kind) {
      case 'word':
        return matchWord(this.contactWords, this.placeWords, (posting) => this.slotsOfPlace(posting), term.word);
      case 'email':
        return matchEmail(this.emails, term.email);
      case 'phone':
        return matchPhone(this.phones, term.digits);
    }
  }

  private slotsOfPlace(posting: number): Readonly<NumberList> {
    const places = (posting & FIELD_MASK) === Field.client ? this.slotsByClient : this.slotsByLocation;
    return places.get(posting >>> FIELD_SHIFT);
  }

  /** Contacts whose names are near the query by typo, for "did you mean" (the scoring is in did-you-mean.ts). */
  private nearNames(query: SearchQuery, clientIds: ReadonlySet<number> | null, exclude: ReadonlySet<number>, limit: number, partial: boolean): Contact[] {
    // Candidates come from the vocabulary: names with a word near a query word (the longest, or any when partial).
    const queryWords = words(query.text).sort((a, b) => b.length - a.length);
    const keys = partial ? queryWords.slice(0, 3) : queryWords.slice(0, 1);
    const slots = new Set<number>();
    const collect = (id: number): void => {
      for (const posting of this.contactWords.postings(id)) if ((posting & FIELD_MASK) === Field.name) slots.add(posting >>> FIELD_SHIFT);
    };
    for (const key of keys) {
      this.contactWords.withPrefix(key, collect);
      // The vocabulary counts a swap as two edits, did-you-mean as one: ask it for one more and let scoring decide.
      if (typoBudget(key) > 0) this.contactWords.near(key, typoBudget(key) + 1, collect);
    }
    const candidates = [...slots]
      .filter((slot) => !exclude.has(slot) && (query.includeArchived === true || !this.columns.isArchived(slot)))
      .filter((slot) => (clientIds === null || clientIds.has(this.store.clientId(slot))) && (query.clientIds?.has(this.store.clientId(slot)) ?? true))
      .map((slot) => this.store.contact(slot));
    return closestNames(query.text, candidates, limit, partial).map((n) => n.candidate);
  }

  private clientsMatching(filter: string): Set<number> | null {
    const wanted = words(filter);
    if (wanted.length === 0) return null;
    const ids = new Set<number>();
    for (const [id, name] of this.clientWords) if (clientFilterMatches(wanted, name)) ids.add(id);
    return ids;
  }

  /** Indexes the contact now in `slot` (the store holds it already). */
  private index(slot: number, c: Contact): void {
    eachIndexedWord(c, (field, word) => this.contactWords.add(word, (slot << FIELD_SHIFT) | field));
    this.emails.add(slot);
    this.phones.add(slot);
    this.noteClient(c.clientId);
    this.slotsByClient.add(c.clientId, slot);
    if (c.locationId > 0) {
      this.noteLocation(c.locationId);
      this.slotsByLocation.add(c.locationId, slot);
    }
    // Only the key's hash is kept: a string per contact costs megabytes, and only hash matches need the key again.
    this.columns.set(slot, c, nameKeyOf(c.name), fold(c.name));
  }

  /**
   * Undoes index() for the contact as it was indexed (its words are computed again, the same way). The store
   * still holds it.
   */
  private unindex(slot: number, c: Contact): void {
    eachIndexedWord(c, (field, word) => {
      const id = this.contactWords.idOf(word);
      if (id !== undefined) this.contactWords.remove(id, (slot << FIELD_SHIFT) | field);
    });
    this.emails.remove(slot);
    this.phones.remove(slot);
    this.slotsByClient.remove(c.clientId, slot);
    if (c.locationId > 0) this.slotsByLocation.remove(c.locationId, slot);
  }

  private noteClient(id: number): void {
    if (this.clientWords.has(id)) return;
    const name = foldedName(this.lookups.clientName(id));
    this.clientWords.set(id, name);
    for (const word of name.words) this.placeWords.add(word, (id << FIELD_SHIFT) | Field.client);
  }

  private noteLocation(id: number): void {
    if (this.slotsByLocation.has(id)) return;
    for (const word of words(this.lookups.locationName(id))) this.placeWords.add(word, (id << FIELD_SHIFT) | Field.location);
  }
}

/** The name's folded words in order, so "smith sally" and "Sally Smith" share a key. */
function nameKeyOf(name: string): string {
  return words(name).sort().join(' ');
}
