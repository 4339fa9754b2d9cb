import type { NewClient, NewContact, NewLocation } from './schema';
import { generateSyntheticDirectory } from './synthetic';

/**
 * Bulk synthetic data for tests, the benchmark and scripts/seed-sandbox.ts, kept out of store.ts so the store
 * holds only the queries ITFlow runs. It takes the few store methods it needs as an interface rather than
 * importing SandboxStore, so the store can delegate here without an import cycle.
 */

export interface SyntheticInsertOptions {
  /** Same seed, same database state → same data. Default 1. */
  seed?: number;
  /** Default 200. */
  contactsPerClient?: number;
  /** Exactly this many new clients (500 for an MSP-sized sandbox) instead of one per contactsPerClient contacts. */
  clients?: number;
  /** Exactly this many new locations in all, unevenly spread (see generateSyntheticDirectory); default two per client. */
  locations?: number;
}

export interface SyntheticInsertResult {
  contacts: number;
  clients: number;
  locations: number;
  firstContactId: number | null;
  lastContactId: number | null;
}

export interface SyntheticTarget {
  countClients(): number;
  countContacts(): number;
  insertClient(values: NewClient): number;
  insertLocation(values: NewLocation): number;
  insertContact(values: NewContact): number;
  transaction<T>(work: () => T): T;
}

/** Adds n synthetic contacts (and about n/200 new clients with two locations each, or as options say) in one transaction. */
export function insertSyntheticContacts(store: SyntheticTarget, now: Date, n: number, options: SyntheticInsertOptions = {}): SyntheticInsertResult {
  const directory = generateSyntheticDirectory({
    contacts: n,
    seed: options.seed ?? 1,
    now,
    existingClients: store.countClients(),
    existingContacts: store.countContacts(),
    contactsPerClient: options.contactsPerClient ?? 200,
    ...(options.clients !== undefined && { clients: options.clients }),
    ...(options.locations !== undefined && { locations: options.locations }),
  });
  return store.transaction(() => {
    let first: number | null = null;
    let last: number | null = null;
    let contacts = 0;
    let sites = 0;
    for (const { client, locations, contacts: people } of directory) {
      sites += locations.length;
      const clientId = store.insertClient(client);
      const locationIds = locations.map((location) => store.insertLocation({ ...location, location_client_id: clientId }));
      for (const { locationIndex, ...person } of people) {
        last = store.insertContact({ ...person, contact_client_id: clientId, contact_location_id: locationIds[locationIndex] ?? 0 });
        first ??= last;
        contacts++;
      }
    }
    return { contacts, clients: directory.length, locations: sites, firstContactId: first, lastContactId: last };
  });
}
