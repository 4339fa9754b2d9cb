/**
 * Finding contacts in memory, because ITFlow's API cannot search by name. Pure: the index is built from contacts
 * and two name lookups, and answers synchronously.
 *
 * It covers the fields ITFlow's own web search covers (name, title, department, email, phone/mobile/extension,
 * client name, location name). Every query word must match some field; how well it matched ranks the hits: an
 * exact word beats a prefix, which beats a substring, which beats a typo, whatever the fields (the field only
 * nudges within a tier). A full name, email or phone equal to the query lifts a hit above all others.
 */
import type { Contact } from '../itflow/types';
import { ContactStore, SlotsById } from './contact-store';
import { digitsOnly } from './phone';
import { EmailIndex } from './search-emails';
import { compacted, withAdded, withRemoved, type NumberList } from './search-lists';
import { PhoneIndex } from './search-phones';
import { classifyQuery, searchTerms, type SearchTerm } from './search-query';
import { Scratch, SlotColumns, hashString, type Source, type TermVisitor } from './search-slots';
import { Vocabulary } from './search-vocabulary';
import { allowedEdits, fold, words, wordsWithCompounds, clientFilterMatches, foldedName, type FoldedName } from './text';

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

export const DEFAULT_SEARCH_LIMIT = 8;

export function buildContactIndex(contacts: readonly Contact[], lookups: SearchLookups): ContactIndex {
  const index = new InvertedContactIndex(lookups);
  for (const contact of contacts) index.upsert(contact);
  index.compact();
  return index;
}

/*
 * Contact fields are indexed per contact (postings slot * 8 + field). Client and location names are indexed once
 * per client or location (postings id * 8 + field) and reach contacts through slotsByClient / slotsByLocation,
 * so thousands of contacts of one client don't each carry its name.
 */
const Field = { name: 0, email: 1, phone: 2, title: 3, department: 4, client: 5, location: 6 } as const;
const FIELD_SHIFT = 3;
const FIELD_MASK = 7;
const FIELD_BONUS: readonly number[] = [0.9, 0.7, 0.9, 0.5, 0.5, 0.4, 0.3];
// Each tier is a whole point apart and a field bonus plus prefix coverage stays below one point, so the tier wins.
const Tier = { exact: 4, prefix: 3, substring: 2, oneEdit: 1, twoEdits: 0.5 } as const;
const COVERAGE_WEIGHT = 0.09;
const EXACT_BONUS = 10;

interface TermMatches extends TermVisitor {
  /** Slots whose email or phone equals the term (a strong answer when the term is the whole query). */
  exact: ReadonlySet<number>;
}

interface Candidate {
  slot: number;
  score: number;
  exact: boolean;
}

const NO_SLOTS: ReadonlySet<number> = new Set();

class InvertedContactIndex implements ContactIndex {
  /** The contacts themselves, packed; a slot is a contact's position in it. */
  private readonly store = new ContactStore();
  private readonly slotById = new SlotsById((slot) => this.store.id(slot));
  private readonly contactWords = new Vocabulary();
  private readonly placeWords = new Vocabulary();
  private readonly emails = new EmailIndex((slot) => fold(this.store.text(slot, 'email').trim()));
  private readonly phones = new PhoneIndex((slot) => [this.store.text(slot, 'phone'), this.store.text(slot, 'mobile')]);
  private readonly slotsByClient = new Map<number, NumberList>();
  private readonly slotsByLocation = new Map<number, NumberList>();
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
    this.contactWords.compact();
    this.placeWords.compact();
    this.emails.compact();
    this.phones.compact();
    compactAll(this.slotsByClient);
    compactAll(this.slotsByLocation);
  }

  search(query: SearchQuery): SearchResult {
    const limit = Math.max(0, Math.floor(query.limit ?? DEFAULT_SEARCH_LIMIT));
    const clientIds = query.client === undefined ? null : this.clientsMatching(query.client);
    const includeArchived = query.includeArchived ?? false;
    let total = 0;
    let exactCount = 0;
    const top: Candidate[] = [];
    this.eachCandidate(query.text, clientIds, (slot, score, exact) => {
      if (!includeArchived && this.columns.isArchived(slot)) return;
      if (clientIds !== null && !clientIds.has(this.store.clientId(slot))) return;
      if (query.clientIds !== undefined && !query.clientIds.has(this.store.clientId(slot))) return;
      total++;
      if (exact) exactCount++;
      const worst = top.length === limit ? top[limit - 1] : undefined;
      if (limit > 0 && (worst === undefined || score >= worst.score)) this.keepTop(top, slot, score, exact, limit);
    });
    return {
      total,
      hits: top.map((c, i) => ({
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
      for (const id of clientIds ?? []) for (const slot of this.slotsByClient.get(id) ?? []) each(slot, 0, false);
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
        return this.matchWord(term.word);
      case 'email':
        return this.matchEmail(term.email);
      case 'phone':
        return this.matchPhone(term.digits);
    }
  }

  private matchWord(word: string): TermMatches {
    // A lone letter is an initial ("s smith"): matching it anywhere but in names would match nearly everything.
    const nameOnly = word.length === 1;
    const sources: Source[] = [];
    for (const [id, q] of termQualities(this.contactWords, word)) {
      const scores = FIELD_BONUS.map((bonus, field) => (nameOnly && field !== Field.name ? -1 : q + bonus));
      sources.push({ list: this.contactWords.postings(id), shift: FIELD_SHIFT, mask: FIELD_MASK, scores: [...scores, -1] });
    }
    if (!nameOnly) {
      for (const [id, q] of termQualities(this.placeWords, word)) {
        for (const posting of this.placeWords.postings(id)) {
          sources.push({ list: this.slotsOfPlace(posting), shift: 0, mask: 0, scores: [q + FIELD_BONUS[posting & FIELD_MASK]!] });
        }
      }
    }
    return { cost: sources.reduce((sum, source) => sum + source.list.length, 0), exact: NO_SLOTS, sources };
  }

  private slotsOfPlace(posting: number): Readonly<NumberList> {
    const places = (posting & FIELD_MASK) === Field.client ? this.slotsByClient : this.slotsByLocation;
    return places.get(posting >>> FIELD_SHIFT) ?? [];
  }

  private matchEmail(email: string): TermMatches {
    const slots: number[] = [];
    const scores: number[] = [];
    const exact = new Set<number>();
    this.emails.withPrefix(email, (slot, stored) => {
      if (stored === email) exact.add(slot);
      const q = stored === email ? Tier.exact : Tier.prefix + (COVERAGE_WEIGHT * email.length) / stored.length;
      slots.push(slot);
      scores.push(q + FIELD_BONUS[Field.email]!);
    });
    return { cost: slots.length, exact, sources: [{ list: slots, shift: 0, mask: 0, scores: [], itemScores: scores }] };
  }

  private matchPhone(digits: string): TermMatches {
    const slots = this.phones.find(digits);
    return { cost: slots.length, exact: new Set(slots), sources: [{ list: slots, shift: 0, mask: 0, scores: [Tier.exact + FIELD_BONUS[Field.phone]!] }] };
  }

  private clientsMatching(filter: string): Set<number> | null {
    const wanted = words(filter);
    if (wanted.length === 0) return null;
    const ids = new Set<number>();
    for (const [id, name] of this.clientWords) if (clientFilterMatches(wanted, name)) ids.add(id);
    return ids;
  }

  /**
   * Keeps `top` sorted best first and at most `limit` long. Takes the candidate in parts: a broad query offers
   * thousands, and only those that make the list become objects.
   */
  private keepTop(top: Candidate[], slot: number, score: number, exact: boolean, limit: number): void {
    const last = top[top.length - 1];
    if (top.length === limit && last !== undefined && this.rank(slot, score, last) >= 0) return;
    let at = top.length;
    while (at > 0 && this.rank(slot, score, top[at - 1]!) < 0) at--;
    top.splice(at, 0, { slot, score, exact });
    if (top.length > limit) top.pop();
  }

  /**
   * Negative when the slot with `score` ranks before `b`: score, then primary, important, not archived, name
   * (as ITFlow lists them).
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

  /** Indexes the contact now in `slot` (the store holds it already). */
  private index(slot: number, c: Contact): void {
    this.eachContactWord(c, (field, word) => this.contactWords.add(word, (slot << FIELD_SHIFT) | field));
    this.emails.add(slot);
    this.phones.add(slot);
    this.noteClient(c.clientId);
    pushTo(this.slotsByClient, c.clientId, slot);
    if (c.locationId > 0) {
      this.noteLocation(c.locationId);
      pushTo(this.slotsByLocation, c.locationId, slot);
    }
    // Only the key's hash is kept: a string per contact costs megabytes, and only hash matches need the key again.
    this.columns.set(slot, c, nameKeyOf(c.name), fold(c.name));
  }

  /**
   * Undoes index() for the contact as it was indexed (its words are computed again, the same way). The store
   * still holds it.
   */
  private unindex(slot: number, c: Contact): void {
    this.eachContactWord(c, (field, word) => {
      const id = this.contactWords.idOf(word);
      if (id !== undefined) this.contactWords.remove(id, (slot << FIELD_SHIFT) | field);
    });
    this.emails.remove(slot);
    this.phones.remove(slot);
    removeFrom(this.slotsByClient, c.clientId, slot);
    if (c.locationId > 0) removeFrom(this.slotsByLocation, c.locationId, slot);
  }

  /**
   * Each distinct word of the contact once, in the field that scores it best. A query word takes its best score
   * per contact, so "sally" in both the name and sally.smith@… needs only the name's posting: emails repeat
   * names, and the duplicates would double the postings a name query walks.
   */
  private eachContactWord(c: Contact, each: (field: number, word: string) => void): void {
    const seen: string[] = [];
    const fields: number[] = [];
    const offer = (field: number, word: string): void => {
      const at = seen.indexOf(word);
      if (at < 0) {
        seen.push(word);
        fields.push(field);
      } else if (FIELD_BONUS[field]! > FIELD_BONUS[fields[at]!]!) {
        fields[at] = field;
      }
    };
    for (const word of wordsWithCompounds(c.name)) offer(Field.name, word);
    for (const word of words(c.title)) offer(Field.title, word);
    for (const word of words(c.department)) offer(Field.department, word);
    for (const word of words(c.email)) offer(Field.email, word);
    const extension = digitsOnly(c.extension);
    if (extension !== '') offer(Field.phone, extension);
    for (let i = 0; i < seen.length; i++) each(fields[i]!, seen[i]!);
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

/** Which terms of a vocabulary a query word matches, and how well (the best tier for each). */
function termQualities(vocabulary: Vocabulary, word: string): Map<number, number> {
  const quality = new Map<number, number>();
  const keep = (id: number, q: number): void => {
    if ((quality.get(id) ?? -1) < q) quality.set(id, q);
  };
  const covering = (tier: number) => (id: number) => keep(id, tier + (COVERAGE_WEIGHT * word.length) / vocabulary.term(id).length);
  vocabulary.withPrefix(word, covering(Tier.prefix));
  if (word.length >= 3) vocabulary.containing(word, covering(Tier.substring));
  const exactId = vocabulary.idOf(word);
  if (exactId !== undefined) keep(exactId, Tier.exact);
  const edits = /^\d+$/.test(word) ? 0 : allowedEdits(word);
  if (edits > 0) vocabulary.near(word, edits, (id, d) => keep(id, d === 1 ? Tier.oneEdit : Tier.twoEdits));
  return quality;
}

/** The name's folded words in order, so "smith sally" and "Sally Smith" share a key. */
function nameKeyOf(name: string): string {
  return words(name).sort().join(' ');
}

function pushTo(map: Map<number, NumberList>, key: number, slot: number): void {
  const slots = map.get(key);
  map.set(key, slots === undefined ? [slot] : withAdded(slots, slot));
}

function removeFrom(map: Map<number, NumberList>, key: number, slot: number): void {
  const slots = map.get(key);
  if (slots !== undefined) map.set(key, withRemoved(slots, slot));
}

function compactAll(map: Map<number, NumberList>): void {
  for (const [key, slots] of map) map.set(key, compacted(slots));
}
