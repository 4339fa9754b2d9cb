import { buildContactIndex } from '../../src/contacts/search';
import { soleAnswer, withCloseOthers } from '../../src/contacts/closeness';
import { closestNames, nameDistance, typoDistance } from '../../src/contacts/did-you-mean';
import type { Contact } from '../../src/contacts/contact';
import { makeContact } from '../support/contacts';

const CLIENTS: Record<number, string> = { 1: 'Acme Corp', 2: 'Globex' };
const lookups = { clientName: (id: number) => CLIENTS[id] ?? '', locationName: () => '' };

const CONTACTS: Contact[] = [
  makeContact(1, 'Sally Smith', { email: 'sally@acme.example' }),
  makeContact(2, 'John Carter', { email: 'jc@acme.example' }),
  makeContact(3, 'Sally Jones', { clientId: 2, email: 'sj@globex.example' }),
  makeContact(4, 'Hank Scorpio', { clientId: 2, email: 'hank@globex.example' }),
  makeContact(5, "Kevin O'Neill", { clientId: 2, archivedAt: '2025-01-02 03:04:05', email: 'kevin@globex.example' }),
  makeContact(6, 'Priya Patel', { email: 'pp@acme.example' }),
];

describe('typo distance (did-you-mean)', () => {
  test('an adjacent swap is one edit, and the count stops past the budget', () => {
    expect(typoDistance('jonh', 'john', 2)).toBe(1);
    expect(typoDistance('smiht', 'smith', 2)).toBe(1);
    expect(typoDistance('jon', 'john', 1)).toBe(1);
    expect(typoDistance('zebedee', 'sally', 2)).toBe(3);
  });

  test('every query word must be near a different name word', () => {
    expect(nameDistance(['jonh', 'smiht'], 'John Smith')).toBe(2);
    expect(nameDistance(['jon'], 'Sally Jones')).toBe(0);
    expect(nameDistance(['sally', 'sally'], 'Sally Smith')).toBeNull();
    expect(nameDistance(['xq'], 'Sally Smith')).toBeNull();
  });

  test('closest names come nearest first and are capped', () => {
    const near = closestNames('jon', [{ id: 1, name: 'John Carter' }, { id: 2, name: 'Sally Jones' }, { id: 3, name: 'Hank Scorpio' }], 5);
    expect(near.map((n) => [n.candidate.name, n.distance])).toEqual([['Sally Jones', 0], ['John Carter', 1]]);
    expect(closestNames('jon', [{ id: 1, name: 'John Carter' }, { id: 2, name: 'Sally Jones' }], 1)).toHaveLength(1);
    expect(closestNames('   ', [{ id: 1, name: 'John Carter' }], 5)).toEqual([]);
  });
});

describe('the ranking rule: a lone hit opens only when no other contact is close', () => {
  const index = buildContactIndex(CONTACTS, lookups);

  test('"jon" matches Sally Jones alone, and John Carter is near it', () => {
    const result = index.search({ text: 'jon', suggest: 4 });
    expect(result.hits.map((h) => h.contact.name)).toEqual(['Sally Jones']);
    expect(result.near.map((c) => c.name)).toEqual(['John Carter']);
    const listing = withCloseOthers(result.hits.map((h) => h.contact), result.total, result.near, true);
    expect(listing.hits.map((c) => c.name)).toEqual(['Sally Jones', 'John Carter']);
    expect(soleAnswer(null, listing.hits, listing.total)).toBeNull();
  });

  test('a lone hit with nobody near still opens directly', () => {
    const result = index.search({ text: 'scorpio', suggest: 4 });
    expect(result.near).toEqual([]);
    const listing = withCloseOthers(result.hits.map((h) => h.contact), result.total, result.near, true);
    expect(soleAnswer(null, listing.hits, listing.total)?.name).toBe('Hank Scorpio');
  });

  test('near names are only looked for when asked and when at most one contact matched', () => {
    expect(index.search({ text: 'jon' }).near).toEqual([]);
    expect(index.search({ text: 'sally', suggest: 4 }).near).toEqual([]);
  });

  test('with no match, names near only some words are offered, fullest match first', () => {
    const result = index.search({ text: 'jonh smiht', suggest: 4 });
    expect(result.total).toBe(0);
    expect(result.near.map((c) => c.name)).toEqual(expect.arrayContaining(['John Carter', 'Sally Smith']));
    expect(result.near.map((c) => c.name)).not.toContain('Hank Scorpio');
    expect(withCloseOthers([], 0, result.near, true).didYouMean).toEqual(result.near);
  });

  test('gibberish is near nobody', () => {
    expect(index.search({ text: 'qwxz vbnm', suggest: 4 }).near).toEqual([]);
  });

  test('near names honour the client filter, the allowed clients and archived', () => {
    expect(index.search({ text: 'jon', client: 'globex', suggest: 4 }).near).toEqual([]);
    expect(index.search({ text: 'jon', clientIds: new Set([2]), suggest: 4 }).near).toEqual([]);
    expect(index.search({ text: 'kevn qqqq', suggest: 4 }).near).toEqual([]);
    expect(index.search({ text: 'kevn qqqq', includeArchived: true, suggest: 4 }).near.map((c) => c.name)).toEqual(["Kevin O'Neill"]);
  });
});

describe('archived matches are counted even when hidden', () => {
  const index = buildContactIndex(CONTACTS, lookups);

  test('"kevin" hides the archived Kevin but counts him', () => {
    expect(index.search({ text: 'kevin' })).toMatchObject({ hits: [], total: 0, archived: 1 });
    expect(index.search({ text: 'kevin', includeArchived: true })).toMatchObject({ total: 1, archived: 0 });
  });

  test('the count honours the client filter and allowed clients', () => {
    expect(index.search({ text: 'kevin', client: 'acme' }).archived).toBe(0);
    expect(index.search({ text: 'kevin', clientIds: new Set([1]) }).archived).toBe(0);
  });
});
