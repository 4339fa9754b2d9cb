import { ContactDirectory, type ContactDirectoryOptions } from '../../src/contacts/directory';
import { ItflowAuthError, ItflowUnavailableError } from '../../src/itflow/errors';
import type { Client, Contact, ContactWrite, ItflowApi, Location, PageRequest } from '../../src/itflow/types';
import { createLogger } from '../../src/logger';
import { makeContact } from '../support/contacts';

/** Odd ids belong to client 1, even ids to client 2; every contact has an email of its own. */
function contact(id: number, name: string, fields: Partial<Contact> = {}): Contact {
  return makeContact(id, name, { clientId: id % 2 === 0 ? 2 : 1, email: `c${id}@example.test`, ...fields });
}

/** Each person has a mobile number of their own: searching it finds exactly them, with no fuzzy neighbours. */
const mobileOf = (id: number): string => `55590${String(id).padStart(5, '0')}`;
const people = (count: number): Contact[] =>
  Array.from({ length: count }, (_, i) => contact(i + 1, `Person ${i + 1} Example`, { mobile: mobileOf(i + 1) }));

/** An in-memory ITFlow that pages like the real one: rows ordered by id, an empty or short page at the end. */
class FakeItflow implements ItflowApi {
  contacts: Contact[];
  clients: Client[] = [
    { id: 1, name: 'Acme Corp' },
    { id: 2, name: 'Globex' },
  ];
  locations: Location[] = [{ id: 1, clientId: 1, name: 'Acme HQ', archivedAt: null }];
  readonly requests: PageRequest[] = [];
  listCalls = 0;
  inFlight = 0;
  maxInFlight = 0;
  /** An error to throw for a page instead of answering it. */
  failPage: (page: PageRequest) => Error | null = () => null;
  failLists: Error | null = null;
  /** When set, client and location lists wait for it. */
  listsGate: Promise<void> | null = null;
  private held: Array<() => void> | null = null;

  constructor(contacts: Contact[]) {
    this.contacts = contacts;
  }

  /** Pages requested from now on wait until released. */
  hold(): void {
    this.held ??= [];
  }

  get waiting(): number {
    return this.held?.length ?? 0;
  }

  releaseOne(): void {
    this.held?.shift()?.();
  }

  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const resume of held) resume();
  }

  async listContacts(page: PageRequest): Promise<Contact[]> {
    this.requests.push(page);
    // The rows as they are when the request reaches ITFlow, whatever changes while the answer travels.
    const rows = this.contacts
      .slice()
      .sort((a, b) => a.id - b.id)
      .slice(page.offset, page.offset + page.limit)
      .map((c) => ({ ...c }));
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise<void>((resolve) => (this.held ? this.held.push(resolve) : setImmediate(resolve)));
      const error = this.failPage(page);
      if (error) throw error;
      return rows;
    } finally {
      this.inFlight--;
    }
  }

  async listClients(): Promise<Client[]> {
    this.listCalls++;
    await this.listsGate;
    if (this.failLists) throw this.failLists;
    return this.clients.map((c) => ({ ...c }));
  }

  listLocations(): Promise<Location[]> {
    return this.failLists ? Promise.reject(this.failLists) : Promise.resolve(this.locations.map((l) => ({ ...l })));
  }

  getContact(): Promise<Contact | null> {
    return Promise.reject(new Error('the directory reads pages only'));
  }
  findContactsByEmail(): Promise<Contact[]> {
    return Promise.reject(new Error('the directory reads pages only'));
  }
  findContactByPhone(): Promise<Contact | null> {
    return Promise.reject(new Error('the directory reads pages only'));
  }
  createContact(_clientId: number, _fields: ContactWrite): Promise<number> {
    return Promise.reject(new Error('the directory never writes'));
  }
  updateContact(): Promise<void> {
    return Promise.reject(new Error('the directory never writes'));
  }
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}

const found = (directory: ContactDirectory, id: number): boolean =>
  directory.search({ text: mobileOf(id) }).hits.some((h) => h.contact.id === id);

const ids = (directory: ContactDirectory, text: string): number[] =>
  directory
    .search({ text, limit: 1000 })
    .hits.map((h) => h.contact.id)
    .sort((a, b) => a - b);

describe('ContactDirectory', () => {
  const running: Array<{ api: FakeItflow; directory: ContactDirectory }> = [];
  const make = (api: FakeItflow, options: Partial<ContactDirectoryOptions> = {}): ContactDirectory => {
    const directory = new ContactDirectory(api, { refreshSeconds: 300, ...options });
    running.push({ api, directory });
    return directory;
  };
  afterEach(async () => {
    for (const { api } of running) api.release();
    await Promise.all(running.splice(0).map(({ directory }) => directory.stop()));
  });

  test.each([
    [23, 5, 3],
    [20, 5, 3],
    [0, 5, 4],
    [7, 100, 4],
    [1000, 64, 4],
  ])('loads %i contacts with pages of %i, %i at a time, learning the end from a short page', async (count, pageSize, concurrency) => {
    const api = new FakeItflow(people(count));
    const directory = make(api, { pageSize, concurrency });
    await directory.refresh();

    expect(directory.status()).toMatchObject({ state: 'ready', loaded: count, lastError: null });
    expect(directory.search({ text: 'example', limit: 1 }).total).toBe(count);
    expect(directory.search({ text: 'example' }).complete).toBe(true);
    const offsets = api.requests.map((r) => r.offset).sort((a, b) => a - b);
    for (let offset = 0; offset < count; offset += pageSize) expect(offsets).toContain(offset);
    expect(new Set(offsets).size).toBe(offsets.length);
    // Past the end, each pager over-fetches at most one page.
    expect(offsets.filter((o) => o >= count).length).toBeLessThanOrEqual(concurrency);
    expect(api.maxInFlight).toBeLessThanOrEqual(concurrency);
    if (count >= pageSize * concurrency) expect(api.maxInFlight).toBe(concurrency);
  });

  test('halves the page size after a 500 and fetches the failed range again', async () => {
    const api = new FakeItflow(people(50));
    api.failPage = (page) => (page.limit > 8 ? new ItflowUnavailableError('ITFlow answered HTTP 500 with an empty body', 500) : null);
    const lines: string[] = [];
    const directory = make(api, { pageSize: 32, concurrency: 2, minPageSize: 4, logger: createLogger({ sink: (l) => lines.push(l) }) });
    await directory.refresh();

    expect(directory.status()).toMatchObject({ state: 'ready', loaded: 50 });
    expect(ids(directory, 'example')).toEqual(people(50).map((c) => c.id));
    expect(found(directory, 37)).toBe(true);
    const limits = api.requests.map((r) => r.limit);
    expect(limits).toContain(32);
    expect(limits).toContain(16);
    expect(limits.filter((l) => l > 8).length).toBeLessThan(limits.length / 2);
    // Once shrunk, new offsets are asked for with the smaller size.
    expect(api.requests.filter((r) => r.offset >= 64).every((r) => r.limit <= 8)).toBe(true);
    expect(lines.some((l) => l.includes('contact page failed') && l.includes('"retryWithLimit":16'))).toBe(true);
  });

  test('gives up when pages fail even at the minimum size', async () => {
    const api = new FakeItflow(people(10));
    api.failPage = () => new ItflowUnavailableError('ITFlow answered HTTP 500 with an empty body', 500);
    const directory = make(api, { pageSize: 8, minPageSize: 2, concurrency: 2 });
    await expect(directory.refresh()).rejects.toBeInstanceOf(ItflowUnavailableError);
    expect(directory.status()).toMatchObject({ state: 'degraded', loaded: 0 });
    expect(directory.status().lastError).toContain('ItflowUnavailableError');
    expect(api.requests.every((r) => r.limit >= 2)).toBe(true);
  });

  test('answers from what is loaded so far while the first load runs', async () => {
    const api = new FakeItflow(people(30));
    api.hold();
    const directory = make(api, { pageSize: 10, concurrency: 1 });
    const loading = directory.refresh();
    await waitFor(() => api.waiting === 1);
    expect(directory.status()).toMatchObject({ state: 'loading', loaded: 0 });
    api.releaseOne();
    await waitFor(() => directory.status().loaded === 10 && api.waiting === 1);

    const partial = directory.search({ text: mobileOf(3) });
    expect(partial.complete).toBe(false);
    expect(partial.hits.map((h) => h.contact.id)).toEqual([3]);
    expect(found(directory, 25)).toBe(false);
    expect(directory.status().state).toBe('loading');

    api.release();
    await loading;
    expect(directory.search({ text: mobileOf(25) })).toMatchObject({ complete: true, total: 1 });
  });

  test("the bot's own writes during the first load are visible at once and win over older page rows", async () => {
    const api = new FakeItflow(people(30));
    api.hold();
    const directory = make(api, { pageSize: 10, concurrency: 1 });
    const loading = directory.refresh();
    await waitFor(() => api.waiting === 1);

    // Page 2 is read from ITFlow after this write was made elsewhere... but the write is newer than page 3's row.
    directory.upsert(contact(25, 'Renamed Twentyfive'));
    directory.upsert(contact(31, 'Brand New'));
    expect(ids(directory, 'renamed')).toEqual([25]);
    expect(ids(directory, 'brand new')).toEqual([31]);

    api.release();
    await loading;
    expect(ids(directory, 'renamed')).toEqual([25]);
    expect(directory.get(25)?.name).toBe('Renamed Twentyfive');
    expect(directory.get(31)?.name).toBe('Brand New');
    expect(directory.status().loaded).toBe(31);
  });

  test('a write made while clients and locations are still being read is kept', async () => {
    const api = new FakeItflow(people(12));
    let openGate = (): void => undefined;
    api.listsGate = new Promise((resolve) => (openGate = resolve));
    const directory = make(api, { pageSize: 5 });
    const loading = directory.refresh();
    directory.upsert(contact(5, 'Early Edit'));
    openGate();
    await loading;
    expect(ids(directory, 'early edit')).toEqual([5]);
    expect(found(directory, 5)).toBe(false);
    expect(directory.status().loaded).toBe(12);
  });

  test('a refresh is built aside and swapped in only when complete, keeping writes made meanwhile', async () => {
    const api = new FakeItflow(people(30));
    const directory = make(api, { pageSize: 10, concurrency: 1 });
    await directory.refresh();

    api.contacts = [...people(29).filter((c) => c.id !== 7), contact(40, 'Late Arrival')];
    api.contacts[0] = contact(1, 'Changed Elsewhere');
    api.hold();
    const before = api.requests.length;
    const refreshing = directory.refresh();
    await waitFor(() => api.waiting === 1);
    api.releaseOne();
    await waitFor(() => api.waiting === 1 && api.requests.length === before + 2);

    // Part of the new data has arrived; none of it is served yet.
    expect(ids(directory, 'changed')).toEqual([]);
    expect(found(directory, 7)).toBe(true);
    expect(directory.search({ text: mobileOf(1) }).complete).toBe(true);
    expect(directory.status()).toMatchObject({ state: 'ready', loaded: 30 });

    // The bot edits contact 20 while its (older) row is still to come from ITFlow.
    directory.upsert(contact(20, 'Edited By Bot'));
    expect(ids(directory, 'edited')).toEqual([20]);

    api.release();
    await refreshing;
    expect(ids(directory, 'changed')).toEqual([1]);
    expect(found(directory, 7)).toBe(false);
    expect(ids(directory, 'late arrival')).toEqual([40]);
    expect(ids(directory, 'edited')).toEqual([20]);
    expect(found(directory, 20)).toBe(false);
    expect(directory.status()).toMatchObject({ state: 'ready', loaded: 29 });
  });

  test('a failed refresh keeps the old data, reports degraded without secrets, and recovers', async () => {
    const api = new FakeItflow(people(12));
    const lines: string[] = [];
    const directory = make(api, { pageSize: 5, logger: createLogger({ sink: (l) => lines.push(l) }), now: () => 1_700_000_000_000 });
    await directory.refresh();
    expect(directory.status().lastRefreshAt).toBe(1_700_000_000_000);

    api.contacts = people(3);
    api.failPage = (page) => (page.offset >= 5 ? new ItflowAuthError('GET /api/v1/contacts/read.php?api_key=SECRETKEY123&limit=5 answered 401', 401) : null);
    await expect(directory.refresh()).rejects.toBeInstanceOf(ItflowAuthError);

    const status = directory.status();
    expect(status).toMatchObject({ state: 'degraded', loaded: 12, lastRefreshAt: 1_700_000_000_000 });
    expect(status.lastError).toContain('ItflowAuthError');
    expect(status.lastError).not.toContain('SECRETKEY123');
    expect(lines.join('\n')).not.toContain('SECRETKEY123');
    expect(found(directory, 12)).toBe(true);
    expect(directory.search({ text: mobileOf(12) }).complete).toBe(true);

    api.failPage = () => null;
    await directory.refresh();
    expect(directory.status()).toMatchObject({ state: 'ready', loaded: 3, lastError: null });
  });

  test('a failed first load leaves the state degraded with what arrived, still incomplete', async () => {
    const api = new FakeItflow(people(12));
    api.failLists = new ItflowUnavailableError('connect ECONNREFUSED', null);
    const directory = make(api, { pageSize: 5 });
    await expect(directory.refresh()).rejects.toBeInstanceOf(ItflowUnavailableError);
    expect(directory.status()).toMatchObject({ state: 'degraded', loaded: 0, lastRefreshAt: null });
    expect(directory.search({ text: mobileOf(1) })).toMatchObject({ complete: false, total: 0 });
  });

  test('concurrent refresh calls share one load', async () => {
    const api = new FakeItflow(people(12));
    const directory = make(api, { pageSize: 5 });
    await Promise.all([directory.refresh(), directory.refresh()]);
    expect(api.listCalls).toBe(1);
  });

  test('clients, locations and their names come from the last load', async () => {
    const api = new FakeItflow([contact(1, 'Sally Smith', { locationId: 1 })]);
    const directory = make(api, {});
    expect(directory.clients()).toEqual([]);
    await directory.refresh();
    expect(directory.clients().map((c) => c.name)).toEqual(['Acme Corp', 'Globex']);
    expect(directory.locations().map((l) => l.name)).toEqual(['Acme HQ']);
    expect(directory.clientName(2)).toBe('Globex');
    expect(directory.locationName(1)).toBe('Acme HQ');
    expect(directory.clientName(99)).toBe('');
    expect(ids(directory, 'sally acme hq')).toEqual([1]);
    expect(directory.search({ text: 'sally', client: 'globex' }).total).toBe(0);
  });

  describe('scheduling', () => {
    beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] }));
    afterEach(() => jest.useRealTimers());

    test('start() loads in the background, refreshes every refreshSeconds, and stop() ends it', async () => {
      const api = new FakeItflow(people(12));
      const directory = make(api, { refreshSeconds: 60, pageSize: 5 });
      directory.start();
      directory.start();
      await directory.whenReady();
      expect(directory.status().state).toBe('ready');
      expect(api.listCalls).toBe(1);

      api.contacts = people(14);
      await jest.advanceTimersByTimeAsync(59_000);
      expect(api.listCalls).toBe(1);
      await jest.advanceTimersByTimeAsync(1_000);
      expect(api.listCalls).toBe(2);
      await waitFor(() => directory.status().loaded === 14);

      await directory.stop();
      await jest.advanceTimersByTimeAsync(600_000);
      expect(api.listCalls).toBe(2);
    });

    test('refreshJitter moves each refresh up to that fraction earlier or later, at random', async () => {
      // The draws for the first and second schedule: the earliest and the latest the jitter allows.
      const random = jest.spyOn(Math, 'random').mockReturnValueOnce(0).mockReturnValueOnce(1 - 1e-9);
      try {
        const api = new FakeItflow(people(3));
        const directory = make(api, { refreshSeconds: 100, refreshJitter: 0.1 });
        directory.start();
        // Each refresh is scheduled when the previous one has finished: that is when the draw is made.
        await waitFor(() => random.mock.calls.length === 1);
        await jest.advanceTimersByTimeAsync(89_000);
        expect(api.listCalls).toBe(1);
        await jest.advanceTimersByTimeAsync(1_000);
        expect(api.listCalls).toBe(2);
        await waitFor(() => random.mock.calls.length === 2);
        await jest.advanceTimersByTimeAsync(109_000);
        expect(api.listCalls).toBe(2);
        await jest.advanceTimersByTimeAsync(1_000);
        expect(api.listCalls).toBe(3);
      } finally {
        random.mockRestore();
      }
    });

    test('a failed first load is retried on schedule', async () => {
      const api = new FakeItflow(people(3));
      api.failLists = new ItflowUnavailableError('connect ECONNREFUSED', null);
      const directory = make(api, { refreshSeconds: 30 });
      directory.start();
      await directory.whenReady();
      expect(directory.status().state).toBe('degraded');

      api.failLists = null;
      await jest.advanceTimersByTimeAsync(30_000);
      await waitFor(() => directory.status().state === 'ready');
      expect(directory.status().loaded).toBe(3);
    });
  });

  test('stop() during a load ends it without marking the directory degraded', async () => {
    const api = new FakeItflow(people(30));
    api.hold();
    const directory = make(api, { pageSize: 10, concurrency: 1 });
    directory.start();
    await waitFor(() => api.waiting === 1);
    const stopping = directory.stop();
    api.release();
    await stopping;
    expect(directory.status().state).toBe('loading');
    expect(api.requests.length).toBe(1);
  });
});
