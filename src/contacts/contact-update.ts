import { ItflowError, ItflowRejectedError } from '../itflow/errors';
import type { ItflowApi } from '../itflow/types';
import type { FieldErrors } from './contact-form';
import {
  changedFields,
  editableValuesOf,
  mergeUserChanges,
  toWrite,
  unchangedSince,
  type EditableField,
  type EditableValues,
  type UserEdit,
  type Contact,
} from './contact';
import { conflictDifferences, type Difference } from './conflict-display';
import { KeyedMutex } from './keyed-mutex';
import type { ContactReads, DirectoryPort } from './ports';

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
 * Updates with ITFlow's quirks handled: one write at a time per contact, the user's fields merged into a fresh
 * row, no-op detection, conflict detection against the version the form was built from, the full field set
 * written with the row's own client id, and the contact read back afterwards.
 */
export class ContactUpdater {
  private readonly contactLocks = new KeyedMutex<number>();

  constructor(
    private readonly api: ItflowApi,
    private readonly directory: DirectoryPort,
    private readonly reads: ContactReads,
  ) {}

  /** edit is null when the form's version token is not ours (see userEditOf). */
  async update(contactId: number, edit: UserEdit | null, opts: { force?: boolean } = {}): Promise<UpdateResult> {
    if (edit === null || edit.snapshot.id !== contactId) return { kind: 'stale' };
    return this.contactLocks.run(contactId, async () => {
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
        return { kind: 'conflict', current, differences: conflictDifferences(current, edit, next, (id) => this.reads.locationName(id)) };
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
    });
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
}
