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
import { fold } from './text';
import type { DirectoryPort } from './ports';

export type FindQuery =
  | { kind: 'email'; email: string }
  | { kind: 'phone'; digits: string }
  | { kind: 'text'; text: string };

export interface FindOptions {
  client?: string;
  includeArchived?: boolean;
  limit?: number;
}

export interface FindResult {
  hits: Contact[];
  total: number;
  /** The one contact the query clearly means, when there is one. */
  strong: Contact | null;
  /** False while the directory is still loading: name matches may be missing. */
  complete: boolean;
  loaded: number;
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
  private readonly rememberedForms: number;

  constructor(
    private readonly api: ItflowApi,
    private readonly directory: DirectoryPort,
    options: ContactServiceOptions = {},
  ) {
    this.allowed = options.allowedClientIds && options.allowedClientIds.length > 0 ? new Set(options.allowedClientIds) : null;
    this.rememberedForms = options.rememberedForms ?? 1000;
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
    const text = query.kind === 'email' ? query.email : query.kind === 'phone' ? query.digits : query.text;
    const local = this.directory.search({ text, client: options.client, includeArchived: options.includeArchived, limit: limit * 4 });
    const loaded = this.directory.status().loaded;
    let hits = local.hits.filter((h) => this.isVisible(h.contact));
    let strong = hits.length > 0 && hits[0]!.strong ? hits[0]!.contact : null;
    let total = local.total - (local.hits.length - hits.length);

    // Exact lookups go to ITFlow while the directory is incomplete, so they work during warm-up.
    if (!local.complete && query.kind !== 'text') {
      const remote = await this.exactLookup(query);
      const fresh = remote.filter(
        (c) =>
          this.isVisible(c) &&
          (options.includeArchived || c.archivedAt === null) &&
          (options.client === undefined || fold(this.clientName(c.clientId)).startsWith(fold(options.client))) &&
          !hits.some((h) => h.contact.id === c.id),
      );
      for (const c of remote) this.directory.upsert(c);
      hits = [...fresh.map((contact) => ({ contact, strong: false })), ...hits];
      total += fresh.length;
      if (strong === null && hits.length === 1) strong = hits[0]!.contact;
    }
    return { hits: hits.slice(0, limit).map((h) => h.contact), total: Math.max(total, hits.length), strong, complete: local.complete, loaded };
  }

  /** The directory's copy, for when ITFlow cannot be reached; may be stale. */
  cached(contactId: number): Contact | undefined {
    const contact = this.directory.get(contactId);
    return contact !== undefined && this.isVisible(contact) ? contact : undefined;
  }

  /** A fresh read from ITFlow; null when missing or outside the allowed clients. */
  async get(contactId: number): Promise<Contact | null> {
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
      const outcome = await this.createOnce(form);
      if (outcome.kind !== 'invalid') this.remember(formId, outcome);
      return outcome;
    });
  }

  private async createOnce(form: AddFormValues): Promise<CreateResult> {
    if (!this.isClientAllowed(form.clientId) || !this.clientExists(form.clientId)) {
      return { kind: 'invalid', errors: { clientId: 'Choose a client from the list' } };
    }
    const locationError = this.locationProblem(form.clientId, form.locationId);
    if (locationError !== null) return { kind: 'invalid', errors: { locationId: locationError } };

    const existing = await this.findInClientByEmail(form.clientId, form.email);
    if (existing !== null) return { kind: 'duplicate', existing };

    const blank = emptyContact(form.clientId);
    const fields = toWrite(blank, applyForm(blank, form));
    let id: number;
    try {
      id = await this.api.createContact(form.clientId, fields);
    } catch (err) {
      // A create whose outcome is unknown may have landed: look before anyone retries, never create twice.
      if (err instanceof ItflowUnavailableError && err.outcomeUnknown) {
        const landed = await this.findInClientByEmail(form.clientId, form.email).catch(() => null);
        if (landed !== null) return { kind: 'created', contact: landed };
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

  private async findInClientByEmail(clientId: number, email: string): Promise<Contact | null> {
    const rows = await this.api.findContactsByEmail(email);
    return rows.find((c) => c.clientId === clientId) ?? null;
  }

  private async exactLookup(query: FindQuery): Promise<Contact[]> {
    if (query.kind === 'email') return this.api.findContactsByEmail(query.email);
    if (query.kind === 'phone') {
      // ITFlow matches stored digits exactly and returns one arbitrary row: a hint, re-checked by the caller.
      const hit = await this.api.findContactByPhone(query.digits);
      return hit === null ? [] : [hit];
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
    if (location.clientId !== clientId) return `${location.name} belongs to ${this.clientName(location.clientId) || 'another client'}`;
    return null;
  }

  private clientExists(clientId: number): boolean {
    return this.directory.clients().some((c) => c.id === clientId);
  }

  private clientName(id: number): string {
    return this.directory.clients().find((c) => c.id === id)?.name ?? '';
  }

  private locationName(id: number): string {
    return this.directory.locations().find((l) => l.id === id)?.name ?? '';
  }

  private remember(formId: string, outcome: CreateResult): void {
    this.formOutcomes.set(formId, outcome);
    if (this.formOutcomes.size > this.rememberedForms) {
      const oldest = this.formOutcomes.keys().next().value;
      if (oldest !== undefined) this.formOutcomes.delete(oldest);
    }
  }
}
