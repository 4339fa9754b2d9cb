import fc from 'fast-check';
import { buildContactIndex } from '../../src/contacts/search';
import type { ContactIndex, SearchQuery } from '../../src/contacts/search-types';
import type { Contact } from '../../src/contacts/contact';
import { makeContact } from '../support/contacts';

/** Each contact's email is made from its name and id, so name words also appear in an email. */
function contact(id: number, name: string, fields: Partial<Contact> = {}): Contact {
  return makeContact(id, name, { email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}${id}@example.test`, ...fields });
}

const CLIENTS: Record<number, string> = { 1: 'Acme Corp', 2: 'Globex', 3: 'Initech Holdings' };
const LOCATIONS: Record<number, string> = { 1: 'Acme HQ', 2: 'Springfield Plant', 3: 'Globex Tower' };
const lookups = {
  clientName: (id: number) => CLIENTS[id] ?? '',
  locationName: (id: number) => LOCATIONS[id] ?? '',
};

/** The recorded ITFlow fixture contacts (test/fixtures/itflow, latest-01), plus a few that exercise edge cases. */
const CONTACTS: Contact[] = [
  contact(1, 'Sally Smith', { title: 'Office Manager', email: 'sally@acme.example', phone: '5551010100', mobile: '5559010101', primary: true, locationId: 1 }),
  contact(2, 'John Carter', { title: 'IT Director', department: 'IT', email: 'john.carter@acme.example', phone: '5551010100', mobile: '5559010102' }),
  contact(3, 'Priya Patel', { title: 'Accounts Payable Specialist', department: 'Finance', email: 'priya.patel@acme.example', phone: '5551010100' }),
  contact(4, "Marcus O'Brien", { title: 'Network Administrator', email: 'marcus.obrien@acme.example', phone: '5551010200', extension: '204', mobile: '5559010104' }),
  contact(5, 'Linda Nguyen', { title: 'Chief Executive Officer', email: 'linda.nguyen@acme.example', phone: '5551010100', mobile: '5559010105' }),
  contact(6, 'Sally Jones', { clientId: 2, title: 'Help Desk Lead', email: 'sally.jones@globex.example', phone: '5552020100', mobile: '5559020201', locationId: 3 }),
  contact(7, 'Hank Scorpio', { clientId: 2, title: 'President', email: 'hank.scorpio@globex.example', phone: '5552020100', mobile: '5559020202' }),
  contact(8, 'Frank Grimes', { clientId: 2, title: 'Systems Engineer', email: 'frank.grimes@globex.example', phone: '5552020300', mobile: '5559020203', locationId: 2 }),
  contact(9, 'Maria Garcia', { clientId: 2, title: 'Controller', email: 'maria.garcia@globex.example', phone: '5552020100' }),
  contact(10, 'Tom Becker', { clientId: 2, title: 'Facilities Coordinator', email: 'tom.becker@globex.example', phone: '5552020100', mobile: '5559020205' }),
  contact(11, 'José Álvarez', { clientId: 3, title: 'Director of Operations' }),
  contact(12, 'Mary-Jane Watson', { clientId: 3 }),
  contact(13, 'Sam Archer', { clientId: 3, archivedAt: '2025-01-02 03:04:05', mobile: '5559030313' }),
  contact(14, 'Carterson Reed', { clientId: 3 }),
  contact(15, 'Ann McCarter', { clientId: 3 }),
  contact(16, 'Bob Cartr', { clientId: 3 }),
  contact(17, 'Bartholomew Patterson', { clientId: 3 }),
];

function names(index: ContactIndex, query: SearchQuery | string): string[] {
  return index.search(typeof query === 'string' ? { text: query } : query).hits.map((h) => h.contact.name);
}

describe('contact search', () => {
  const index = buildContactIndex(CONTACTS, lookups);

  test('an exact full name is a strong hit, ranked first', () => {
    const result = index.search({ text: 'sally smith' });
    expect(result.hits[0]?.contact.id).toBe(1);
    expect(result.hits[0]?.strong).toBe(true);
    expect(result.hits.slice(1).every((h) => !h.strong)).toBe(true);
  });

  test('case and accents are folded both ways', () => {
    expect(names(index, 'jose alvarez')).toEqual(['José Álvarez']);
    expect(names(index, 'JOSÉ')).toEqual(['José Álvarez']);
    expect(index.search({ text: 'Jose Álvarez' }).hits[0]?.strong).toBe(true);
  });

  test('exact beats prefix beats substring beats a typo', () => {
    expect(names(index, 'carter')).toEqual(['John Carter', 'Carterson Reed', 'Ann McCarter', 'Bob Cartr']);
  });

  test('typos: one edit for 4–7 letters, two from 8, none below 4', () => {
    expect(names(index, 'sallly')).toEqual(['Sally Smith', 'Sally Jones']);
    expect(names(index, 'smtih')).toEqual(['Sally Smith']);
    expect(names(index, 'pattersno')).toEqual(['Bartholomew Patterson']);
    expect(names(index, 'ptaterson')).toEqual(['Bartholomew Patterson']);
    expect(names(index, 'pattrsn')).toEqual([]);
    expect(names(index, 'tox')).toEqual([]);
  });

  test('initials and partial names', () => {
    expect(names(index, 's smith')).toEqual(['Sally Smith']);
    expect(names(index, 'smi')).toEqual(['Sally Smith']);
    expect(names(index, 'j carter')).toEqual(['John Carter']);
    // A lone letter is an initial: "Systems Engineer" does not make "e grimes" match Frank Grimes.
    expect(names(index, 'f grimes')).toEqual(['Frank Grimes']);
    expect(names(index, 'e grimes')).toEqual([]);
  });

  test("apostrophes and hyphens: O'Brien and Mary-Jane", () => {
    expect(names(index, 'obrien')).toEqual(["Marcus O'Brien"]);
    expect(names(index, "o'brien")).toEqual(["Marcus O'Brien"]);
    expect(names(index, 'brien')).toEqual(["Marcus O'Brien"]);
    expect(names(index, 'jane watson')).toEqual(['Mary-Jane Watson']);
    expect(names(index, 'maryjane')).toEqual(['Mary-Jane Watson']);
    expect(index.search({ text: 'mary jane watson' }).hits[0]?.strong).toBe(true);
  });

  test('every query word must match some field, across fields', () => {
    expect(names(index, 'sally acme')).toEqual(['Sally Smith']);
    expect(names(index, 'sally globex')).toEqual(['Sally Jones']);
    expect(names(index, 'john it director')).toEqual(['John Carter']);
    expect(names(index, 'sally director')).toEqual([]);
  });

  test('title, department, location and client names are searched', () => {
    expect(names(index, 'network administrator')).toEqual(["Marcus O'Brien"]);
    expect(names(index, 'finance')).toEqual(['Priya Patel']);
    expect(names(index, 'springfield')).toEqual(['Frank Grimes']);
    expect(names(index, 'initech').sort()).toEqual(['Ann McCarter', 'Bartholomew Patterson', 'Bob Cartr', 'Carterson Reed', 'José Álvarez', 'Mary-Jane Watson']);
  });

  test.each(['+1 (555) 901-0101', '555.901.0101', '555-901-0101', '9010101', '15559010101', '+44 555 901 0101', 'tel:+15559010101'])(
    'phone %j finds Sally Smith by her mobile, strongly',
    (query) => {
      const result = index.search({ text: query });
      expect(result.hits.map((h) => h.contact.id)).toEqual([1]);
      expect(result.hits[0]?.strong).toBe(true);
    },
  );

  test('a shared main line finds everyone on it, none strongly, primary first', () => {
    const result = index.search({ text: '(555) 101-0100' });
    expect(result.hits.map((h) => h.contact.id)).toEqual([1, 2, 5, 3]);
    expect(result.hits.some((h) => h.strong)).toBe(false);
  });

  test('fewer than 7 digits is not a phone number, but an extension is found', () => {
    expect(names(index, '9010')).toEqual([]);
    expect(names(index, '204')).toEqual(["Marcus O'Brien"]);
  });

  test('a phone number inside a longer query still has to match', () => {
    expect(names(index, 'sally 555-902-0201')).toEqual(['Sally Jones']);
    expect(names(index, 'sally 555-902-0202')).toEqual([]);
  });

  test('email: exact (any case) is strong, a prefix finds candidates', () => {
    const exact = index.search({ text: 'SALLY.JONES@globex.example' });
    expect(exact.hits.map((h) => [h.contact.id, h.strong])).toEqual([[6, true]]);
    expect(names(index, 'sally.jo')).toEqual(['Sally Jones']);
    expect(names(index, 'john.carter@acme')).toEqual(['John Carter']);
    expect(names(index, 'nobody@acme.example')).toEqual([]);
  });

  test('#id finds that contact', () => {
    expect(index.search({ text: '#8' }).hits.map((h) => [h.contact.id, h.strong])).toEqual([[8, true]]);
    expect(index.search({ text: '#999' }).hits).toEqual([]);
  });

  test('client filter by name prefix or word prefix, folded', () => {
    expect(names(index, { text: 'sally', client: 'glob' })).toEqual(['Sally Jones']);
    expect(names(index, { text: 'sally', client: 'ACME' })).toEqual(['Sally Smith']);
    expect(names(index, { text: 'sally', client: 'corp' })).toEqual(['Sally Smith']);
    expect(names(index, { text: 'sally', client: 'umbrella' })).toEqual([]);
    expect(names(index, { text: 'carter', client: 'initech hold' })).toEqual(['Carterson Reed', 'Ann McCarter', 'Bob Cartr']);
  });

  test('a client filter with no text lists that client', () => {
    const result = index.search({ text: '', client: 'globex', limit: 50 });
    expect(result.total).toBe(5);
    expect(result.hits.map((h) => h.contact.id).sort((a, b) => a - b)).toEqual([6, 7, 8, 9, 10]);
    expect(index.search({ text: '' }).total).toBe(0);
  });

  test('archived contacts only when asked for', () => {
    expect(names(index, 'sam archer')).toEqual([]);
    expect(names(index, '9030313')).toEqual([]);
    expect(names(index, { text: 'sam archer', includeArchived: true })).toEqual(['Sam Archer']);
  });

  test('limit caps the hits, total counts them all', () => {
    const result = index.search({ text: 'acme', limit: 2 });
    expect(result.hits).toHaveLength(2);
    expect(result.total).toBe(5);
    expect(index.search({ text: 'acme', limit: 0 })).toEqual({ hits: [], total: 5, archived: 0, near: [] });
  });

  test('two contacts with the same exact name: neither is strong', () => {
    const twins = buildContactIndex([contact(1, 'Pat Doe'), contact(2, 'Pat Doe', { clientId: 2 })], lookups);
    const result = twins.search({ text: 'pat doe' });
    expect(result.total).toBe(2);
    expect(result.hits.some((h) => h.strong)).toBe(false);
    expect(twins.search({ text: 'pat doe', client: 'globex' }).hits.map((h) => [h.contact.id, h.strong])).toEqual([[2, true]]);
  });

  test('ties break by primary, then important, then not archived, then name', () => {
    const tied = buildContactIndex(
      [
        contact(1, 'Kim Zed', { archivedAt: '2024-01-01 00:00:00' }),
        contact(2, 'Kim Young'),
        contact(3, 'Kim Xu', { important: true }),
        contact(4, 'Kim Walsh', { primary: true }),
        contact(5, 'Kim Vance'),
      ],
      lookups,
    );
    expect(names(tied, { text: 'kim', includeArchived: true })).toEqual(['Kim Walsh', 'Kim Xu', 'Kim Vance', 'Kim Young', 'Kim Zed']);
  });

  test('upsert replaces a contact everywhere and adds new ones', () => {
    const live = buildContactIndex(CONTACTS, lookups);
    live.upsert({ ...CONTACTS[0]!, name: 'Sally Brown', mobile: '5559999999', email: 'sally.brown@acme.example' });
    expect(names(live, 'smith')).toEqual([]);
    expect(names(live, '9010101')).toEqual([]);
    expect(names(live, 'sally@acme.example')).toEqual([]);
    expect(live.search({ text: 'sally brown' }).hits.map((h) => [h.contact.id, h.strong])).toEqual([[1, true]]);
    expect(names(live, '555-999-9999')).toEqual(['Sally Brown']);
    expect(live.size).toBe(CONTACTS.length);

    live.upsert(contact(100, 'Zelda Quinn', { clientId: 2 }));
    expect(live.size).toBe(CONTACTS.length + 1);
    expect(names(live, { text: 'zeld', client: 'globex' })).toEqual(['Zelda Quinn']);
    expect(live.get(100)?.name).toBe('Zelda Quinn');
    expect(live.get(101)).toBeUndefined();
  });

  test('queries with nothing searchable find nothing', () => {
    expect(index.search({ text: '   ' })).toEqual({ hits: [], total: 0, archived: 0, near: [] });
    expect(index.search({ text: '!!! ??' })).toEqual({ hits: [], total: 0, archived: 0, near: [] });
  });
});

describe('contact search properties', () => {
  const word = fc.stringMatching(/^[A-Z][a-zà-ÿ]{2,9}$/);
  const person = fc.record({ first: word, last: word, digits: fc.stringMatching(/^[2-9]\d{9}$/) });

  test('every contact is found by its full name, its email and its phone number', () => {
    fc.assert(
      fc.property(fc.uniqueArray(person, { minLength: 1, maxLength: 30, selector: (p) => p.digits }), (people) => {
        const contacts = people.map((p, i) =>
          contact(i + 1, `${p.first} ${p.last}`, { email: `p${i + 1}@x${i}.example`, mobile: p.digits }),
        );
        const index = buildContactIndex(contacts, lookups);
        for (const c of contacts) {
          const byName = index.search({ text: c.name.toUpperCase(), limit: 100 }).hits.map((h) => h.contact.id);
          expect(byName).toContain(c.id);
          expect(index.search({ text: c.email }).hits.map((h) => [h.contact.id, h.strong])).toEqual([[c.id, true]]);
          const formatted = `+1 (${c.mobile.slice(0, 3)}) ${c.mobile.slice(3, 6)}-${c.mobile.slice(6)}`;
          expect(index.search({ text: formatted }).hits.map((h) => h.contact.id)).toEqual([c.id]);
        }
      }),
      { numRuns: 60 },
    );
  });

  test('every hit matches every query word somewhere, and hits come best first', () => {
    const index = buildContactIndex(CONTACTS, lookups);
    const queryWord = fc.constantFrom('sally', 'sm', 'acme', 'carter', 'director', 'glob', 'ma', 'jones', 'it', 'a', 'tom');
    fc.assert(
      fc.property(fc.array(queryWord, { minLength: 1, maxLength: 3 }), (words) => {
        const { hits, total } = index.search({ text: words.join(' '), limit: 50 });
        expect(hits.length).toBe(total);
        for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
        expect(hits.filter((h) => h.strong).length).toBeLessThanOrEqual(1);
      }),
    );
  });
});
