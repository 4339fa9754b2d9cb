import fc from 'fast-check';
import { runInNewContext } from 'node:vm';
import { ContactStore, SlotsById } from '../../src/contacts/contact-store';
import { settleHeapAfterLoad } from '../../src/contacts/heap';
import { buildContactIndex } from '../../src/contacts/search';
import type { ContactIndex, SearchQuery } from '../../src/contacts/search-types';
import { SlotColumns } from '../../src/contacts/search-slots';
import type { Contact } from '../../src/contacts/contact';
import { makeContact } from '../support/contacts';

// Text with the store's separator (U+001F), other control characters, astral characters and the empty string.
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('', '\u001f', 'a\u001fb', '\u001f\u001f', 'José Łukasz 👩‍💻'));
const nullableText = fc.option(text, { nil: null });
const id = fc.oneof(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.constantFrom(1, 2 ** 31, 2 ** 40 + 7, Number.MAX_SAFE_INTEGER));

const anyContact: fc.Arbitrary<Contact> = fc.record({
  id,
  clientId: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)),
  name: text,
  title: text,
  department: text,
  email: text,
  phone: text,
  extension: text,
  mobile: text,
  phoneCountryCode: nullableText,
  mobileCountryCode: nullableText,
  notes: text,
  primary: fc.boolean(),
  important: fc.boolean(),
  billing: fc.boolean(),
  technical: fc.boolean(),
  locationId: fc.nat(),
  authMethod: nullableText,
  createdAt: nullableText,
  updatedAt: nullableText,
  archivedAt: nullableText,
}, { noNullPrototype: true });

describe('ContactStore', () => {
  it('gives back every contact exactly as stored, whatever its text holds', () => {
    fc.assert(
      fc.property(fc.array(anyContact, { minLength: 1, maxLength: 40 }), (contacts) => {
        const store = new ContactStore();
        contacts.forEach((c, slot) => store.set(slot, c));
        expect(store.size).toBe(contacts.length);
        contacts.forEach((c, slot) => {
          expect(store.contact(slot)).toStrictEqual(c);
          expect(store.id(slot)).toBe(c.id);
          expect(store.clientId(slot)).toBe(c.clientId);
          for (const field of ['name', 'email', 'phone', 'mobile'] as const) expect(store.text(slot, field)).toBe(c[field]);
        });
      }),
    );
  });

  it('replaces a slot in place, and each read is a new object', () => {
    fc.assert(
      fc.property(anyContact, anyContact, (before, after) => {
        const store = new ContactStore();
        store.set(0, before);
        store.set(1, makeContact(2, 'Next'));
        store.set(0, after);
        expect(store.contact(0)).toStrictEqual(after);
        expect(store.contact(1).name).toBe('Next');
        expect(store.contact(0)).not.toBe(store.contact(0));
      }),
    );
  });

  it('refuses a slot past the end', () => {
    const store = new ContactStore();
    expect(() => store.set(1, makeContact(1, 'A'))).toThrow(RangeError);
    expect(() => store.contact(0)).toThrow(RangeError);
  });
});

describe('SlotsById', () => {
  it('finds the slot of every id added, and nothing for others', () => {
    fc.assert(
      fc.property(fc.uniqueArray(id, { maxLength: 3000 }), fc.array(id, { maxLength: 50 }), (ids, probes) => {
        const byId = new SlotsById((slot) => ids[slot]!);
        ids.forEach((_, slot) => byId.add(slot));
        ids.forEach((value, slot) => expect(byId.get(value)).toBe(slot));
        for (const probe of probes) expect(byId.get(probe)).toBe(ids.includes(probe) ? ids.indexOf(probe) : undefined);
      }),
      { numRuns: 40 },
    );
  });
});

describe('name order codes', () => {
  const name = fc.oneof(
    fc.stringMatching(/^[a-z ]{0,20}$/),
    fc.string({ maxLength: 20 }),
    fc.constantFrom('', 'a', 'ab', 'abcdefghijklmnop', 'abcdefghijklmnopq', 'sally smith', 'sally smith!', 'sally-smith', 'zoë', '#1'),
  );

  it('order two names as comparing the names does, or say only the names can tell', () => {
    fc.assert(
      fc.property(name, name, (a, b) => {
        const columns = new SlotColumns();
        const flags = { primary: false, important: false, archivedAt: null };
        columns.set(0, flags, a, a);
        columns.set(1, flags, b, b);
        const order = columns.compareNames(0, 1);
        if (Number.isNaN(order)) return;
        expect(order).toBe(a === b ? 0 : a < b ? -1 : 1);
      }),
      { numRuns: 2000 },
    );
  });

  it('leave ordinary names, up to 16 characters, to the codes alone', () => {
    const columns = new SlotColumns();
    const flags = { primary: false, important: false, archivedAt: null };
    const names = ['sally smith', 'sally smyth', 'sally smith', 'abcdefghijklmnop', 'abcdefghijklmnopq'];
    names.forEach((n, slot) => columns.set(slot, flags, n, n));
    expect(columns.compareNames(0, 1)).toBe(-1);
    expect(columns.compareNames(0, 2)).toBe(0);
    expect(columns.compareNames(3, 4)).toBe(-1);
    expect(columns.compareNames(4, 4)).toBeNaN();
  });
});

describe('index compaction', () => {
  const CLIENTS = ['Acme Corp', 'Globex', 'Initech'];
  const lookups = { clientName: (cid: number) => CLIENTS[cid - 1] ?? '', locationName: (lid: number) => (lid > 0 ? `Site ${lid}` : '') };
  const first = fc.constantFrom('Sally', 'Sam', 'Ann', 'Anna', 'José', 'Mary-Jane', "O'Neil");
  const last = fc.constantFrom('Smith', 'Smyth', 'Jones', 'Lee', 'Álvarez', 'Watson');
  const person = fc.record({
    id: fc.integer({ min: 1, max: 60 }),
    first,
    last,
    clientId: fc.integer({ min: 1, max: 3 }),
    locationId: fc.integer({ min: 0, max: 3 }),
    title: fc.constantFrom('', 'Director', 'Office Manager'),
    mobile: fc.constantFrom('', '5559010101', '5559010102', '4155550100'),
    phone: fc.constantFrom('', '5551010100'),
    emailUser: fc.constantFrom('s', 'sally', 'sam.lee', 'a'),
    archived: fc.boolean(),
  });
  type Person = typeof person extends fc.Arbitrary<infer T> ? T : never;
  const toContact = (p: Person): Contact =>
    makeContact(p.id, `${p.first} ${p.last}`, {
      clientId: p.clientId,
      locationId: p.locationId,
      title: p.title,
      mobile: p.mobile,
      phone: p.phone,
      email: `${p.emailUser}@c${p.clientId}.example`,
      archivedAt: p.archived ? '2025-01-01 00:00:00' : null,
    });
  const query: fc.Arbitrary<SearchQuery> = fc.record(
    {
      text: fc.constantFrom('sally', 'sa', 's smith', 'smith', 'smtih', 'ann lee', 'director', 'acme', 'site 2', 'sally@c1.example', 's@', '555-901-0101', '#7', 'jose', 'mary jane'),
      client: fc.constantFrom('acme', 'glob'),
      includeArchived: fc.boolean(),
      limit: fc.integer({ min: 0, max: 10 }),
    },
    { requiredKeys: ['text'] },
  );
  const answer = (index: ContactIndex, q: SearchQuery) => {
    const { hits, total } = index.search(q);
    return { total, hits: hits.map((h) => [h.contact.id, h.score, h.strong]) };
  };

  it('changes no answer, whenever it runs and whatever is upserted afterwards', () => {
    fc.assert(
      fc.property(fc.array(person, { minLength: 1, maxLength: 80 }), fc.nat(), fc.array(query, { minLength: 1, maxLength: 8 }), (people, when, queries) => {
        const upserts = people.map(toContact);
        const never = buildContactIndex([], lookups);
        const compacted = buildContactIndex([], lookups);
        const compactAt = when % upserts.length;
        upserts.forEach((c, i) => {
          never.upsert(c);
          compacted.upsert(c);
          if (i === compactAt) compacted.compact();
        });
        // And an index built from the final contacts alone, in another order (other slots).
        const latest = new Map(upserts.map((c) => [c.id, c]));
        const fresh = buildContactIndex([...latest.values()].reverse(), lookups);
        for (const q of queries) {
          const expected = answer(never, q);
          expect(answer(compacted, q)).toEqual(expected);
          expect(answer(fresh, q)).toEqual(expected);
        }
        for (const [contactId, c] of latest) expect(compacted.get(contactId)).toStrictEqual(c);
      }),
      { numRuns: 150 },
    );
  });
});

describe('settling the heap after a big load', () => {
  it('returns garbage to the heap at once, and leaves no gc() to code that runs later', () => {
    let garbage: string[] | null = Array.from({ length: 200_000 }, (_, i) => `garbage ${i} `.repeat(8));
    const before = process.memoryUsage().heapUsed;
    expect(garbage.length).toBe(200_000);
    garbage = null;
    settleHeapAfterLoad();
    const after = process.memoryUsage().heapUsed;
    expect(before - after).toBeGreaterThan(30 * 1024 * 1024);
    expect(runInNewContext('typeof gc')).toBe('undefined');
  });
});
