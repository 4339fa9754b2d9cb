import { asciiSlug, generateSyntheticDirectory, type SyntheticOptions } from '../../src/sandbox/synthetic';

const NOW = new Date(2026, 10, 27, 12, 0, 0);
const options = (overrides: Partial<SyntheticOptions> = {}): SyntheticOptions => ({
  contacts: 2000,
  seed: 7,
  now: NOW,
  existingClients: 0,
  existingContacts: 0,
  contactsPerClient: 200,
  ...overrides,
});

describe('generateSyntheticDirectory', () => {
  const directory = generateSyntheticDirectory(options());
  const contacts = directory.flatMap((c) => c.contacts);

  test('produces exactly the requested number of contacts, about one client per 200', () => {
    expect(contacts).toHaveLength(2000);
    expect(directory).toHaveLength(10);
    expect(generateSyntheticDirectory(options({ contacts: 3 })).flatMap((c) => c.contacts)).toHaveLength(3);
    expect(generateSyntheticDirectory(options({ contacts: 0 }))).toEqual([]);
  });

  test('is deterministic for a seed and differs between seeds', () => {
    expect(generateSyntheticDirectory(options())).toEqual(directory);
    expect(generateSyntheticDirectory(options({ seed: 8 }))).not.toEqual(directory);
  });

  test('gives every client two locations, each with its own main line, and one primary contact', () => {
    for (const { locations, contacts: people } of directory) {
      expect(locations).toHaveLength(2);
      expect(new Set(locations.map((l) => l.location_phone)).size).toBe(2);
      expect(people.filter((p) => p.contact_primary === 1)).toHaveLength(1);
    }
  });

  test('shares main lines (with distinct extensions) and keeps every number 10 digits', () => {
    for (const { locations, contacts: people } of directory) {
      const mainLines = new Set(locations.map((l) => String(l.location_phone)));
      const onMain = people.filter((p) => mainLines.has(String(p.contact_phone)));
      expect(onMain.length).toBeGreaterThan(people.length / 2);
      const extensions = onMain.map((p) => p.contact_extension);
      expect(new Set(extensions).size).toBe(extensions.length);
    }
    for (const p of contacts) {
      expect(p.contact_phone).toMatch(/^\d{10}$/);
      expect(p.contact_mobile).toMatch(/^(\d{10})?$/);
    }
    const mobiles = contacts.map((p) => p.contact_mobile).filter((m) => m !== '');
    expect(new Set(mobiles).size).toBe(mobiles.length);
  });

  test('emails are unique within each client and plain ASCII', () => {
    for (const { contacts: people } of directory) {
      const emails = people.map((p) => String(p.contact_email));
      expect(new Set(emails).size).toBe(emails.length);
      for (const email of emails) expect(email).toMatch(/^[a-z0-9.]+@[a-z0-9]+\.example$/);
    }
  });

  test('names include accents and apostrophes; a few contacts are archived with flags cleared', () => {
    const names = contacts.map((p) => p.contact_name);
    expect(names.some((n) => /[À-ÿ]/.test(n))).toBe(true);
    expect(names.some((n) => n.includes("'"))).toBe(true);
    const archived = contacts.filter((p) => p.contact_archived_at !== null);
    expect(archived.length).toBeGreaterThan(0);
    expect(archived.length).toBeLessThan(contacts.length * 0.05);
    for (const p of archived) {
      expect([p.contact_important, p.contact_billing, p.contact_technical, p.contact_primary]).toEqual([0, 0, 0, 0]);
      expect(p.contact_updated_at).not.toBeNull();
    }
  });

  test('continues numbering after existing data, so later batches get new clients and mobiles', () => {
    const later = generateSyntheticDirectory(options({ existingClients: 10, existingContacts: 2000 }));
    const earlierNames = new Set(directory.map((c) => c.client.client_name));
    expect(later.some((c) => earlierNames.has(c.client.client_name))).toBe(false);
    const earlierMobiles = new Set(contacts.map((p) => p.contact_mobile).filter((m) => m !== ''));
    expect(later.flatMap((c) => c.contacts).some((p) => p.contact_mobile !== '' && earlierMobiles.has(p.contact_mobile))).toBe(false);
  });
});

describe('an MSP-sized directory (explicit clients and locations)', () => {
  const msp = generateSyntheticDirectory(options({ contacts: 5000, clients: 500, locations: 1000 }));
  const sites = msp.map((c) => c.locations.length);

  test('has exactly the clients and locations asked for, every client with a site and contacts', () => {
    expect(msp).toHaveLength(500);
    expect(sites.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(Math.min(...sites)).toBeGreaterThanOrEqual(1);
    expect(msp.flatMap((c) => c.contacts)).toHaveLength(5000);
    expect(msp.every((c) => c.contacts.length === 10)).toBe(true);
    expect(new Set(msp.map((c) => c.client.client_name)).size).toBe(500);
  });

  test('spreads locations unevenly: most clients have one or two, one chain has dozens', () => {
    expect(sites[0]).toBeGreaterThanOrEqual(50);
    expect(sites.filter((n) => n <= 2).length).toBeGreaterThan(350);
  });

  test('gives each client one primary location, every site its own main line, and contacts only their client\'s sites', () => {
    for (const { locations, contacts: people } of msp) {
      expect(locations.filter((l) => l.location_primary === 1)).toHaveLength(1);
      for (const p of people) expect(p.locationIndex).toBeLessThan(locations.length);
    }
    const chain = msp[0]!;
    expect(new Set(chain.contacts.map((p) => p.locationIndex)).size).toBeGreaterThan(1);
    const lines = msp.flatMap((c) => c.locations.map((l) => l.location_phone));
    expect(new Set(lines).size).toBe(lines.length);
  });

  test('is deterministic, and the default shape is unchanged by the new options', () => {
    expect(generateSyntheticDirectory(options({ contacts: 5000, clients: 500, locations: 1000 }))).toEqual(msp);
    expect(generateSyntheticDirectory(options({ clients: 10 }))).toEqual(generateSyntheticDirectory(options()));
  });

  test('makes clients even without contacts', () => {
    const empty = generateSyntheticDirectory(options({ contacts: 0, clients: 3, locations: 4 }));
    expect(empty).toHaveLength(3);
    expect(empty.reduce((n, c) => n + c.locations.length, 0)).toBe(4);
    expect(empty.flatMap((c) => c.contacts)).toEqual([]);
  });
});

test('asciiSlug folds accents and drops punctuation', () => {
  expect([asciiSlug("O'Brien"), asciiSlug('Müller'), asciiSlug('Łukasz'), asciiSlug('Van der Berg')]).toEqual(['obrien', 'muller', 'lukasz', 'vanderberg']);
});
