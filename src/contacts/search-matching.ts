/**
 * How one query term matches the index, and how well: the scoring rules. Every query word must match some field;
 * an exact word beats a prefix, which beats a substring, which beats a typo, whatever the fields (the field only
 * nudges within a tier).
 */
import type { Contact } from './contact';
import { digitsOnly } from './phone';
import type { EmailIndex } from './search-emails';
import type { NumberList } from './search-lists';
import type { PhoneIndex } from './search-phones';
import type { Source, TermVisitor } from './search-slots';
import type { Vocabulary } from './search-vocabulary';
import { allowedEdits, words, wordsWithCompounds } from './text';

/*
 * Contact fields are indexed per contact (postings slot * 8 + field). Client and location names are indexed once
 * per client or location (postings id * 8 + field) and reach contacts through the slots of that place, so
 * thousands of contacts of one client don't each carry its name.
 */
export const Field = { name: 0, email: 1, phone: 2, title: 3, department: 4, client: 5, location: 6 } as const;
export const FIELD_SHIFT = 3;
export const FIELD_MASK = 7;
const FIELD_BONUS: readonly number[] = [0.9, 0.7, 0.9, 0.5, 0.5, 0.4, 0.3];
// Each tier is a whole point apart and a field bonus plus prefix coverage stays below one point, so the tier wins.
export const Tier = { exact: 4, prefix: 3, substring: 2, oneEdit: 1, twoEdits: 0.5 } as const;
const COVERAGE_WEIGHT = 0.09;
/** Added for a hit whose full name, email or phone equals the query. */
export const EXACT_BONUS = 10;

export interface TermMatches extends TermVisitor {
  /** Slots whose email or phone equals the term (a strong answer when the term is the whole query). */
  exact: ReadonlySet<number>;
}

export const NO_SLOTS: ReadonlySet<number> = new Set();

/**
 * Each distinct word of the contact once, in the field that scores it best. A query word takes its best score
 * per contact, so "sally" in both the name and sally.smith@… needs only the name's posting: emails repeat
 * names, and the duplicates would double the postings a name query walks.
 */
export function eachIndexedWord(c: Contact, each: (field: number, word: string) => void): void {
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

/** `slotsOfPlace(posting)`: the slots of the client or location a place-word posting names. */
export function matchWord(words: Vocabulary, places: Vocabulary, slotsOfPlace: (posting: number) => Readonly<NumberList>, word: string): TermMatches {
  // A lone letter is an initial ("s smith"): matching it anywhere but in names would match nearly everything.
  const nameOnly = word.length === 1;
  const sources: Source[] = [];
  for (const [id, q] of termQualities(words, word)) {
    const scores = FIELD_BONUS.map((bonus, field) => (nameOnly && field !== Field.name ? -1 : q + bonus));
    sources.push({ list: words.postings(id), shift: FIELD_SHIFT, mask: FIELD_MASK, scores: [...scores, -1] });
  }
  if (!nameOnly) {
    for (const [id, q] of termQualities(places, word)) {
      for (const posting of places.postings(id)) {
        sources.push({ list: slotsOfPlace(posting), shift: 0, mask: 0, scores: [q + FIELD_BONUS[posting & FIELD_MASK]!] });
      }
    }
  }
  return { cost: sources.reduce((sum, source) => sum + source.list.length, 0), exact: NO_SLOTS, sources };
}

/** A folded email or the start of one ("sally@acme"). */
export function matchEmail(emails: EmailIndex, email: string): TermMatches {
  const slots: number[] = [];
  const scores: number[] = [];
  const exact = new Set<number>();
  emails.withPrefix(email, (slot, stored) => {
    if (stored === email) exact.add(slot);
    const q = stored === email ? Tier.exact : Tier.prefix + (COVERAGE_WEIGHT * email.length) / stored.length;
    slots.push(slot);
    scores.push(q + FIELD_BONUS[Field.email]!);
  });
  return { cost: slots.length, exact, sources: [{ list: slots, shift: 0, mask: 0, scores: [], itemScores: scores }] };
}

export function matchPhone(phones: PhoneIndex, digits: string): TermMatches {
  const slots = phones.find(digits);
  return { cost: slots.length, exact: new Set(slots), sources: [{ list: slots, shift: 0, mask: 0, scores: [Tier.exact + FIELD_BONUS[Field.phone]!] }] };
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
