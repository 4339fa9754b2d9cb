import { Agent, type Dispatcher } from 'undici';
import { z } from 'zod';
import { silentLogger, type Logger } from '../logger';
import { ApiCalls, assertId, parseRows } from './api-calls';
import { contactPinRowSchema, type ContactPinLookup } from './contact-pin';
import { ItflowAuthError, ItflowProtocolError, ItflowRejectedError } from './errors';
import { ItflowHealthTracker, type ItflowHealth } from './health';
import {
  clientRowSchema,
  contactRowSchema,
  describeIssues,
  insertResultSchema,
  locationRowSchema,
  readPlainContactRow,
  StringPool,
} from './schemas';
import { ItflowTickets } from './tickets';
import { ItflowTransport } from './transport';
import type { Client, Contact, ContactWrite, ItflowApi, Location, PageRequest } from './types';

export interface ItflowClientOptions {
  /** ITFlow root, e.g. https://itflow.example.com (the API lives under api/v1/). */
  baseUrl: string;
  apiKey: string;
  /** For lookups and writes: one write, or one read with all its retries, ends within this time. */
  timeoutMs?: number;
  /** Per request, for list pages (a page of thousands of contacts takes seconds to build). */
  listTimeoutMs?: number;
  /** Extra attempts for reads that fail as unavailable, within the read's timeout. Writes are never retried. */
  readRetries?: number;
  logger?: Logger;
  /** Defaults to a keep-alive Agent owned (and closed) by this client. */
  dispatcher?: Dispatcher;
}

const PATHS = {
  contactsRead: 'api/v1/contacts/read.php',
  contactsCreate: 'api/v1/contacts/create.php',
  contactsUpdate: 'api/v1/contacts/update.php',
  clientsRead: 'api/v1/clients/read.php',
  locationsRead: 'api/v1/locations/read.php',
} as const;

const DIRECTORY_PAGE_SIZE = 500;

export class ItflowClient implements ItflowApi {
  /** Tickets: list, by id, and a contact's tickets newest first (src/itflow/tickets.ts). */
  readonly tickets: ItflowTickets;
  private readonly calls: ApiCalls;
  private readonly ownedDispatcher: Dispatcher | null;
  private readonly healthTracker = new ItflowHealthTracker();
  private readonly strings = new StringPool();
  private readonly dispatcher: Dispatcher;

  constructor(private readonly options: ItflowClientOptions) {
    if (!isHttpUrl(options.baseUrl)) throw new Error('ItflowClient: baseUrl must be an http(s) URL');
    if (options.apiKey.trim() === '') throw new Error('ItflowClient: apiKey is empty');
    const timeoutMs = positiveInt(options.timeoutMs ?? 2000, 'timeoutMs');
    const listTimeoutMs = positiveInt(options.listTimeoutMs ?? 30_000, 'listTimeoutMs');
    const readRetries = nonNegativeInt(options.readRetries ?? 2, 'readRetries');
    const logger = (options.logger ?? silentLogger).child({ component: 'itflow' });
    const dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 10_000, connect: { timeout: timeoutMs } });
    this.ownedDispatcher = options.dispatcher === undefined ? dispatcher : null;
    this.dispatcher = dispatcher;
    const transport = new ItflowTransport({ baseUrl: options.baseUrl, apiKey: options.apiKey, dispatcher, logger, health: this.healthTracker });
    this.calls = new ApiCalls({ transport, timeoutMs, listTimeoutMs, readRetries, logger });
    this.tickets = new ItflowTickets(this.calls);
  }

  async listContacts(page: PageRequest): Promise<Contact[]> {
    // limit=0 answers "No resource" and a negative limit answers 500: neither means what the caller wants.
    if (!Number.isSafeInteger(page.limit) || page.limit < 1) throw new RangeError(`listContacts: limit must be a whole number ≥ 1 (got ${page.limit})`);
    if (!Number.isSafeInteger(page.offset) || page.offset < 0) throw new RangeError(`listContacts: offset must be a whole number ≥ 0 (got ${page.offset})`);
    const data = await this.calls.read(PATHS.contactsRead, { limit: String(page.limit), offset: String(page.offset) }, this.calls.listTimeoutMs);
    return this.contactRows(data);
  }

  async getContact(id: number): Promise<Contact | null> {
    assertId(id, 'getContact: id');
    const contacts = this.contactRows(await this.calls.read(PATHS.contactsRead, { contact_id: String(id) }));
    if (contacts.length === 0) return null;
    const match = contacts.find((c) => c.id === id);
    if (match === undefined) throw new ItflowProtocolError(`ITFlow answered a lookup of contact ${id} with other contacts`);
    return match;
  }

  /**
   * The contact's PIN for a comparison, read apart from getContact: Contact objects never carry it (the row
   * parsers drop it) and the answer holds only a digest (see ContactPin).
   */
  async getContactPin(id: number): Promise<ContactPinLookup> {
    assertId(id, 'getContactPin: id');
    const rows = parseRows(contactPinRowSchema, await this.calls.read(PATHS.contactsRead, { contact_id: String(id) }), 'contact');
    if (rows.length === 0) return { found: false };
    const match = rows.find((row) => row.id === id);
    if (match === undefined) throw new ItflowProtocolError(`ITFlow answered a lookup of contact ${id} with other contacts`);
    return { found: true, clientId: match.clientId, pin: match.pin };
  }

  async findContactsByEmail(email: string): Promise<Contact[]> {
    const wanted = email.trim();
    // ITFlow would match every contact with an empty email.
    if (wanted === '') return [];
    return this.contactRows(await this.calls.read(PATHS.contactsRead, { contact_email: wanted }));
  }

  async findContactByPhone(digits: string): Promise<Contact | null> {
    // ITFlow stores digits only and compares exactly: a formatted number never matches.
    const wanted = digits.replace(/\D+/g, '');
    if (wanted === '') return null;
    const contacts = this.contactRows(await this.calls.read(PATHS.contactsRead, { contact_phone_or_mobile: wanted }));
    return contacts[0] ?? null;
  }

  async createContact(clientId: number, fields: ContactWrite): Promise<number> {
    assertId(clientId, 'createContact: clientId');
    const envelope = await this.calls.write(PATHS.contactsCreate, contactBody(clientId, fields), 'create the contact');
    const insertId = insertResultSchema.safeParse(envelope.data);
    if (!insertId.success) {
      throw new ItflowProtocolError(`ITFlow reported a created contact without a usable insert_id (${describeIssues(insertId.error)})`);
    }
    return insertId.data;
  }

  async updateContact(contactId: number, clientId: number, fields: ContactWrite): Promise<void> {
    assertId(contactId, 'updateContact: contactId');
    assertId(clientId, 'updateContact: clientId');
    await this.calls.write(PATHS.contactsUpdate, { contact_id: contactId, ...contactBody(clientId, fields) }, `update contact ${contactId}`);
  }

  /**
   * The same ITFlow with another API key (a technician's own), sharing this client's connection pool: cheap
   * enough to make per request. Closing it leaves the pool open; it stays usable until this client closes.
   */
  forKey(apiKey: string): ItflowClient {
    return new ItflowClient({ ...this.options, apiKey, dispatcher: this.dispatcher });
  }

  /**
   * Whether this key's role may update contacts, learned without writing anything: an update of contact 0 in a
   * client the key can read. v26.08 checks the role before the client and before the handler runs, and answers
   * 403 "does not have permission for this action" when the role lacks it (recorded: L#65 for delete); a role
   * that has it reaches update.php, which matches no row (ids start at 1) and answers 200 "False" ("… or no rows
   * changed", L#45). Nothing else is sent, so no field, not even the primary flag, can change. Legacy servers
   * have no roles and answer the same "False". A 401 (refused key) is thrown as ItflowAuthError.
   */
  async mayUpdateContacts(clientId: number): Promise<boolean> {
    assertId(clientId, 'mayUpdateContacts: clientId');
    try {
      await this.calls.write(PATHS.contactsUpdate, { client_id: clientId, contact_id: 0 }, 'check the permission to update contacts');
      return true;
    } catch (err) {
      if (err instanceof ItflowRejectedError) return true;
      if (err instanceof ItflowAuthError && err.status === 403) return false;
      throw err;
    }
  }

  listClients(): Promise<Client[]> {
    return this.readAllPages(PATHS.clientsRead, clientRowSchema, 'client');
  }

  listLocations(): Promise<Location[]> {
    return this.readAllPages(PATHS.locationsRead, locationRowSchema, 'location');
  }

  /** How the last exchange with ITFlow went (for /healthz). */
  health(): ItflowHealth {
    return this.healthTracker.current();
  }

  /** Called each time ITFlow answers well again after failing. */
  onRecovered(listener: () => void): void {
    this.healthTracker.onRecovered(listener);
  }

  /** Closes the connection pool this client created (an injected dispatcher is left to its owner). */
  async close(): Promise<void> {
    await this.ownedDispatcher?.close();
  }

  /** Plain rows the quick way; at the first row that is not plain, the whole page goes through the schema. */
  private contactRows(data: unknown[]): Contact[] {
    const contacts = new Array<Contact>(data.length);
    for (let i = 0; i < data.length; i++) {
      const contact = readPlainContactRow(data[i], this.strings);
      if (contact === null) return parseRows(contactRowSchema, data, 'contact');
      contacts[i] = contact;
    }
    return contacts;
  }

  /** Pages until an empty page; a page that brings no new id means the server ignores offset. */
  private async readAllPages<T extends { id: number }>(path: string, rowSchema: z.ZodType<T>, noun: string): Promise<T[]> {
    const byId = new Map<number, T>();
    for (let offset = 0; ; offset += DIRECTORY_PAGE_SIZE) {
      const data = await this.calls.read(path, { limit: String(DIRECTORY_PAGE_SIZE), offset: String(offset) }, this.calls.listTimeoutMs);
      const rows = parseRows(rowSchema, data, noun);
      if (rows.length === 0) return [...byId.values()];
      const known = byId.size;
      for (const row of rows) byId.set(row.id, row);
      if (byId.size === known) throw new ItflowProtocolError(`ITFlow repeated the same ${noun} page at offset ${offset} of GET ${path}`);
    }
  }
}

/** The full field set, always: legacy ITFlow blanks (or moves) whatever an update leaves out. */
function contactBody(clientId: number, fields: ContactWrite): Record<string, string | number> {
  assertNonNegativeInt(fields.locationId, 'locationId');
  const body: Record<string, string | number> = {
    client_id: clientId,
    contact_name: fields.name,
    contact_email: fields.email,
    contact_title: fields.title,
    contact_department: fields.department,
    contact_phone: fields.phone,
    contact_extension: fields.extension,
    contact_mobile: fields.mobile,
    contact_notes: fields.notes,
    contact_primary: fields.primary ? 1 : 0,
    contact_important: fields.important ? 1 : 0,
    contact_billing: fields.billing ? 1 : 0,
    contact_technical: fields.technical ? 1 : 0,
    contact_location_id: fields.locationId,
  };
  // Only legacy servers have the column; leaving it out keeps the stored value.
  if (fields.authMethod !== null) body.contact_auth_method = fields.authMethod;
  return body;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function assertNonNegativeInt(value: number, label: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${label} must be a whole number ≥ 0 (got ${value})`);
}

function positiveInt(value: number, label: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`ItflowClient: ${label} must be a positive whole number`);
  return value;
}

function nonNegativeInt(value: number, label: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`ItflowClient: ${label} must be a whole number ≥ 0`);
  return value;
}
