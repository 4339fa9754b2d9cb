import { DATASETS, locationsDatasetFor, parseDataset } from '../../src/cards/datasets';
import { locationsOfClient, matchingClients, offeredLocations, primaryLocationOf } from '../../src/contacts/pickers';
import type { Client, Location } from '../../src/itflow/types';

const clients: Client[] = [
  { id: 1, name: 'Blue Logistics' },
  { id: 2, name: 'Blue Logistics 2' },
  { id: 3, name: 'Acme Corp' },
  { id: 4, name: 'Harbor Dental' },
  { id: 5, name: 'Café Zürich' },
  { id: 6, name: 'Corporate Realty' },
];

const location = (id: number, clientId: number, name: string, extra: Partial<Location> = {}): Location => ({ id, clientId, name, archivedAt: null, ...extra });
const locations: Location[] = [
  location(10, 3, 'Warehouse'),
  location(11, 3, 'Acme HQ', { primary: true }),
  location(12, 3, 'Annex', { archivedAt: '2025-01-01 00:00:00' }),
  location(13, 3, 'Branch North'),
  location(20, 4, 'Harbor Main'),
  location(21, 4, 'Harbor East', { primary: true }),
  location(22, 4, 'Harbor West', { primary: true }),
];

const names = (list: Array<{ name: string }>) => list.map((c) => c.name);

describe('matchingClients', () => {
  it('lists every client by name when nothing is typed', () => {
    expect(names(matchingClients(clients, ''))).toEqual(['Acme Corp', 'Blue Logistics', 'Blue Logistics 2', 'Café Zürich', 'Corporate Realty', 'Harbor Dental']);
    expect(names(matchingClients(clients, '  ,. '))).toHaveLength(clients.length);
  });

  it('puts the exact name first, then names starting with it, then word starts, then fragments', () => {
    expect(names(matchingClients(clients, 'blue logistics'))).toEqual(['Blue Logistics', 'Blue Logistics 2']);
    expect(names(matchingClients(clients, 'Blue Logistics 2'))).toEqual(['Blue Logistics 2']);
    expect(names(matchingClients(clients, 'corp'))).toEqual(['Corporate Realty', 'Acme Corp']);
    expect(names(matchingClients(clients, 'gistics'))).toEqual(['Blue Logistics', 'Blue Logistics 2']);
  });

  it('ignores case and accents, as ITFlow compares names', () => {
    expect(names(matchingClients(clients, 'CAFE zur'))).toEqual(['Café Zürich']);
  });

  it('reads "add contact at …" like "find … at …" when fragments are off', () => {
    expect(names(matchingClients(clients, 'gistics', { fragments: false }))).toEqual([]);
    expect(names(matchingClients(clients, 'acme', { fragments: false }))).toEqual(['Acme Corp']);
  });

  it('finds nothing for text that matches no client', () => {
    expect(matchingClients(clients, 'zebedee')).toEqual([]);
  });
});

describe('locationsOfClient and primaryLocationOf', () => {
  it('lists a client\'s live locations, primary first, then by name', () => {
    expect(names(locationsOfClient(locations, 3))).toEqual(['Acme HQ', 'Branch North', 'Warehouse']);
  });

  it('narrows by what is typed, best match first', () => {
    expect(names(locationsOfClient(locations, 3, 'ware'))).toEqual(['Warehouse']);
    expect(names(locationsOfClient(locations, 4, 'harbor e'))).toEqual(['Harbor East']);
    expect(locationsOfClient(locations, 3, 'annex')).toEqual([]);
  });

  it('preselects only a single live primary location', () => {
    expect(primaryLocationOf(locations, 3)?.id).toBe(11);
    expect(primaryLocationOf(locations, 4)).toBeUndefined();
    expect(primaryLocationOf(locations, 5)).toBeUndefined();
  });
});

describe('offeredLocations (the card\'s own list and the typeahead alike)', () => {
  const locationsOf = (clientId: number) => locations.filter((l) => l.clientId === clientId);
  const offered = (clientId: number | null, maxWithoutClient: number, typed?: string) =>
    offeredLocations(clients, locationsOf, clientId, { maxWithoutClient, typed });
  const titles = (result: ReturnType<typeof offered>) => result.offered.map((o) => (o.client === undefined ? o.location.name : `${o.client.name} · ${o.location.name}`));

  it('offers the chosen client\'s live locations, primary first, narrowed by what is typed', () => {
    expect(titles(offered(3, 2))).toEqual(['Acme HQ', 'Branch North', 'Warehouse']);
    expect(titles(offered(3, 2, 'north'))).toEqual(['Branch North']);
    expect(offered(3, 2).chooseClientFirst).toBe(false);
    expect(titles(offered(99, 2))).toEqual([]);
  });

  it('without a client, offers every live location saying whose when few, and none when many', () => {
    expect(titles(offered(null, 6))).toEqual(['Acme Corp · Acme HQ', 'Acme Corp · Branch North', 'Acme Corp · Warehouse', 'Harbor Dental · Harbor East', 'Harbor Dental · Harbor West', 'Harbor Dental · Harbor Main']);
    expect(titles(offered(null, 6, 'harbor w'))).toEqual(['Harbor Dental · Harbor West']);
    expect(offered(null, 5)).toEqual({ offered: [], chooseClientFirst: true });
    // Whether there are too many is decided before narrowing, so typing never brings back a list the card hides.
    expect(offered(null, 5, 'harbor w')).toEqual({ offered: [], chooseClientFirst: true });
  });
});

describe('typeahead datasets', () => {
  it('names the client list, the add form\'s dependent locations and one client\'s locations', () => {
    expect(parseDataset(DATASETS.clients)).toEqual({ kind: 'clients' });
    expect(parseDataset(DATASETS.locations)).toEqual({ kind: 'locations', clientId: null });
    expect(parseDataset(locationsDatasetFor(42))).toEqual({ kind: 'locations', clientId: 42 });
  });

  it.each(['', 'npm', 'itflow.contacts', 'itflow.locations:', 'itflow.locations:0', 'itflow.locations:-1', 'itflow.locations:12345678901', 'itflow.locations:1 OR 1=1', 'ITFLOW.CLIENTS'])(
    'refuses %j',
    (dataset) => {
      expect(parseDataset(dataset)).toBeNull();
    },
  );
});
