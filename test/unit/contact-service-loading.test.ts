import { ContactDirectory } from '../../src/contacts/directory';
import { ContactService } from '../../src/contacts/contact-service';
import { ItflowClient } from '../../src/itflow/client';
import type { Client, Contact, ContactWrite, ItflowApi, Location, PageRequest } from '../../src/itflow/types';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { makeContact } from '../support/contacts';
import { oneInstanceWrites } from '../support/shared-writes';

/**
 * While the directory is still loading, email and phone finds ask ITFlow's exact endpoints, but never wait for
 * them longer than the budget: past it, the answer comes from what is loaded so far and says so.
 */

const BUDGET_MS = 250;

describe('find while the directory loads, against the sandbox', () => {
  let sandbox: Sandbox;
  let api: ItflowClient;
  let sally: Contact;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'demo' });
    // A timeout far past the budget: the budget, not the client, must end the wait.
    api = new ItflowClient({ baseUrl: sandbox.url, apiKey: sandbox.adminKey, timeoutMs: 20_000, readRetries: 0 });
    const first = await api.getContact(1);
    if (first === null || first.email === '' || first.mobile === '') throw new Error('the demo seed should have contact 1 with an email and a mobile');
    sally = first;
  });

  afterEach(() => sandbox.faults.clear());

  afterAll(async () => {
    // Closing the sandbox ends the requests the "hang" fault holds; their late failures are ignored by find.
    await sandbox.close();
    await api.close();
  });

  /** A directory that has not loaded anything yet (never started): complete is false. */
  const loadingService = () => {
    const directory = new ContactDirectory(api, { refreshSeconds: 3600 });
    return { directory, service: new ContactService(api, directory, oneInstanceWrites(), { exactLookupBudgetMs: BUDGET_MS }) };
  };

  test('email and phone finds reach ITFlow while loading', async () => {
    const { service } = loadingService();
    const byEmail = await service.find({ kind: 'email', email: sally.email.toUpperCase() });
    expect(byEmail.hits.map((c) => c.id)).toContain(sally.id);
    expect(byEmail.complete).toBe(false);
    expect(byEmail.exactLookupTimedOut).toBeUndefined();

    const byPhone = await service.find({ kind: 'phone', digits: sally.mobile });
    expect(byPhone.hits.map((c) => c.id)).toEqual([sally.id]);
    expect(byPhone.exactLookupTimedOut).toBeUndefined();
  });

  test('when ITFlow hangs, the find answers from the directory and says the lookup timed out', async () => {
    const { service } = loadingService();
    sandbox.faults.set({ mode: 'hang', paths: ['contacts/read.php'] });
    const byEmail = await service.find({ kind: 'email', email: sally.email });
    expect(byEmail).toMatchObject({ hits: [], total: 0, complete: false, exactLookupTimedOut: true });

    const byPhone = await service.find({ kind: 'phone', digits: sally.mobile });
    expect(byPhone).toMatchObject({ hits: [], complete: false, exactLookupTimedOut: true });
  });

  test('what the directory already holds is still found while ITFlow hangs', async () => {
    const { directory, service } = loadingService();
    directory.upsert(sally);
    sandbox.faults.set({ mode: 'hang', paths: ['contacts/read.php'] });
    const result = await service.find({ kind: 'email', email: sally.email });
    expect(result.hits.map((c) => c.id)).toEqual([sally.id]);
    expect(result.strong?.id).toBe(sally.id);
    expect(result.exactLookupTimedOut).toBe(true);
  });

  test('name finds never wait for ITFlow', async () => {
    const { directory, service } = loadingService();
    directory.upsert(sally);
    sandbox.faults.set({ mode: 'hang' });
    const result = await service.find({ kind: 'text', text: sally.name });
    expect(result.hits.map((c) => c.id)).toEqual([sally.id]);
    expect(result.exactLookupTimedOut).toBeUndefined();
  });
});

describe('find while the directory loads, with a slow fake ITFlow', () => {
  test('a lookup that answers after the budget still reaches the directory for the next find', async () => {
    const api = new SlowLookups();
    const directory = new ContactDirectory(api, { refreshSeconds: 3600 });
    const service = new ContactService(api, directory, oneInstanceWrites(), { exactLookupBudgetMs: BUDGET_MS });

    const first = await service.find({ kind: 'email', email: LATE.email });
    expect(first).toMatchObject({ hits: [], exactLookupTimedOut: true });
    expect(directory.get(LATE.id)).toBeUndefined();

    api.answer([LATE]);
    await api.answered;
    await new Promise((resolve) => setImmediate(resolve));
    expect(directory.get(LATE.id)).toEqual(LATE);

    // The directory now has it: the next find shows it at once, even though the lookup hangs again.
    api.hangAgain();
    const second = await service.find({ kind: 'email', email: LATE.email });
    expect(second.hits.map((c) => c.id)).toEqual([LATE.id]);
    api.answer([]);
  });

  test('a lookup that fails within the budget still fails the find', async () => {
    const api = new SlowLookups();
    const service = new ContactService(api, new ContactDirectory(api, { refreshSeconds: 3600 }), oneInstanceWrites(), { exactLookupBudgetMs: 10_000 });
    const find = service.find({ kind: 'email', email: LATE.email });
    api.fail(new Error('ITFlow refused'));
    await expect(find).rejects.toThrow('ITFlow refused');
  });
});

const LATE: Contact = makeContact(42, 'Lena Late', { email: 'lena.late@example.test' });

/** Email lookups wait until the test answers or fails them; nothing else is used. */
class SlowLookups implements ItflowApi {
  answered: Promise<Contact[]> = Promise.resolve([]);
  private settle: { resolve(rows: Contact[]): void; reject(err: Error): void } | null = null;

  constructor() {
    this.hangAgain();
  }

  hangAgain(): void {
    this.answered = new Promise<Contact[]>((resolve, reject) => (this.settle = { resolve, reject }));
  }

  answer(rows: Contact[]): void {
    this.settle?.resolve(rows);
  }

  fail(err: Error): void {
    this.settle?.reject(err);
  }

  findContactsByEmail(): Promise<Contact[]> {
    return this.answered;
  }

  async findContactByPhone(): Promise<Contact | null> {
    return null;
  }

  async listContacts(_page: PageRequest): Promise<Contact[]> {
    return [];
  }

  async getContact(): Promise<Contact | null> {
    return null;
  }

  async createContact(_clientId: number, _fields: ContactWrite): Promise<number> {
    throw new Error('not used');
  }

  async updateContact(): Promise<void> {
    throw new Error('not used');
  }

  async listClients(): Promise<Client[]> {
    return [];
  }

  async listLocations(): Promise<Location[]> {
    return [];
  }
}
