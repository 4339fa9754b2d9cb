import { ItflowRejectedError, ItflowUnavailableError } from '../itflow/errors';
import type { Client, Contact, ItflowApi, Location } from '../itflow/types';
import type { AddFormValues, EditFormValues, FieldErrors } from './contact-form';
import {
  applyForm,
  changedFields,
  editableValuesOf,
  emptyContact,
  FIELD_LABELS,
  mergeUserChanges,
  snapshotOf,
  storedForm,
  toWrite,
  unchangedSince,
  type EditableField,
  type EditableValues,
  type Snapshot,
} from './contact';
import { KeyedMutex } from './keyed-mutex';
import { clientFilterMatches, foldedName, words } from './text';
import type { DirectoryPort } from './ports';

export type FindQuery =
  | { kind: 'email'; email: string }
  | { kind: 'phone'; digits: string }
  | { kind: 'text'; text: string };

export interface FindOptions {
  client?: string;
  includeArchived?: boolean;
  limit?: number;
  /** Hits to skip, for paging (message-extension results). */
  offset?: number;
}

export interface FindResult {
  hits: Contact[];
  total: number;
  /** The one contact the query clearly means, when there is one. */
  strong: Contact | null;
  /** False while the directory is still loading: name matches may be missing. */
  complete: boolean;
  loaded: number;
  /** True when ITFlow's exact lookup (used while loading) took too long and the hits come from the directory alone. */
  exactLookupTimedOut?: boolean;
}

export interface Difference {
  field: EditableField;
  label: string;
  theirs: string;
  yours: string;
}

export type UpdateResult =
  | { kind: 'saved'; contact: Contact; changed: EditableField[] }
  | { kind: 'unchanged'; contact: Contact }
  | { kind: 'conflict'; current: Contact; differences: Difference[] }
  | { kind: 'invalid'; contact: Contact; errors: FieldErrors }
  | { kind: 'notFound' }
  /** The form's version token is not one of ours (from an older bot, truncated, or forged). */
  | { kind: 'stale' };

export type CreateResult =
  | { kind: 'created'; contact: Contact }
  | { kind: 'duplicate'; existing: Contact }
  | { kind: 'invalid'; errors: FieldErrors };

export interface ContactServiceOptions {
  /** When non-empty, only contacts of these ITFlow clients are shown or written. */
  allowedClientIds?: number[];
  /** How many Add-form submissions to remember for double-submit detection. */
  rememberedForms?: number;
  /** How long a find waits for ITFlow's exact email/phone lookup while the directory loads. Default 2000. */
  exactLookupBudgetMs?: number;
}

/**
 * Find / get / create / update with ITFlow's quirks handled: full-field writes with the row's own client id,
 * no-op detection, conflict detection against the version the form was built from, read-back after writes,
 * one write per form however often it is submitted.
 */
export class ContactService {
  private readonly allowed: Set<number> | null;
  private readonly contactLocks = new KeyedMutex<number>();
  private readonly formLocks = new KeyedMutex<string>();
  private readonly formOutcomes = new Map<string, CreateResult>();
  /** Forms whose create may have landed without the bot learning it (timeout or 5xx after sending). */
  private readonly unsettledForms = new Set<string>();
  private readonly rememberedForms: number;
  private featuredListing: { at: number; contacts: Contact[]; complete: boolean; loaded: number } | null = null;
  private readonly exactLookupBudgetMs: number;

  constructor(
    private readonly api: ItflowApi,
    private readonly directory: DirectoryPort,
    options: ContactServiceOptions = {},
  ) {
    this.allowed = options.allowedClientIds && options.allowedClientIds.length > 0 ? new Set(options.allowedClientIds) : null;
    this.rememberedForms = options.rememberedForms ?? 1000;
    this.exactLookupBudgetMs = options.exactLookupBudgetMs ?? 2000;
  }

  isVisible(contact: Contact): boolean {
    return this.allowed === null || this.allowed.has(contact.clientId);
  }

  isClientAllowed(clientId: number): boolean {
    return this.allowed === null || this.allowed.has(clientId);
  }

  clients(): Client[] {
    return this.directory.clients().filter((c) => this.isClientAllowed(c.id));
  }

  locations(): Location[] {
    return this.directory.locations().filter((l) => this.isClientAllowed(l.clientId));
  }

  async find(query: FindQuery, options: FindOptions = {}): Promise<FindResult> {
    const limit = options.limit ?? 8;
    const offset = options.offset ?? 0;
    const text = query.kind === 'email' ? query.email : query.kind === 'phone' ? query.digits : query.text;
    const local = this.directory.search({
      text,
      client: options.client,
      clientIds: this.allowed ?? undefined,
      includeArchived: options.includeArchived,
      limit: offset + limit,
    });
    const loaded = this.directory.status().loaded;
    let hits = local.hits.filter((h) => this.isVisible(h.contact));
    let strong = hits.length > 0 && hits[0]!.strong ? hits[0]!.contact : null;
    let total = local.total - (local.hits.length - hits.length);

    // Exact lookups go to ITFlow while the directory is incomplete, so they work during warm-up.
    let exactLookupTimedOut = false;
    if (!local.complete && query.kind !== 'text') {
      const lookup = await this.boundedExactLookup(query);
      exactLookupTimedOut = lookup === null;
      const remote = lookup ?? [];
      const fresh = remote.filter(
        (c) =>
          this.isVisible(c) &&
          (options.includeArchived || c.archivedAt === null) &&
          (options.client === undefined || clientFilterMatches(words(options.client), foldedName(this.clientName(c.clientId)))) &&
          !hits.some((h) => h.contact.id === c.id),
      );
      for (const c of remote) this.directory.upsert(c);
      hits = [...fresh.map((contact) => ({ contact, strong: false })), ...hits];
      total += fresh.length;
      if (strong === null && hits.length === 1) strong = hits[0]!.contact;
    }
    return {
      hits: hits.slice(offset, offset + limit).map((h) => h.contact),
      total: Math.max(total, hits.length),
      strong,
      complete: local.complete,
      loaded,
      ...(exactLookupTimedOut && { exactLookupTimedOut }),
    };
  }

  /**
   * Primary and important contacts of every visible client, clients by name: what a search with no words
   * shows. Built from the directory's per-client listing, which ranks primary, then important, first.
   */
  featured(options: { limit?: number; offset?: number } = {}): FindResult {
    const limit = options.limit ?? 8;
    const offset = options.offset ?? 0;
    const now = Date.now();
    // Listing every client costs ~0.7 s at 100,000 contacts and 2,000 clients; Teams pages through the list.
    let listing = this.featuredListing;
    if (listing === null || !listing.complete || now - listing.at > FEATURED_CACHE_MS) {
      listing = { at: now, ...this.listFeatured() };
      this.featuredListing = listing;
    }
    const { contacts, complete, loaded } = listing;
    // The listing may be a little old; the cards show the directory's current copy of each contact.
    const hits = contacts.slice(offset, offset + limit).map((c) => this.directory.get(c.id) ?? c);
    return { hits, total: contacts.length, strong: null, complete, loaded };
  }

  private listFeatured(): { contacts: Contact[]; complete: boolean; loaded: number } {
    const contacts: Contact[] = [];
    let complete = true;
    const byName = [...this.clients()].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
    for (const client of byName) {
      const local = this.directory.search({ text: '', client: client.name, limit: FEATURED_PER_CLIENT });
      complete &&= local.complete;
      for (const { contact } of local.hits) {
        if (contact.clientId === client.id && (contact.primary || contact.important) && this.isVisible(contact)) contacts.push(contact);
      }
    }
    const status = this.directory.status();
    return { contacts, complete: complete && status.state !== 'loading', loaded: status.loaded };
  }

  /** The directory's copy, for when ITFlow cannot be reached; may be stale. */
  cached(contactId: number): Contact | undefined {
    const contact = this.directory.get(contactId);
    return contact !== undefined && this.isVisible(contact) ? contact : undefined;
  }

  /** A fresh read from ITFlow; null when missing or outside the allowed clients. */
  async get(contactId: number): Promise<Contact | null> {
    // "show contact 0": no such contact, rather than the client's argument check failing as a bug.
    if (!Number.isSafeInteger(contactId) || contactId < 1) return null;
    const contact = await this.api.getContact(contactId);
    if (contact === null || !this.isVisible(contact)) return null;
    this.directory.upsert(contact);
    return contact;
  }

  async update(contactId: number, version: string, form: EditFormValues, opts: { force?: boolean } = {}): Promise<UpdateResult> {
    const snapshot = snapshotOf(version);
    if (snapshot === null || snapshot.id !== contactId) return { kind: 'stale' };
    return this.contactLocks.run(contactId, async () => {
      const current = await this.get(contactId);
      if (current === null) return { kind: 'notFound' };

      const { next, userChanged } = mergeUserChanges(current, snapshot, form);
      if (userChanged.includes('locationId')) {
        const locationError = this.locationProblem(current.clientId, next.locationId);
        if (locationError !== null) return { kind: 'invalid', contact: current, errors: { locationId: locationError } };
      }
      const changed = changedFields(editableValuesOf(current), next);
      // Also covers a second click on Save: the first one already stored exactly these values.
      if (changed.length === 0) return { kind: 'unchanged', contact: current };

      if (!opts.force && !unchangedSince(snapshot, current)) {
        return { kind: 'conflict', current, differences: this.differences(current, snapshot, next, userChanged) };
      }

      try {
        await this.api.updateContact(current.id, current.clientId, toWrite(current, next));
      } catch (err) {
        // "False" also means "no rows changed": if ITFlow already holds these values, that is success.
        if (!(err instanceof ItflowRejectedError)) throw err;
        const after = await this.get(contactId);
        if (after === null || changedFields(editableValuesOf(after), next).length > 0) throw err;
        return { kind: 'saved', contact: after, changed };
      }
      const saved = await this.get(contactId);
      if (saved === null) return { kind: 'notFound' };
      return { kind: 'saved', contact: saved, changed };
    });
  }

  /** Creates once per form id: a repeated submission of the same form answers with the first outcome. */
  async create(formId: string, form: AddFormValues): Promise<CreateResult> {
    return this.formLocks.run(formId, async () => {
      const remembered = this.formOutcomes.get(formId);
      if (remembered !== undefined && remembered.kind !== 'invalid') return remembered;
      let outcome: CreateResult;
      try {
        outcome = await this.createOnce(form, this.unsettledForms.has(formId));
      } catch (err) {
        if (err instanceof ItflowUnavailableError && err.outcomeUnknown) this.markUnsettled(formId);
        throw err;
      }
      this.unsettledForms.delete(formId);
      if (outcome.kind !== 'invalid') this.remember(formId, outcome);
      return outcome;
    });
  }

  /** mayHaveLanded: an earlier submission of this form may have created the contact already. */
  private async createOnce(form: AddFormValues, mayHaveLanded = false): Promise<CreateResult> {
    if (!this.isClientAllowed(form.clientId) || !this.clientExists(form.clientId)) {
      return { kind: 'invalid', errors: { clientId: 'Choose a client from the list' } };
    }
    const locationError = this.locationProblem(form.clientId, form.locationId);
    if (locationError !== null) return { kind: 'invalid', errors: { locationId: locationError } };

    const existing = await this.findInClientByEmail(form.clientId, form.email);
    // After a create whose outcome was unknown, the row found by its email is that create's, not a duplicate.
    if (existing !== null) return mayHaveLanded ? this.createdAlready(existing) : { kind: 'duplicate', existing };

    const blank = emptyContact(form.clientId);
    const fields = toWrite(blank, applyForm(blank, form));
    let id: number;
    try {
      id = await this.api.createContact(form.clientId, fields);
    } catch (err) {
      // A create whose outcome is unknown may have landed: look before anyone retries, never create twice.
      if (err instanceof ItflowUnavailableError && err.outcomeUnknown) {
        const landed = await this.findInClientByEmail(form.clientId, form.email).catch(() => null);
        if (landed !== null) return this.createdAlready(landed);
      }
      if (err instanceof ItflowRejectedError) {
        const duplicate = await this.findInClientByEmail(form.clientId, form.email);
        if (duplicate !== null) return { kind: 'duplicate', existing: duplicate };
      }
      throw err;
    }
    const created = await this.api.getContact(id);
    if (created === null) throw new ItflowUnavailableError(`ITFlow created contact ${id} but does not return it`);
    this.directory.upsert(created);
    return { kind: 'created', contact: created };
  }

  private createdAlready(contact: Contact): CreateResult {
    this.directory.upsert(contact);
    return { kind: 'created', contact };
  }

  private markUnsettled(formId: string): void {
    this.unsettledForms.add(formId);
    if (this.unsettledForms.size > this.rememberedForms) {
      const oldest = this.unsettledForms.values().next().value;
      if (oldest !== undefined) this.unsettledForms.delete(oldest);
    }
  }

  private async findInClientByEmail(clientId: number, email: string): Promise<Contact | null> {
    const rows = await this.api.findContactsByEmail(email);
    return rows.find((c) => c.clientId === clientId) ?? null;
  }

  /**
   * The exact lookup, or null when ITFlow has not answered within the budget (a full table scan on a big, busy
   * server): nobody waits longer for a find. A late answer still reaches the directory for the next find.
   */
  private async boundedExactLookup(query: FindQuery): Promise<Contact[] | null> {
    const lookup = this.exactLookup(query);
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.exactLookupBudgetMs);
    });
    try {
      const answer = await Promise.race([lookup, budget]);
      if (answer === null) {
        void lookup.then(
          (late) => late.forEach((c) => this.directory.upsert(c)),
          () => undefined,
        );
      }
      return answer;
    } finally {
      clearTimeout(timer);
    }
  }

  private async exactLookup(query: FindQuery): Promise<Contact[]> {
    if (query.kind === 'email') return this.api.findContactsByEmail(query.email);
    if (query.kind === 'phone') {
      // ITFlow matches stored digits exactly and returns one arbitrary row, and a mobile match escapes the key's
      // client scope: treat it as a hint and read the row again by id, which honours the scope.
      const hit = await this.api.findContactByPhone(query.digits);
      const confirmed = hit === null ? null : await this.api.getContact(hit.id);
      return confirmed === null ? [] : [confirmed];
    }
    return [];
  }

  /** What the conflict card lists: the user's changes against ITFlow's values, then what others changed. */
  private differences(current: Contact, snapshot: Snapshot, next: EditableValues, userChanged: EditableField[]): Difference[] {
    const theirChanged = changedFields(snapshot.values, editableValuesOf(current)).filter((f) => !userChanged.includes(f));
    const mine = userChanged
      .filter((f) => changedFields(editableValuesOf(current), next).includes(f))
      .map((field) => ({ field, label: FIELD_LABELS[field], theirs: this.display(field, current[field]), yours: this.display(field, next[field]) }));
    const theirs = theirChanged.map((field) => ({
      field,
      label: FIELD_LABELS[field],
      theirs: this.display(field, current[field]),
      yours: `${this.display(field, snapshot.values[field]) || '(empty)'} (you did not change this; ITFlow's value is kept)`,
    }));
    return [...mine, ...theirs];
  }

  private display(field: EditableField, value: string | number | boolean): string {
    if (field === 'locationId') return this.locationName(Number(value)) || '(none)';
    if (typeof value === 'boolean') return value ? 'Yes' : 'No';
    return typeof value === 'string' ? storedForm(field, value) : String(value);
  }

  private locationProblem(clientId: number, locationId: number): string | null {
    if (locationId === 0) return null;
    const location = this.directory.locations().find((l) => l.id === locationId);
    if (location === undefined) return 'Choose a location from the list';
    if (location.clientId !== clientId) {
      const owner = this.clientName(location.clientId) || 'another client';
      const chosen = this.clientName(clientId);
      return `${location.name} belongs to ${owner}. Choose one of ${chosen === '' ? "this client's" : `${chosen}'s`} locations, or (none).`;
    }
    return null;
  }

  private clientExists(clientId: number): boolean {
    return this.directory.clients().some((c) => c.id === clientId);
  }

  /** A client's name, '' when unknown or outside the allowed clients. */
  clientName(id: number): string {
    return this.isClientAllowed(id) ? this.directory.clientName(id) : '';
  }

  locationName(id: number): string {
    return id === 0 ? '' : this.directory.locationName(id);
  }


  private remember(formId: string, outcome: CreateResult): void {
    this.formOutcomes.set(formId, outcome);
    if (this.formOutcomes.size > this.rememberedForms) {
      const oldest = this.formOutcomes.keys().next().value;
      if (oldest !== undefined) this.formOutcomes.delete(oldest);
    }
  }
}

/** Listed per client before filtering; clients whose names start alike share a listing. */
const FEATURED_PER_CLIENT = 50;
/** How long the featured listing is reused; a flag changed meanwhile shows up after at most this long. */
const FEATURED_CACHE_MS = 30_000;
