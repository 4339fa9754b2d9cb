import { ItflowError, ItflowRejectedError, ItflowUnavailableError } from '../itflow/errors';
import type { ContactWrite, ItflowApi } from '../itflow/types';
import type { AddFormValues, FieldErrors } from './contact-form';
import { applyForm, editableValuesOf, emptyContact, toWrite, type Contact } from './contact';
import type { ReadBack } from './contact-update';
import { BoundedMap } from '../bounded-map';
import { KeyedMutex } from './keyed-mutex';
import type { ContactReads, DirectoryPort } from './ports';

export type CreateResult =
  | { kind: 'created'; contact: Contact; readBack: ReadBack }
  | { kind: 'duplicate'; existing: Contact }
  | { kind: 'invalid'; errors: FieldErrors };

/**
 * Creates at most once per add form, however often (or however concurrently) it is submitted: the form's
 * outcome is remembered, and a create whose outcome was unknown is checked by email before anything is retried.
 */
export class ContactCreator {
  private readonly formLocks = new KeyedMutex<string>();
  private readonly formOutcomes: BoundedMap<string, CreateResult>;
  /** Forms whose create may have landed without the bot learning it (timeout or 5xx after sending). */
  private readonly unsettledForms: BoundedMap<string, true>;

  constructor(
    private readonly api: ItflowApi,
    private readonly directory: DirectoryPort,
    private readonly reads: ContactReads,
    rememberedForms: number,
  ) {
    this.formOutcomes = new BoundedMap(rememberedForms);
    this.unsettledForms = new BoundedMap(rememberedForms);
  }

  /** A repeated submission of the same form answers with the first outcome (re-reading a contact not yet re-read). */
  async create(formId: string, form: AddFormValues): Promise<CreateResult> {
    return this.formLocks.run(formId, async () => {
      const remembered = this.formOutcomes.get(formId);
      if (remembered?.kind === 'created' && remembered.readBack === 'failed') return this.rememberedCreate(formId, remembered);
      if (remembered !== undefined && remembered.kind !== 'invalid') return remembered;
      let outcome: CreateResult;
      try {
        outcome = await this.createOnce(form, this.unsettledForms.has(formId));
      } catch (err) {
        if (err instanceof ItflowUnavailableError && err.outcomeUnknown) {
          this.unsettledForms.set(formId, true);
        }
        throw err;
      }
      this.unsettledForms.delete(formId);
      if (outcome.kind !== 'invalid') this.remember(formId, outcome);
      return outcome;
    });
  }

  /** mayHaveLanded: an earlier submission of this form may have created the contact already. */
  private async createOnce(form: AddFormValues, mayHaveLanded: boolean): Promise<CreateResult> {
    if (!this.reads.isClientAllowed(form.clientId) || !this.reads.clientExists(form.clientId)) {
      return { kind: 'invalid', errors: { clientId: 'Choose a client from the list' } };
    }
    const locationError = this.reads.locationProblem(form.clientId, form.locationId);
    if (locationError !== null) return { kind: 'invalid', errors: { locationId: locationError } };

    const existing = await this.findInClientByEmail(form.clientId, form.email);
    // After a create whose outcome was unknown, the row found by its email is that create's, not a duplicate.
    if (existing !== null) return mayHaveLanded ? this.createdAlready(existing) : { kind: 'duplicate', existing };

    const blank = emptyContact(form.clientId);
    const fields = toWrite(blank, applyForm(editableValuesOf(blank), form));
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
    return this.readBack(id, form.clientId, fields);
  }

  /** ITFlow confirmed the create: it is done, whether or not the new contact can be read back just now. */
  private async readBack(id: number, clientId: number, sent: ContactWrite): Promise<CreateResult> {
    const created = await this.api.getContact(id).catch((err: unknown) => {
      if (err instanceof ItflowError) return null;
      throw err;
    });
    if (created !== null) {
      this.directory.upsert(created);
      return { kind: 'created', contact: created, readBack: 'ok' };
    }
    const asSent: Contact = { ...emptyContact(clientId), ...sent, id };
    this.directory.upsert(asSent);
    return { kind: 'created', contact: asSent, readBack: 'failed' };
  }

  /** The contact this form created before; read again now if that did not work then. */
  private async rememberedCreate(formId: string, remembered: CreateResult & { kind: 'created' }): Promise<CreateResult> {
    const fresh = await this.reads.get(remembered.contact.id).catch((err: unknown) => {
      if (err instanceof ItflowError) return null;
      throw err;
    });
    if (fresh === null) return remembered;
    const outcome: CreateResult = { kind: 'created', contact: fresh, readBack: 'ok' };
    this.formOutcomes.set(formId, outcome);
    return outcome;
  }

  private createdAlready(contact: Contact): CreateResult {
    this.directory.upsert(contact);
    return { kind: 'created', contact, readBack: 'ok' };
  }

  private async findInClientByEmail(clientId: number, email: string): Promise<Contact | null> {
    const rows = await this.api.findContactsByEmail(email);
    return rows.find((c) => c.clientId === clientId) ?? null;
  }

  private remember(formId: string, outcome: CreateResult): void {
    this.formOutcomes.set(formId, outcome);
  }
}
