import { EDITABLE_FIELDS, emptyContact, type EditableField, type Contact } from '../../src/contacts/contact';
import { ItflowAuthError, ItflowProtocolError, ItflowRejectedError, ItflowUnavailableError } from '../../src/itflow/errors';
import type { Client, ContactWrite, ItflowApi, Location, PageRequest } from '../../src/itflow/types';
import { digitsOnly, intval, sanitizeInput } from '../../src/sandbox/php';

/**
 * ITFlow in memory, writing the way the real servers write (see docs/itflow-api.md), so a bot that sends less
 * than the full field set, or a value the user never changed, is caught:
 * - latest: a partial update of the row matching contact_id AND client_id (a field not sent keeps its value);
 *   primary=1 first clears the client's other primary contacts; an update that changes nothing answers "False";
 * - legacy: every field not sent is blanked (what it does when its client lookup misses) and the contact takes
 *   the client id sent.
 * Sent values are stored as ITFlow stores them: text trimmed and stripped of tags, phones as digits, flags and
 * ids through intval. Calls can be made to fail in each way the real server fails, including after a write
 * (the write landed, the answer is lost) and on the read-back that follows a write.
 */

export type Flavor = 'latest' | 'legacy';
export type Failure = 'none' | 'unavailable' | 'unknownOutcome' | 'readBack' | 'auth401' | 'auth403' | 'protocol' | 'rejected' | 'bug';
export const FAILURES: readonly Failure[] = ['none', 'unavailable', 'unknownOutcome', 'readBack', 'auth401', 'auth403', 'protocol', 'rejected', 'bug'];

type WriteField = EditableField | 'authMethod';
const WRITE_FIELDS: readonly WriteField[] = [...EDITABLE_FIELDS, 'authMethod'];
const DIGIT_FIELDS: ReadonlySet<WriteField> = new Set(['phone', 'extension', 'mobile']);
const FLAG_FIELDS: ReadonlySet<WriteField> = new Set(['primary', 'important', 'billing', 'technical']);

/** What ITFlow stores for a value it is sent. */
export function storedValue(field: WriteField, value: unknown): string | number | boolean {
  if (DIGIT_FIELDS.has(field)) return digitsOnly(value);
  if (FLAG_FIELDS.has(field)) return intval(value) !== 0;
  if (field === 'locationId') return intval(value);
  return sanitizeInput(value);
}

export class FakeItflow implements ItflowApi {
  readonly clients: Client[] = [
    { id: 1, name: 'Acme Corp' },
    { id: 2, name: 'Globex' },
  ];
  readonly locations: Location[] = [
    { id: 1, clientId: 1, name: 'Acme HQ', archivedAt: null },
    { id: 2, clientId: 1, name: 'Acme Warehouse', archivedAt: null },
    { id: 3, clientId: 2, name: 'Globex Campus', archivedAt: null },
  ];
  readonly contacts = new Map<number, Contact>();
  /** Every write call's fields, in order. */
  readonly writeLog: Array<{ kind: 'create' | 'update'; contactId: number; fields: ContactWrite }> = [];
  /** Contacts whose primary flag ITFlow cleared because another contact of their client was made primary. */
  readonly primaryCleared = new Set<number>();
  failure: Failure = 'none';
  failWritesOnly = false;
  private readBackPending = false;
  private nextId = 1;
  private clock = 0;

  constructor(readonly flavor: Flavor) {
    // Every field set, so a field blanked or switched off by a write shows.
    const auth = flavor === 'legacy' ? '' : null;
    this.insert(1, { name: 'Sally Smith', title: 'Office Manager', department: 'Operations', email: 'sally@acme.example', phone: '5551010100', extension: '101', mobile: '5559010101', notes: 'Prefers email.', locationId: 1, primary: true, important: true, billing: true, technical: true, authMethod: flavor === 'legacy' ? 'local' : null });
    this.insert(2, { name: 'Sally Jones', title: 'Help Desk Lead', department: 'IT Support', email: 'sally.jones@globex.example', phone: '5552020100', extension: '301', mobile: '5559020201', notes: 'Opens most tickets.', locationId: 3, primary: true, important: false, billing: true, technical: true, authMethod: auth });
    this.insert(1, { name: "Marcus O'Brien", title: 'Network Administrator', department: 'IT', email: 'marcus@acme.example', phone: '5551010200', extension: '210', mobile: '5559010104', notes: 'Has the "blue" keycard.', locationId: 2, primary: false, important: true, billing: false, technical: true, authMethod: auth });
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
    const row = this.sent({ ...emptyContact(clientId), authMethod: this.flavor === 'legacy' ? '' : null }, fields);
    if (row.name === '' || row.email === '' || [...this.contacts.values()].some((c) => c.clientId === clientId && c.email.toLowerCase() === row.email.toLowerCase())) {
      throw new ItflowRejectedError('ITFlow refused to create the contact: insert query failed', 'insert query failed');
    }
    const id = this.nextId;
    if (this.flavor === 'latest' && row.primary) this.clearPrimaries(clientId, id);
    this.insert(clientId, row);
    this.writeLog.push({ kind: 'create', contactId: id, fields });
    this.wrote();
    return id;
  }

  async updateContact(contactId: number, clientId: number, fields: ContactWrite): Promise<void> {
    this.maybeFail(true, false);
    this.writeLog.push({ kind: 'update', contactId, fields });
    const current = this.contacts.get(contactId);
    if (current === undefined || (this.flavor === 'latest' && current.clientId !== clientId)) throw new ItflowRejectedError('ITFlow refused: no rows', 'no rows changed');
    if (this.flavor === 'latest' && fields.primary) this.clearPrimaries(clientId, contactId);
    const base = this.flavor === 'legacy' ? { ...this.blanked(current), clientId } : current;
    const next = this.sent(base, fields);
    if (WRITE_FIELDS.every((f) => next[f] === current[f]) && next.clientId === current.clientId) throw new ItflowRejectedError('ITFlow refused: no rows', 'no rows changed');
    this.contacts.set(contactId, { ...next, updatedAt: this.tick() });
    this.wrote();
  }

  /** Clears the failure switches (between generated cases). */
  heal(): void {
    this.failure = 'none';
    this.failWritesOnly = false;
    this.readBackPending = false;
  }

  /** The row with what was sent applied: a field is sent when its value is neither undefined nor null. */
  private sent(base: Contact, fields: ContactWrite): Contact {
    const next: Record<string, unknown> = { ...base };
    for (const f of WRITE_FIELDS) {
      const value: unknown = fields[f];
      if (value !== undefined && value !== null) next[f] = storedValue(f, value);
    }
    return next as Contact;
  }

  /** Legacy: every column a write could set, empty. */
  private blanked(current: Contact): Contact {
    return { ...current, ...emptyContact(current.clientId), id: current.id, authMethod: '', createdAt: current.createdAt, updatedAt: current.updatedAt, archivedAt: current.archivedAt };
  }

  private clearPrimaries(clientId: number, except: number): void {
    for (const c of this.contacts.values()) {
      if (c.clientId === clientId && c.id !== except && c.primary) {
        this.contacts.set(c.id, { ...c, primary: false, updatedAt: this.tick() });
        this.primaryCleared.add(c.id);
      }
    }
  }

  private insert(clientId: number, fields: Partial<Contact>): number {
    const id = this.nextId++;
    this.contacts.set(id, { ...emptyContact(clientId), ...fields, id, clientId, createdAt: this.tick() });
    return id;
  }

  private tick(): string {
    this.clock++;
    return `2026-01-01 00:00:${String(this.clock).padStart(2, '0')}.${this.clock}`;
  }

  private async read<T>(answer: () => T): Promise<T> {
    this.maybeFail(false, false);
    if (this.readBackPending) {
      this.readBackPending = false;
      throw new ItflowUnavailableError('ITFlow failed with HTTP 500', 500, false);
    }
    return answer();
  }

  /** After a write that landed: the answer is lost ("unknown outcome"), or the read that follows it fails. */
  private wrote(): void {
    if (this.failure === 'readBack') this.readBackPending = true;
    this.maybeFail(true, true);
  }

  /** Throws the configured failure: reads and writes before the write, or only after it for "unknown outcome". */
  private maybeFail(isWrite: boolean, afterWrite: boolean): void {
    if (this.failure === 'none' || this.failure === 'readBack' || (this.failWritesOnly && !isWrite)) return;
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
