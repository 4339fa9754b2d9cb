import { ItflowError, ItflowRejectedError } from '../itflow/errors';
import type { Contact, ItflowApi } from '../itflow/types';
import type { FieldErrors } from './contact-form';
import {
  changedFields,
  editableValuesOf,
  FIELD_LABELS,
  mergeUserChanges,
  storedForm,
  toWrite,
  unchangedSince,
  type EditableField,
  type EditableValues,
  type UserEdit,
} from './contact';
import { STORE_KEYS, StillPendingError } from '../store';
import type { ContactReads, DirectoryPort } from './ports';
import type { SharedWrites } from './shared-writes';

export interface Difference {
  field: EditableField;
  label: string;
  theirs: string;
  yours: string;
}

/**
 * 'ok': the card shows the contact as ITFlow returned it after the write. 'failed': ITFlow confirmed the write
 * but reading it back failed, so the contact is as it was sent (and the directory holds that until it is re-read).
 */
export type ReadBack = 'ok' | 'failed';

export type UpdateResult =
  | { kind: 'saved'; contact: Contact; changed: EditableField[]; readBack: ReadBack }
  | { kind: 'unchanged'; contact: Contact }
  | { kind: 'conflict'; current: Contact; differences: Difference[] }
  | { kind: 'invalid'; contact: Contact; errors: FieldErrors }
  | { kind: 'notFound' }
  /** The form's version token is not one of ours (from an older bot, truncated, or forged). */
  | { kind: 'stale' };

/**
 * Updates with ITFlow's quirks handled: one write at a time per contact across every instance (a lock in the
 * store), the user's fields merged into a fresh row, no-op detection, conflict detection against the version the
 * form was built from, the full field set written with the row's own client id, the contact read back and
 * announced to the other instances. Without the store nothing is written: the lock is what makes it safe.
 */
export class ContactUpdater {
  constructor(
    private readonly api: ItflowApi,
    private readonly directory: DirectoryPort,
    private readonly reads: ContactReads,
    private readonly shared: SharedWrites,
  ) {}

  /** edit is null when the form's version token is not ours (see userEditOf). */
  async update(contactId: number, edit: UserEdit | null, opts: { force?: boolean } = {}): Promise<UpdateResult> {
    if (edit === null || edit.snapshot.id !== contactId) return { kind: 'stale' };
    const { store, timing } = this.shared;
    const key = STORE_KEYS.contactLock(contactId);
    const lease = await store.acquire(key, timing.leaseMs, timing.waitMs);
    if (lease === null) throw new StillPendingError(key);
    try {
      const result = await this.updateLocked(contactId, edit, opts);
      // Inside the lock, so the others hear this contact's changes in the order they were made.
      if (result.kind === 'saved') await this.shared.announce(result.contact);
      return result;
    } finally {
      // A lease the store cannot release now expires by itself; the write's outcome stands either way.
      await lease.release().catch(() => false);
    }
  }

  private async updateLocked(contactId: number, edit: UserEdit, opts: { force?: boolean }): Promise<UpdateResult> {
    const current = await this.reads.get(contactId);
    if (current === null) return { kind: 'notFound' };

    const next = mergeUserChanges(current, edit);
    if (edit.fields.includes('locationId')) {
      const locationError = this.reads.locationProblem(current.clientId, next.locationId);
      if (locationError !== null) return { kind: 'invalid', contact: current, errors: { locationId: locationError } };
    }
    const changed = changedFields(editableValuesOf(current), next);
    // Also covers a second click on Save: the first one already stored exactly these values.
    if (changed.length === 0) return { kind: 'unchanged', contact: current };

    if (!opts.force && !unchangedSince(edit.snapshot, current)) {
      return { kind: 'conflict', current, differences: this.differences(current, edit, next) };
    }

    try {
      await this.api.updateContact(current.id, current.clientId, toWrite(current, next));
    } catch (err) {
      // "False" also means "no rows changed": if ITFlow already holds these values, that is success.
      if (!(err instanceof ItflowRejectedError)) throw err;
      const after = await this.reads.get(contactId);
      if (after === null || changedFields(editableValuesOf(after), next).length > 0) throw err;
      return { kind: 'saved', contact: after, changed, readBack: 'ok' };
    }
    return this.readBack(current, next, changed);
  }

  /** ITFlow confirmed the update: it is done, whether or not the contact can be read back just now. */
  private async readBack(current: Contact, next: EditableValues, changed: EditableField[]): Promise<UpdateResult> {
    try {
      const saved = await this.reads.get(current.id);
      return saved === null ? { kind: 'notFound' } : { kind: 'saved', contact: saved, changed, readBack: 'ok' };
    } catch (err) {
      if (!(err instanceof ItflowError)) throw err;
      const sent: Contact = { ...current, ...next };
      this.directory.upsert(sent);
      return { kind: 'saved', contact: sent, changed, readBack: 'failed' };
    }
  }

  /** What the conflict card lists: the user's changes against ITFlow's values, then what others changed. */
  private differences(current: Contact, edit: UserEdit, next: EditableValues): Difference[] {
    const { snapshot, fields: userChanged } = edit;
    const writes = changedFields(editableValuesOf(current), next);
    const theirChanged = changedFields(snapshot.values, editableValuesOf(current)).filter((f) => !userChanged.includes(f));
    const mine = userChanged
      .filter((f) => writes.includes(f))
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
    if (field === 'locationId') return this.reads.locationName(Number(value)) || '(none)';
    if (typeof value === 'boolean') return value ? 'Yes' : 'No';
    return typeof value === 'string' ? storedForm(field, value) : String(value);
  }
}
