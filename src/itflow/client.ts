import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, type Dispatcher } from 'undici';
import { z } from 'zod';
import { silentLogger, type Logger } from '../logger';
import { ItflowProtocolError, ItflowRejectedError, ItflowUnavailableError } from './errors';
import { ItflowHealthTracker, type ItflowHealth } from './health';
import {
  clientRowSchema,
  contactRowSchema,
  describeIssues,
  insertResultSchema,
  isNoResourceMessage,
  locationRowSchema,
  readPlainContactRow,
  StringPool,
  type Envelope,
} from './schemas';
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
/** Backoff before retry n (0-based) is RETRY_BASE_MS * 3^n: 100 ms, 300 ms, 900 ms… */
const RETRY_BASE_MS = 100;
/** A retry needs at least this share of the read's time budget left (a hang leaves none, so it is not retried). */
const MIN_RETRY_SHARE = 0.25;

export class ItflowClient implements ItflowApi {
  private readonly transport: ItflowTransport;
  private readonly ownedDispatcher: Dispatcher | null;
  private readonly timeoutMs: number;
  private readonly listTimeoutMs: number;
  private readonly readRetries: number;
  private readonly logger: Logger;
  private readonly healthTracker = new ItflowHealthTracker();
  private readonly strings = new StringPool();

  constructor(options: ItflowClientOptions) {
    if (!isHttpUrl(options.baseUrl)) throw new Error('ItflowClient: baseUrl must be an http(s) URL');
    if (options.apiKey.trim() === '') throw new Error('ItflowClient: apiKey is empty');
    this.timeoutMs = positiveInt(options.timeoutMs ?? 2000, 'timeoutMs');
    this.listTimeoutMs = positiveInt(options.listTimeoutMs ?? 30_000, 'listTimeoutMs');
    this.readRetries = nonNegativeInt(options.readRetries ?? 2, 'readRetries');
    this.logger = (options.logger ?? silentLogger).child({ component: 'itflow' });
    const dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 10_000, connect: { timeout: this.timeoutMs } });
    this.ownedDispatcher = options.dispatcher === undefined ? dispatcher : null;
    this.transport = new ItflowTransport({ baseUrl: options.baseUrl, apiKey: options.apiKey, dispatcher, logger: this.logger, health: this.healthTracker });
  }

  async listContacts(page: PageRequest): Promise<Contact[]> {
    // limit=0 answers "No resource" and a negative limit answers 500: neither means what the caller wants.
    if (!Number.isSafeInteger(page.limit) || page.limit < 1) throw new RangeError(`listContacts: limit must be a whole number ≥ 1 (got ${page.limit})`);
    if (!Number.isSafeInteger(page.offset) || page.offset < 0) throw new RangeError(`listContacts: offset must be a whole number ≥ 0 (got ${page.offset})`);
    const data = await this.read(PATHS.contactsRead, { limit: String(page.limit), offset: String(page.offset) }, this.listTimeoutMs);
    return this.contactRows(data);
  }

  async getContact(id: number): Promise<Contact | null> {
    assertId(id, 'getContact: id');
    const contacts = this.contactRows(await this.read(PATHS.contactsRead, { contact_id: String(id) }));
    if (contacts.length === 0) return null;
    const match = contacts.find((c) => c.id === id);
    if (match === undefined) throw new ItflowProtocolError(`ITFlow answered a lookup of contact ${id} with other contacts`);
    return match;
  }

  async findContactsByEmail(email: string): Promise<Contact[]> {
    const wanted = email.trim();
    // ITFlow would match every contact with an empty email.
    if (wanted === '') return [];
    return this.contactRows(await this.read(PATHS.contactsRead, { contact_email: wanted }));
  }

  async findContactByPhone(digits: string): Promise<Contact | null> {
    // ITFlow stores digits only and compares exactly: a formatted number never matches.
    const wanted = digits.replace(/\D+/g, '');
    if (wanted === '') return null;
    const contacts = this.contactRows(await this.read(PATHS.contactsRead, { contact_phone_or_mobile: wanted }));
    return contacts[0] ?? null;
  }

  async createContact(clientId: number, fields: ContactWrite): Promise<number> {
    assertId(clientId, 'createContact: clientId');
    const envelope = await this.write(PATHS.contactsCreate, contactBody(clientId, fields), 'create the contact');
    const insertId = insertResultSchema.safeParse(envelope.data);
    if (!insertId.success) {
      throw new ItflowProtocolError(`ITFlow reported a created contact without a usable insert_id (${describeIssues(insertId.error)})`);
    }
    return insertId.data;
  }

  async updateContact(contactId: number, clientId: number, fields: ContactWrite): Promise<void> {
    assertId(contactId, 'updateContact: contactId');
    assertId(clientId, 'updateContact: clientId');
    await this.write(PATHS.contactsUpdate, { contact_id: contactId, ...contactBody(clientId, fields) }, `update contact ${contactId}`);
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

  /** GET with retries; "No resource" (not found, empty page, past the end) is an empty result. */
  private async read(path: string, params: Record<string, string>, timeoutMs = this.timeoutMs): Promise<unknown[]> {
    const envelope = await this.withReadRetries(path, timeoutMs, (attemptMs) => this.transport.get(path, params, attemptMs));
    if (envelope.success === 'False') {
      if (isNoResourceMessage(envelope.message)) return [];
      const reason = envelope.message ?? '';
      throw new ItflowRejectedError(`ITFlow refused GET ${path}: ${reason || '(no reason given)'}`, reason);
    }
    if (envelope.data === undefined) throw new ItflowProtocolError(`ITFlow answered GET ${path} with success but no data`);
    return envelope.data;
  }

  /**
   * The whole read, retries included, fits in budgetMs: a Teams invoke must be answered within seconds, so a
   * server that hangs is not waited for twice. Fast failures (refused connection, 5xx) are retried.
   */
  private async withReadRetries(path: string, budgetMs: number, attempt: (timeoutMs: number) => Promise<Envelope>): Promise<Envelope> {
    const deadline = performance.now() + budgetMs;
    for (let retry = 0; ; retry++) {
      try {
        return await attempt(Math.max(1, Math.round(deadline - performance.now())));
      } catch (err) {
        if (!(err instanceof ItflowUnavailableError) || retry >= this.readRetries) throw err;
        const delayMs = RETRY_BASE_MS * 3 ** retry;
        if (deadline - performance.now() - delayMs < budgetMs * MIN_RETRY_SHARE) throw err;
        this.logger.info('retrying itflow read', { path, retry: retry + 1, delayMs, reason: err.message });
        await sleep(delayMs);
      }
    }
  }

  /** POST, never retried: a write that failed on the way back may have been applied. */
  private async write(path: string, body: Record<string, string | number>, action: string): Promise<Envelope> {
    const envelope = await this.transport.post(path, body, this.timeoutMs);
    if (envelope.success === 'False') {
      const reason = envelope.message ?? '';
      throw new ItflowRejectedError(`ITFlow refused to ${action}: ${reason || '(no reason given)'}`, reason);
    }
    return envelope;
  }

  /** Pages until an empty page; a page that brings no new id means the server ignores offset. */
  private async readAllPages<T extends { id: number }>(path: string, rowSchema: z.ZodType<T>, noun: string): Promise<T[]> {
    const byId = new Map<number, T>();
    for (let offset = 0; ; offset += DIRECTORY_PAGE_SIZE) {
      const data = await this.read(path, { limit: String(DIRECTORY_PAGE_SIZE), offset: String(offset) }, this.listTimeoutMs);
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

function parseRows<T>(rowSchema: z.ZodType<T>, data: unknown[], noun: string): T[] {
  const parsed = z.array(rowSchema).safeParse(data);
  if (!parsed.success) throw new ItflowProtocolError(`ITFlow sent a ${noun} row of an unexpected shape (${describeIssues(parsed.error)})`);
  return parsed.data;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function assertId(value: number, label: string): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${label} must be a positive whole number (got ${value})`);
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
