import fc from 'fast-check';
import { runAction } from '../../src/bot/actions';
import { answerCommand } from '../../src/bot/command-handlers';
import { parseCommand } from '../../src/bot/commands';
import type { TurnScope } from '../../src/bot/turn-scope';
import { VERBS } from '../../src/cards/verbs';
import { emptyContact, versionOf } from '../../src/contacts/contact';
import { ContactService } from '../../src/contacts/contact-service';
import { ContactDirectory } from '../../src/contacts/directory';
import { ItflowAuthError, ItflowProtocolError, ItflowRejectedError, ItflowUnavailableError } from '../../src/itflow/errors';
import type { Client, Contact, ContactWrite, ItflowApi, Location, PageRequest } from '../../src/itflow/types';
import { silentLogger } from '../../src/logger';
import { textOf } from '../support/card-inspect';
import type { CardJson } from '../support/connector';
import { turnScopeFor } from '../support/turn-scope';

/**
 * Every card action (the action table's verbs and data schemas, the edit and add forms) and every typed
 * command, run through the real handlers and ContactService against an in-memory ITFlow that can fail in each
 * way the real one does. Whatever arrives: an answer card, worded for a person; no write without the right to
 * edit; no unhandled rejection; the generic "something went wrong" only for a failure that is not ITFlow's.
 */

export const ACTION_FUZZ_RUNS = { actions: 2000, commands: 500 } as const;

type Failure = 'none' | 'unavailable' | 'unknownOutcome' | 'auth401' | 'auth403' | 'protocol' | 'rejected' | 'bug';
const FAILURES: readonly Failure[] = ['none', 'unavailable', 'unknownOutcome', 'auth401', 'auth403', 'protocol', 'rejected', 'bug'];

/** ITFlow in memory: the few rules the service relies on, and a switch to make calls fail. */
class FakeItflow implements ItflowApi {
  readonly clients: Client[] = [
    { id: 1, name: 'Acme Corp' },
    { id: 2, name: 'Globex' },
  ];
  readonly locations: Location[] = [
    { id: 1, clientId: 1, name: 'Acme HQ', archivedAt: null },
    { id: 3, clientId: 2, name: 'Globex Campus', archivedAt: null },
  ];
  readonly contacts = new Map<number, Contact>();
  writes = 0;
  failure: Failure = 'none';
  failWritesOnly = false;
  private nextId = 1;
  private clock = 0;

  constructor() {
    this.insert(1, { name: 'Sally Smith', email: 'sally@acme.example', phone: '5551010100' });
    this.insert(2, { name: 'Sally Jones', email: 'sally.jones@globex.example', mobile: '5559020201' });
    this.insert(1, { name: "Marcus O'Brien", email: 'marcus@acme.example', notes: 'Has the "blue" keycard.' });
  }

  listContacts(page: PageRequest): Promise<Contact[]> {
    return this.read(() => [...this.contacts.values()].slice(page.offset, page.offset + page.limit));
  }
  getContact(id: number): Promise<Contact | null> {
    if (!Number.isSafeInteger(id) || id < 1) return Promise.reject(new RangeError(`getContact: id must be a positive whole number (got ${id})`));
    return this.read(() => this.contacts.get(id) ?? null);
  }
  findContactsByEmail(email: string): Promise<Contact[]> {
    return this.read(() => [...this.contacts.values()].filter((c) => c.email.toLowerCase() === email.trim().toLowerCase()));
  }
  findContactByPhone(digits: string): Promise<Contact | null> {
    return this.read(() => [...this.contacts.values()].find((c) => c.phone === digits || c.mobile === digits) ?? null);
  }
  listClients(): Promise<Client[]> {
    return this.read(() => this.clients);
  }
  listLocations(): Promise<Location[]> {
    return this.read(() => this.locations);
  }

  async createContact(clientId: number, fields: ContactWrite): Promise<number> {
    this.maybeFail(true, false);
    if ([...this.contacts.values()].some((c) => c.clientId === clientId && c.email.toLowerCase() === fields.email.toLowerCase())) {
      throw new ItflowRejectedError('ITFlow refused to create the contact: insert query failed', 'insert query failed');
    }
    const id = this.insert(clientId, fields);
    this.maybeFail(true, true);
    return id;
  }

  async updateContact(contactId: number, clientId: number, fields: ContactWrite): Promise<void> {
    this.maybeFail(true, false);
    const current = this.contacts.get(contactId);
    if (current === undefined || current.clientId !== clientId) throw new ItflowRejectedError('ITFlow refused: no rows', 'no rows changed');
    this.writes++;
    this.contacts.set(contactId, { ...current, ...fields, updatedAt: this.tick() });
    this.maybeFail(true, true);
  }

  private insert(clientId: number, fields: Partial<ContactWrite>): number {
    const id = this.nextId++;
    this.writes++;
    this.contacts.set(id, { ...emptyContact(clientId), id, createdAt: this.tick(), ...fields });
    return id;
  }

  private tick(): string {
    this.clock++;
    return `2026-01-01 00:00:${String(this.clock).padStart(2, '0')}.${this.clock}`;
  }

  private async read<T>(answer: () => T): Promise<T> {
    this.maybeFail(false, false);
    return answer();
  }

  /** Throws the configured failure: reads and writes before the write, or only after it for "unknown outcome". */
  private maybeFail(isWrite: boolean, afterWrite: boolean): void {
    if (this.failure === 'none' || (this.failWritesOnly && !isWrite)) return;
    if (afterWrite !== (this.failure === 'unknownOutcome')) return;
    switch (this.failure) {
      case 'unavailable':
        throw new ItflowUnavailableError('ITFlow failed with HTTP 500', 500, isWrite);
      case 'unknownOutcome':
        throw new ItflowUnavailableError('ITFlow did not answer in time', null, true);
      case 'auth401':
        throw new ItflowAuthError('ITFlow rejected the API key', 401);
      case 'auth403':
        throw new ItflowAuthError('The ITFlow API key does not allow this', 403);
      case 'protocol':
        throw new ItflowProtocolError('ITFlow answered a body that is not JSON', 200);
      case 'rejected':
        throw new ItflowRejectedError('ITFlow refused', 'no');
      case 'bug':
        throw new TypeError('a bug, not ITFlow');
    }
  }
}

let api: FakeItflow;
let service: ContactService;
let directory: ContactDirectory;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  api = new FakeItflow();
  directory = new ContactDirectory(api, { refreshSeconds: 3600, logger: silentLogger });
  await directory.refresh();
  service = new ContactService(api, directory, { allowedClientIds: [1, 2] });
});
afterAll(async () => {
  await directory.stop();
  process.off('unhandledRejection', onUnhandled);
});

function scope(canEdit: boolean): TurnScope {
  return turnScopeFor(service, { canEdit, userName: 'Fuzz Tester', tenantId: 't' });
}

/**
 * An answer a technician can read: a card with words, none of them leftovers of code (unless the user typed
 * them: a form keeps what was typed, "NaN" included).
 */
function expectReadable(card: CardJson, failure: Failure, typed: string): string {
  expect(card.type).toBe('AdaptiveCard');
  const text = textOf(card);
  expect(text.trim().length).toBeGreaterThan(0);
  for (const [leftover] of text.matchAll(/\bundefined\b|\[object Object\]|\bNaN\b|\$\{/g)) expect(typed).toContain(leftover);
  if (failure !== 'bug') expect(text).not.toMatch(/Something went wrong/);
  return text;
}

const json = fc.jsonValue({ maxDepth: 2 });
const idLike = fc.oneof(fc.constantFrom(1, 2, 3, '1', '2', '3', 0, -1, '0', '007', 999_999, '1e2', 1.5, 'abc', '', 'NaN', '99999999999'), json);
const textLike = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', ' ', 'Sally Smith', 'sally@acme.example', 'new.person@acme.example', '+1 (555) 010-4242', '<b>x</b>', 'x'.repeat(300)), json);
const flagLike = fc.oneof(fc.constantFrom('true', 'false', true, false), json);
const formData = fc.record(
  {
    name: textLike,
    title: textLike,
    department: textLike,
    email: textLike,
    phone: textLike,
    extension: textLike,
    mobile: textLike,
    notes: textLike,
    locationId: idLike,
    clientId: idLike,
    primary: flagLike,
    important: flagLike,
    billing: flagLike,
    technical: flagLike,
  },
  { requiredKeys: [] },
);

const actionCase = fc.record({
  verb: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...Object.values(VERBS)) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) }),
  contactId: idLike,
  version: fc.oneof(fc.constantFrom('current', 'stale', 'v1.', 'v1.AAAA', 'v2.x', ''), json),
  formId: fc.oneof(fc.constantFrom('form-a', 'form-b', ''), fc.string({ maxLength: 120 }), json),
  form: formData,
  extra: fc.dictionary(fc.string({ maxLength: 10 }), json, { maxKeys: 3 }),
  canEdit: fc.boolean(),
  failure: fc.constantFrom(...FAILURES),
  failWritesOnly: fc.boolean(),
});

describe('runAction', () => {
  it(`answers every generated card action with a readable card (${ACTION_FUZZ_RUNS.actions} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(actionCase, async (c) => {
        const target = typeof c.contactId === 'number' ? api.contacts.get(c.contactId) : undefined;
        const version = c.version === 'current' && target ? versionOf(target) : c.version === 'stale' && target ? versionOf({ ...target, updatedAt: 'then' }) : c.version;
        const data: Record<string, unknown> = { ...c.extra, ...c.form, contactId: c.contactId, version, formId: c.formId };
        api.failure = c.failure;
        api.failWritesOnly = c.failWritesOnly;
        const writes = api.writes;
        try {
          const reply = await runAction(c.verb, data, scope(c.canEdit));
          const text = expectReadable(reply.card, c.failure, JSON.stringify(data));
          if (!c.canEdit) expect(api.writes).toBe(writes);
          if (!Object.values(VERBS).includes(c.verb as never)) expect(text).toMatch(/did not work/);
        } finally {
          api.failure = 'none';
        }
      }),
      { numRuns: ACTION_FUZZ_RUNS.actions },
    );
    expect(unhandled).toEqual([]);
  });
});

describe('answerCommand(parseCommand(text))', () => {
  const words = fc.constantFrom('find', 'show contact', 'edit', 'add contact', 'who is', 'help', 'sally', '#', '0', '1', '2', '3', '99', 'at', 'acme', 'globex', 'archived', 'sally@acme.example', '555 101 0100', '+1 555 902 0201');
  const text = fc.oneof(fc.array(words, { maxLength: 6 }).map((w) => w.join(' ')), fc.string({ maxLength: 60 }));

  it(`answers every generated message with a readable card (${ACTION_FUZZ_RUNS.commands} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.boolean(), fc.constantFrom(...FAILURES), async (typed, canEdit, failure) => {
        api.failure = failure;
        api.failWritesOnly = false;
        try {
          const reply = await answerCommand(parseCommand(typed), scope(canEdit));
          expectReadable(reply.card, failure, typed);
        } finally {
          api.failure = 'none';
        }
      }),
      {
        numRuns: ACTION_FUZZ_RUNS.commands,
        examples: [
          ['show contact 0', true, 'none'],
          ['edit contact 0', true, 'none'],
          ['find #0', false, 'none'],
          ['show contact 99999999', true, 'none'],
        ],
      },
    );
    expect(unhandled).toEqual([]);
  });
});
