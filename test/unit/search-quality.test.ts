import fc from 'fast-check';
import { buildContactIndex } from '../../src/contacts/search';
import type { ContactIndex } from '../../src/contacts/search-types';
import { contactRowSchema } from '../../src/itflow/schemas';
import type { Contact } from '../../src/contacts/contact';
import { generateSyntheticDirectory } from '../../src/sandbox/synthetic';
import { makeContact } from '../support/contacts';

/**
 * Search quality beyond search.test.ts: the letters NFKD cannot fold, initials written with dots, typos inside
 * multi-word queries, phone numbers as people paste them, word order, tier-before-flags ranking, and the
 * benchmark's own synthetic directory (the names, emails and numbers the benchmark queries).
 */

function contact(id: number, name: string, fields: Partial<Contact> = {}): Contact {
  return makeContact(id, name, { email: `c${id}@example.test`, ...fields });
}

const lookups = { clientName: (id: number) => (id === 1 ? 'Acme Corp' : 'Globex'), locationName: () => '' };

function ids(index: ContactIndex, text: string, limit = 8): number[] {
  return index.search({ text, limit }).hits.map((h) => h.contact.id);
}

describe('search quality', () => {
  const index = buildContactIndex(
    [
      contact(1, 'Søren Kierkegaard'),
      contact(2, 'Łukasz Wójcik'),
      contact(3, 'Hans Müller'),
      contact(4, 'Greta Strauß'),
      contact(5, 'Zoë Lefèvre'),
      contact(6, 'Ægir Dvořák'),
      contact(7, 'Sally Smith', { title: 'Office Manager', mobile: '5559010101', phone: '5551010100', extension: '12' }),
      contact(8, 'Sam Smithers', { phone: '5551010100' }),
      contact(9, 'Carl Jensen'),
      contact(10, 'Carla Jensen', { primary: true, important: true }),
      contact(11, 'Karl Jensen', { primary: true }),
      contact(12, 'Mary-Jane Watson', { clientId: 2 }),
    ],
    lookups,
  );

  test.each([
    ['soren', 1],
    ['SØREN kierkegaard', 1],
    ['lukasz wojcik', 2],
    ['muller', 3],
    ['strauss', 4],
    ['zoe lefevre', 5],
    ['aegir dvorak', 6],
  ])('letters without a plain decomposition fold too: %j', (query, id) => {
    expect(ids(index, query)[0]).toBe(id);
  });

  test('an accent typed where the stored name has none still matches, and the reverse', () => {
    expect(ids(index, 'Sâlly Smîth')).toEqual([7]);
    expect(ids(index, 'Carl Jénsen')[0]).toBe(9);
  });

  test.each(['s. smith', 'S smith', 'smith, s.', 'smith s'])('an initial, with or without a dot and in either order: %j', (query) => {
    // Sam Smithers matches too (initial S, "smith" a prefix of his name), after Sally's exact word.
    expect(ids(index, query)).toEqual([7, 8]);
    expect(ids(index, query.replace(/s(?=\.|$| smith)/i, 'c'))).toEqual([]);
  });

  test('word order does not matter, and the full name in any order is the strong answer', () => {
    const result = index.search({ text: 'smith sally' });
    expect(result.hits.map((h) => [h.contact.id, h.strong])).toEqual([[7, true]]);
  });

  test('a typo inside a multi-word query', () => {
    expect(ids(index, 'sally smtih')).toEqual([7]);
    expect(ids(index, 'slaly smith')).toEqual([7]);
    expect(ids(index, 'mary jane wastson')).toEqual([12]);
  });

  test('an email that repeats the name scores like the name alone; an email-only word still matches', () => {
    const both = buildContactIndex(
      [contact(1, 'Nina Ross', { email: 'nina.ross@acme.example' }), contact(2, 'Nina Ross', { email: 'help@acme.example' }), contact(3, 'Ann Bell', { email: 'nina@acme.example' })],
      lookups,
    );
    const hits = both.search({ text: 'nina', limit: 10 }).hits;
    expect(hits.map((h) => h.contact.id)).toEqual([1, 2, 3]);
    expect(hits[0]!.score).toBe(hits[1]!.score);
    expect(hits[2]!.score).toBeLessThan(hits[1]!.score);
    expect(both.search({ text: 'help' }).hits.map((h) => h.contact.id)).toEqual([2]);
  });

  test('words may match different fields: a name and a title', () => {
    expect(ids(index, 'sally office manager')).toEqual([7]);
    expect(ids(index, 'sam office manager')).toEqual([]);
  });

  test.each(['555-901-0101 x12', '555.901.0101 ext. 12', '(555) 901 0101', '0015559010101', '+1-555-901-0101', '901-0101', 'tel:5559010101'])(
    'a pasted phone number %j finds its one owner, strongly',
    (query) => {
      const result = index.search({ text: query });
      expect(result.hits.map((h) => [h.contact.id, h.strong])).toEqual([[7, true]]);
    },
  );

  test('exact beats prefix beats a typo, whatever the primary and important flags', () => {
    // Carla (prefix) is primary and important, Karl (one edit) is primary; Carl's exact word still wins.
    expect(ids(index, 'carl')).toEqual([9, 10, 11]);
    expect(ids(index, 'carl jensen')).toEqual([9, 10, 11]);
  });

  test('within one tier: primary, then important, then active before archived', () => {
    const tied = buildContactIndex(
      [
        contact(1, 'Lee Archived', { archivedAt: '2024-01-01 00:00:00', primary: false }),
        contact(2, 'Lee Plain'),
        contact(3, 'Lee Important', { important: true }),
        contact(4, 'Lee Primary', { primary: true }),
        contact(5, 'Lee Both', { primary: true, important: true }),
      ],
      lookups,
    );
    expect(tied.search({ text: 'lee', includeArchived: true }).hits.map((h) => h.contact.id)).toEqual([5, 4, 3, 2, 1]);
  });
});

describe('ranking properties', () => {
  const first = fc.constantFrom('Ann', 'Anna', 'Annie', 'Bo', 'Åsa', 'Zoë', 'Al', 'Ål', 'Abe');
  const person = fc.record({
    first,
    last: fc.constantFrom('Lee', 'Leeds', 'Lea', 'Øster', 'Li'),
    primary: fc.boolean(),
    important: fc.boolean(),
    archived: fc.boolean(),
  });

  test('hits come by score, then primary, important, active, folded name and id', () => {
    fc.assert(
      fc.property(fc.array(person, { minLength: 1, maxLength: 40 }), fc.constantFrom('a', 'an', 'lee', 'al', 'le', 'ann lee'), (people, query) => {
        const contacts = people.map((p, i) =>
          contact(i + 1, `${p.first} ${p.last}`, { primary: p.primary, important: p.important, archivedAt: p.archived ? '2024-01-01 00:00:00' : null }),
        );
        const result = buildContactIndex(contacts, lookups).search({ text: query, includeArchived: true, limit: 100 });
        const key = (h: (typeof result.hits)[number]) => [
          -h.score,
          h.contact.primary ? 0 : 1,
          h.contact.important ? 0 : 1,
          h.contact.archivedAt === null ? 0 : 1,
        ];
        const folded = (name: string) => name.normalize('NFKD').replace(/\p{M}/gu, '').replace(/Ø/g, 'O').replace(/Å/g, 'A').toLowerCase();
        const expected = [...result.hits].sort((a, b) => {
          const ka = key(a);
          const kb = key(b);
          for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
          const na = folded(a.contact.name);
          const nb = folded(b.contact.name);
          if (na !== nb) return na < nb ? -1 : 1;
          return a.contact.id - b.contact.id;
        });
        expect(result.hits.map((h) => h.contact.id)).toEqual(expected.map((h) => h.contact.id));
      }),
      { numRuns: 300 },
    );
  });
});

const clientNames = new Map<number, string>();

describe('search quality on the benchmark directory', () => {
  const contacts = syntheticContacts(3000);
  const index = buildContactIndex(contacts, { clientName: (id) => clientNames.get(id) ?? '', locationName: () => '' });
  const sample = contacts.filter((_, i) => i % 97 === 0 && contacts[i]!.archivedAt === null);

  test('every sampled contact is the strong answer to its email and (formatted) mobile', () => {
    for (const c of sample) {
      expect(index.search({ text: c.email.toUpperCase() }).hits.map((h) => [h.contact.id, h.strong])).toEqual([[c.id, true]]);
      if (c.mobile === '') continue;
      const formatted = `+1 (${c.mobile.slice(0, 3)}) ${c.mobile.slice(3, 6)}-${c.mobile.slice(6)}`;
      expect(index.search({ text: formatted }).hits.map((h) => [h.contact.id, h.strong])).toEqual([[c.id, true]]);
    }
  });

  test('a full name, typed without accents, lists every contact of that name first', () => {
    for (const c of sample) {
      const namesakes = contacts.filter((other) => other.name === c.name && other.archivedAt === null).map((o) => o.id);
      const result = index.search({ text: fold(c.name), limit: namesakes.length });
      expect(result.hits.map((h) => h.contact.id).sort((a, b) => a - b)).toEqual(namesakes.sort((a, b) => a - b));
    }
  });

  test('first name plus a last name with two letters swapped still finds the contact, on the first page with its client', () => {
    for (const c of sample) {
      const parts = c.name.split(' ');
      const first = parts[0]!;
      const last = fold(parts[parts.length - 1]!).toLowerCase().replace(/[^a-z]/g, '');
      if (last.length < 5) continue;
      const typo = `${last[0]}${last[2]}${last[1]}${last.slice(3)}`;
      const client = clientNames.get(c.clientId) ?? '';
      const hits = index.search({ text: `${first} ${typo}`, client, limit: 8 }).hits.map((h) => h.contact.id);
      expect(hits).toContain(c.id);
    }
  });
});

/** The sandbox's synthetic directory as the client would parse it (ids assigned in order, as the store does). */
function syntheticContacts(count: number): Contact[] {
  const directory = generateSyntheticDirectory({
    contacts: count,
    seed: 7,
    now: new Date('2026-01-15T12:00:00Z'),
    existingClients: 0,
    existingContacts: 0,
    contactsPerClient: 200,
  });
  const contacts: Contact[] = [];
  directory.forEach(({ client, contacts: people }, c) => {
    clientNames.set(c + 1, client.client_name);
    for (const { locationIndex, ...person } of people) {
      contacts.push(
        contactRowSchema.parse({ ...person, contact_id: contacts.length + 1, contact_client_id: c + 1, contact_location_id: locationIndex + 1 + c * 2 }),
      );
    }
  });
  return contacts;
}

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/ł/g, 'l').replace(/ø/g, 'o').replace(/ı/g, 'i');
}
