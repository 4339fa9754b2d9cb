import { z } from 'zod';
import { ItflowAuthError, ItflowError, ItflowRejectedError, ItflowUnavailableError } from '../itflow/errors';
import { itflowContactSchema, type ContactWrite, type ItflowApi } from '../itflow/types';
import { runOnce, STORE_KEYS, StoreUnavailableError } from '../store';
import type { AddFormValues, FieldErrors } from './contact-form';
import { applyForm, editableValuesOf, emptyContact, toWrite, type Contact } from './contact';
import type { ReadBack } from './contact-update';
import type { ContactReads, DirectoryPort } from './ports';
import { storedJson, type SharedWrites } from './shared-writes';
import { sameNameIn } from './same-name';

export type CreateResult =
  | { kind: 'created'; contact: Contact; readBack: ReadBack }
  | { kind: 'duplicate'; existing: Contact }
  /** The client already has a contact of this name: created only when the user confirms ("Add anyway"). */
  | { kind: 'sameName'; existing: Contact }
  | { kind: 'invalid'; errors: FieldErrors };

export interface CreateOptions {
  /** The user saw the same-name warning and chose "Add anyway". */
  sameNameConfirmed?: boolean;
}

/** A form's outcome as the store records it: only these two are final (an invalid form is the user's to fix). */
const recordedSchema = storedJson(
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('created'), contact: itflowContactSchema, readBack: z.enum(['ok', 'failed']) }),
    z.object({ kind: z.literal('duplicate'), existing: itflowContactSchema }),
  ]),
);

/** How long a form's outcome is remembered: an Add pressed on an older card finds the contact by email instead. */
const OUTCOME_TTL_MS = 30 * 24 * 3600_000;

/** Thrown out of the once-only work so the claim is dropped and the form can be corrected and sent again. */
class NotFinal extends Error {}

/**
 * Creates at most once per add form, however often, on however many instances, and across restarts: the form's
 * claim and outcome live in the store, so a second click anywhere waits for the first and answers with the same
 * contact. A create sent without a settled outcome (a lost answer, a crash) stays marked in the store, and the
 * next attempt takes a contact found by its email as this form's own. Without the store nothing is created.
 */
export class ContactCreator {
  constructor(
    private readonly api: ItflowApi,
    private readonly directory: DirectoryPort,
    private readonly reads: ContactReads,
    private readonly shared: SharedWrites,
  ) {}

  /** A repeated submission of the same form answers with the first outcome (re-reading a contact not yet re-read). */
  async create(formId: string, form: AddFormValues, options: CreateOptions = {}): Promise<CreateResult> {
    const key = STORE_KEYS.createForm(formId);
    const { leaseMs, waitMs } = this.shared.timing;
    // An object, not a variable: TypeScript does not see assignments made inside the callback.
    const attempt: { outcome?: CreateResult } = {};
    try {
      const once = await runOnce(this.shared.store, key, { pendingTtlMs: leaseMs, resultTtlMs: OUTCOME_TTL_MS, waitMs }, async () => {
        attempt.outcome = await this.createOnce(formId, form, options);
        if (attempt.outcome.kind === 'invalid' || attempt.outcome.kind === 'sameName') throw new NotFinal();
        return JSON.stringify(attempt.outcome);
      });
      return once.ranHere && attempt.outcome !== undefined ? attempt.outcome : await this.recorded(key, once.value);
    } catch (err) {
      // Invalid; or done in ITFlow but not recorded (the store went away meanwhile): this click's answer stands.
      if (attempt.outcome !== undefined && (err instanceof NotFinal || err instanceof StoreUnavailableError)) return attempt.outcome;
      throw err;
    }
  }

  private async createOnce(formId: string, form: AddFormValues, options: CreateOptions): Promise<CreateResult> {
    if (!this.reads.isClientAllowed(form.clientId) || !this.reads.clientExists(form.clientId)) {
      return { kind: 'invalid', errors: { clientId: 'Choose a client from the list' } };
    }
    const locationError = this.reads.locationProblem(form.clientId, form.locationId);
    if (locationError !== null) return { kind: 'invalid', errors: { locationId: locationError } };

    const { store } = this.shared;
    const mayHaveLanded = (await store.hashGet(STORE_KEYS.createsInFlight, formId)) !== undefined;
    const existing = await this.findInClientByEmail(form.clientId, form.email);
    // After a create whose outcome was unknown, the row found by its email is that create's, not a duplicate.
    if (existing !== null) return mayHaveLanded ? this.settled(formId, await this.createdAlready(existing)) : { kind: 'duplicate', existing };
    if (!mayHaveLanded && options.sameNameConfirmed !== true) {
      const namesake = sameNameIn(form.name, form.clientId, this.directory.search({ text: form.name, clientIds: new Set([form.clientId]), limit: 20 }).hits.map((h) => h.contact));
      if (namesake !== null) return { kind: 'sameName', existing: namesake };
    }

    const blank = emptyContact(form.clientId);
    const fields = toWrite(blank, applyForm(editableValuesOf(blank), form));
    await store.hashSet(STORE_KEYS.createsInFlight, formId, new Date().toISOString());
    let id: number;
    try {
      id = await this.api.createContact(form.clientId, fields);
    } catch (err) {
      // A create whose outcome is unknown may have landed: look before anyone retries, never create twice.
      if (err instanceof ItflowUnavailableError && err.outcomeUnknown) {
        const landed = await this.findInClientByEmail(form.clientId, form.email).catch(() => null);
        if (landed !== null) return this.settled(formId, await this.createdAlready(landed));
        throw err;
      }
      // Refused, rejected or never sent: nothing was created, so the form is settled.
      if (err instanceof ItflowRejectedError || err instanceof ItflowAuthError || err instanceof ItflowUnavailableError) await this.settle(formId);
      if (err instanceof ItflowRejectedError) {
        const duplicate = await this.findInClientByEmail(form.clientId, form.email);
        if (duplicate !== null) return { kind: 'duplicate', existing: duplicate };
      }
      throw err;
    }
    return this.settled(formId, await this.readBack(id, form.clientId, fields));
  }

  /** ITFlow confirmed the create: it is done, whether or not the new contact can be read back just now. */
  private async readBack(id: number, clientId: number, sent: ContactWrite): Promise<CreateResult> {
    const created = await this.api.getContact(id).catch((err: unknown) => {
      if (err instanceof ItflowError) return null;
      throw err;
    });
    if (created !== null) return this.createdAlready(created);
    const asSent: Contact = { ...emptyContact(clientId), ...sent, id };
    await this.applied(asSent);
    return { kind: 'created', contact: asSent, readBack: 'failed' };
  }

  /** The outcome another click (here or on another instance) recorded; re-read now if that did not work then. */
  private async recorded(key: string, value: string): Promise<CreateResult> {
    const recorded = recordedSchema.safeParse(value);
    if (!recorded.success) throw new Error('the recorded outcome of this add form cannot be read');
    const outcome = recorded.data;
    if (outcome.kind !== 'created' || outcome.readBack === 'ok') return outcome;
    const fresh = await this.reads.get(outcome.contact.id).catch((err: unknown) => {
      if (err instanceof ItflowError) return null;
      throw err;
    });
    if (fresh === null) return outcome;
    const reread: CreateResult = { kind: 'created', contact: fresh, readBack: 'ok' };
    await this.shared.announce(fresh);
    await this.shared.store.complete(key, JSON.stringify(reread), OUTCOME_TTL_MS).catch(() => undefined);
    return reread;
  }

  private async createdAlready(contact: Contact): Promise<CreateResult> {
    await this.applied(contact);
    return { kind: 'created', contact, readBack: 'ok' };
  }

  /** This instance's directory at once, the others' through the store. */
  private async applied(contact: Contact): Promise<void> {
    this.directory.upsert(contact);
    await this.shared.announce(contact);
  }

  private async settled(formId: string, outcome: CreateResult): Promise<CreateResult> {
    await this.settle(formId);
    return outcome;
  }

  /** The create's outcome is known. Best effort: a mark left behind only makes a retry look by email first. */
  private async settle(formId: string): Promise<void> {
    await this.shared.store.hashDelete(STORE_KEYS.createsInFlight, formId).catch(() => false);
  }

  private async findInClientByEmail(clientId: number, email: string): Promise<Contact | null> {
    const rows = await this.api.findContactsByEmail(email);
    return rows.find((c) => c.clientId === clientId) ?? null;
  }
}
