/**
 * Finding contacts in memory, because ITFlow's API cannot search by name. Pure: the index is built from contacts
 * and two name lookups, and answers synchronously.
 *
 * It covers the fields ITFlow's own web search covers (name, title, department, email, phone/mobile/extension,
 * client name, location name). Every query word must match some field; how well it matched ranks the hits: an
 * exact word beats a prefix, which beats a substring, which beats a typo, whatever the fields (the field only
 * nudges within a tier). A full name, email or phone equal to the query lifts a hit above all others.
 */
import type { Contact } from './contact';
import { digitsOnly, trailingDigitsMatch } from './phone';
import { closestNames, typoBudget } from './did-you-mean';
import { classifyQuery, MIN_PHONE_DIGITS, searchTerms, type SearchTerm } from './search-query';
import { Scratch, SlotColumns, hashString, type TermVisitor } from './search-slots';
import { Vocabulary } from './search-vocabulary';
import { allowedEdits, fold, words, wordsWithCompounds, clientFilterMatches, foldedName, type FoldedName } from './text';
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
  get(id: number): Contact | undefined;
}

export const DEFAULT_SEARCH_LIMIT = RESULT_PAGE_SIZE;

export function buildContactIndex(contacts: readonly Contact[], lookups: SearchLookups): ContactIndex {
  const index = new InvertedContactIndex(lookups);
  for (const contact of contacts) index.upsert(contact);
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
  private readonly contactWords = new Vocabulary();
  private readonly placeWords = new Vocabulary();
  private readonly emails = new Vocabulary();
  /** Last seven digits of every phone and mobile → slots, so any formatting or country code still finds them. */
  private readonly phones = new Map<number, number | number[]>();
  private readonly slotsByClient = new Map<number, number[]>();
  private readonly slotsByLocation = new Map<number, number[]>();
  /** Folded words of every client name seen, for the client filter. */
  private readonly clientWords = new Map<number, FoldedName>();
  private readonly slotById = new Map<number, number>();
  private readonly contacts: Contact[] = [];
  /** Folded names for the final tie-break, filled on first use (broad queries compare thousands of ties). */
  private readonly sortNames: Array<string | undefined> = [];
  private readonly columns = new SlotColumns();
  private readonly scratch = new Scratch();

  constructor(private readonly lookups: SearchLookups) {}

  get size(): number {
    return this.contacts.length;
  }

  get(id: number): Contact | undefined {
    const slot = this.slotById.get(id);
    return slot === undefined ? undefined : this.contacts[slot];
  }

  upsert(contact: Contact): void {
    let slot = this.slotById.get(contact.id);
    if (slot === undefined) {
      slot = this.contacts.length;
      this.slotById.set(contact.id, slot);
      this.contacts.push(contact);
    } else {
      this.unindex(slot, this.contacts[slot]!);
      this.contacts[slot] = contact;
    }
    this.index(slot, contact);
  }

  search(query: SearchQuery): SearchResult {
    const limit = Math.max(0, Math.floor(query.limit ?? DEFAULT_SEARCH_LIMIT));
    const clientIds = query.client === undefined ? null : this.clientsMatching(query.client);
    const includeArchived = query.includeArchived ?? false;
    let total = 0;
    let exactCount = 0;
    let archived = 0;
    const top: Candidate[] = [];
    this.eachCandidate(query.text, clientIds, (slot, score, exact) => {
      if (clientIds !== null && !clientIds.has(this.columns.clientId(slot))) return;
      if (query.clientIds !== undefined && !query.clientIds.has(this.columns.clientId(slot))) return;
      if (!includeArchived && this.columns.isArchived(slot)) {
        archived++;
        return;
      }
      total++;
      if (exact) exactCount++;
      const worst = top.length === limit ? top[limit - 1] : undefined;
      if (limit > 0 && (worst === undefined || score >= worst.score)) this.keepTop(top, slot, score, exact, limit);
    });
    const suggest = total <= 1 && classifyQuery(query.text).kind === 'text' ? (query.suggest ?? 0) : 0;
    return {
      total,
      archived,
      near: suggest > 0 ? this.nearNames(query, clientIds, new Set(top.map((c) => c.slot)), suggest, total === 0) : [],
      hits: top.map((c, i) => ({
        contact: this.contacts[c.slot]!,
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
    this.scratch.intersect(this.contacts.length, matches, (slot, score) => {
      const exact =
        exactTerm.has(slot) || (nameKey !== null && this.columns.nameHash(slot) === nameHash && nameKeyOf(this.contacts[slot]!.name) === nameKey);
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
    const contactTerms = termQualities(this.contactWords, word);
    const placeTerms = nameOnly ? new Map<number, number>() : termQualities(this.placeWords, word);
    let cost = 0;
    for (const id of contactTerms.keys()) cost += this.contactWords.postingCount(id);
    for (const id of placeTerms.keys()) {
      for (const posting of this.placeWords.postings(id)) cost += this.slotsOfPlace(posting).length;
    }
    return {
      cost,
      exact: NO_SLOTS,
      visit: (each) => {
        for (const [id, q] of contactTerms) {
          for (const posting of this.contactWords.postings(id)) {
            const field = posting & FIELD_MASK;
            if (!nameOnly || field === Field.name) each(posting >>> FIELD_SHIFT, q + FIELD_BONUS[field]!);
          }
        }
        for (const [id, q] of placeTerms) {
          for (const posting of this.placeWords.postings(id)) {
            const score = q + FIELD_BONUS[posting & FIELD_MASK]!;
            for (const slot of this.slotsOfPlace(posting)) each(slot, score);
          }
        }
      },
    };
  }

  private slotsOfPlace(posting: number): readonly number[] {
    const places = (posting & FIELD_MASK) === Field.client ? this.slotsByClient : this.slotsByLocation;
    return places.get(posting >>> FIELD_SHIFT) ?? [];
  }

  private matchEmail(email: string): TermMatches {
    const vocabulary = this.emails;
    const exactId = vocabulary.idOf(email);
    const ids: number[] = [];
    vocabulary.withPrefix(email, (id) => ids.push(id));
    const exact = new Set(exactId === undefined ? [] : vocabulary.postings(exactId).map((p) => p >>> FIELD_SHIFT));
    return {
      cost: ids.reduce((sum, id) => sum + vocabulary.postingCount(id), 0),
      exact,
      visit: (each) => {
        for (const id of ids) {
          const q = id === exactId ? Tier.exact : Tier.prefix + (COVERAGE_WEIGHT * email.length) / vocabulary.term(id).length;
          for (const posting of vocabulary.postings(id)) each(posting >>> FIELD_SHIFT, q + FIELD_BONUS[Field.email]!);
        }
      },
    };
  }

  private matchPhone(digits: string): TermMatches {
    const slots = slotsIn(this.phones, phoneKey(digits)).filter((slot) => {
      const c = this.contacts[slot]!;
      return phoneMatches(c.phone, digits) || phoneMatches(c.mobile, digits);
    });
    return {
      cost: slots.length,
      exact: new Set(slots),
      visit: (each) => {
        for (const slot of slots) each(slot, Tier.exact + FIELD_BONUS[Field.phone]!);
      },
    };
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
      .filter((slot) => (clientIds === null || clientIds.has(this.columns.clientId(slot))) && (query.clientIds?.has(this.columns.clientId(slot)) ?? true))
      .map((slot) => this.contacts[slot]!);
    return closestNames(query.text, candidates, limit, partial).map((n) => n.candidate);
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
    // Typed columns settle nearly every tie; the Contact objects and full names are read only for the rest.
    const byStanding = this.columns.compareStanding(slot, b.slot);
    if (byStanding !== 0) return byStanding;
    const byPrefix = this.columns.compareNamePrefix(slot, b.slot);
    if (byPrefix !== 0) return byPrefix;
    const ca = this.contacts[slot]!;
    const cb = this.contacts[b.slot]!;
    const na = (this.sortNames[slot] ??= fold(ca.name));
    const nb = (this.sortNames[b.slot] ??= fold(cb.name));
    if (na !== nb) return na < nb ? -1 : 1;
    return ca.id - cb.id;
  }

  private index(slot: number, c: Contact): void {
    this.eachContactWord(c, (field, word) => this.contactWords.add(word, (slot << FIELD_SHIFT) | field));
    const email = fold(c.email.trim());
    if (email !== '') this.emails.add(email, (slot << FIELD_SHIFT) | Field.email);
    for (const key of phoneKeys(c)) addSlot(this.phones, key, slot);
    this.noteClient(c.clientId);
    pushTo(this.slotsByClient, c.clientId, slot);
    if (c.locationId > 0) {
      this.noteLocation(c.locationId);
      pushTo(this.slotsByLocation, c.locationId, slot);
    }
    this.sortNames[slot] = undefined;
    // Only the key's hash is kept: a string per contact costs megabytes, and only hash matches need the key again.
    this.columns.set(slot, c, nameKeyOf(c.name), fold(c.name));
  }

  /** Undoes index() for the contact as it was indexed (its words are computed again, the same way). */
  private unindex(slot: number, c: Contact): void {
    this.eachContactWord(c, (field, word) => {
      const id = this.contactWords.idOf(word);
      if (id !== undefined) this.contactWords.remove(id, (slot << FIELD_SHIFT) | field);
    });
    const emailId = this.emails.idOf(fold(c.email.trim()));
    if (emailId !== undefined) this.emails.remove(emailId, (slot << FIELD_SHIFT) | Field.email);
    for (const key of phoneKeys(c)) removeSlot(this.phones, key, slot);
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

function pushTo<K>(map: Map<K, number[]>, key: K, slot: number): void {
  const slots = map.get(key);
  if (slots) slots.push(slot);
  else map.set(key, [slot]);
}

function removeFrom<K>(map: Map<K, number[]>, key: K, slot: number): void {
  const slots = map.get(key);
  const at = slots?.indexOf(slot) ?? -1;
  if (slots && at >= 0) slots.splice(at, 1);
}

/*
 * A key's only slot is kept as the number itself: most phone keys (mobiles) belong to one contact, and an array
 * would cost 56 bytes each.
 */
function addSlot(map: Map<number, number | number[]>, key: number, slot: number): void {
  const slots = map.get(key);
  if (slots === undefined) map.set(key, slot);
  else if (typeof slots === 'number') map.set(key, [slots, slot]);
  else slots.push(slot);
}

function removeSlot(map: Map<number, number | number[]>, key: number, slot: number): void {
  const slots = map.get(key);
  if (slots === slot) {
    map.delete(key);
  } else if (typeof slots === 'object') {
    const at = slots.indexOf(slot);
    if (at >= 0) slots.splice(at, 1);
  }
}

function slotsIn(map: Map<number, number | number[]>, key: number): readonly number[] {
  const slots = map.get(key);
  if (slots === undefined) return [];
  return typeof slots === 'number' ? [slots] : slots;
}

function phoneKeys(c: Contact): number[] {
  const keys: number[] = [];
  for (const number of [c.phone, c.mobile]) {
    const digits = digitsOnly(number);
    if (digits.length < MIN_PHONE_DIGITS) continue;
    const key = phoneKey(digits);
    if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}

/** The last seven digits as a number: a hundred thousand string keys would cost more than the numbers they key. */
function phoneKey(digits: string): number {
  return Number(digits.slice(-MIN_PHONE_DIGITS));
}

/** The query is the number's last 7+ digits, or the number with a country code or prefix in front (phone.ts). */
function phoneMatches(stored: string, query: string): boolean {
  return trailingDigitsMatch(digitsOnly(stored), query);
}
