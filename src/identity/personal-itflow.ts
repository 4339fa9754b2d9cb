import { ItflowAuthError } from '../itflow/errors';
import type { Client, Contact, ContactWrite, ItflowApi, Location, PageRequest } from '../itflow/types';

/** ITFlow with one key: everything the bot does, plus what connecting needs to learn. */
export interface KeyedItflow extends ItflowApi {
  listClients(): Promise<Client[]>;
  mayUpdateContacts(clientId: number): Promise<boolean>;
}

export type ItflowForKey = (apiKey: string) => KeyedItflow;

/**
 * ITFlow with a technician's own key, whose refusals say whose key it was: a 401 (revoked, expired) marks the
 * stored key refused and surfaces as PersonalKeyError, so the technician reads "your ITFlow key was refused —
 * connect again" rather than advice about the bot's key; a 403 is their role or client access speaking.
 */
export class PersonalKeyError extends ItflowAuthError {}

export class PersonalItflow implements KeyedItflow {
  constructor(
    private readonly itflow: KeyedItflow,
    private readonly onRefused: () => Promise<void>,
  ) {}

  listContacts(page: PageRequest): Promise<Contact[]> {
    return this.guard(() => this.itflow.listContacts(page));
  }
  getContact(id: number): Promise<Contact | null> {
    return this.guard(() => this.itflow.getContact(id));
  }
  findContactsByEmail(email: string): Promise<Contact[]> {
    return this.guard(() => this.itflow.findContactsByEmail(email));
  }
  findContactByPhone(digits: string): Promise<Contact | null> {
    return this.guard(() => this.itflow.findContactByPhone(digits));
  }
  createContact(clientId: number, fields: ContactWrite): Promise<number> {
    return this.guard(() => this.itflow.createContact(clientId, fields));
  }
  updateContact(contactId: number, clientId: number, fields: ContactWrite): Promise<void> {
    return this.guard(() => this.itflow.updateContact(contactId, clientId, fields));
  }
  listClients(): Promise<Client[]> {
    return this.guard(() => this.itflow.listClients());
  }
  listLocations(): Promise<Location[]> {
    return this.guard(() => this.itflow.listLocations());
  }
  mayUpdateContacts(clientId: number): Promise<boolean> {
    return this.guard(() => this.itflow.mayUpdateContacts(clientId));
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof ItflowAuthError) || err instanceof PersonalKeyError) throw err;
      if (err.status === 401) await this.onRefused().catch(() => undefined);
      throw new PersonalKeyError(err.message, err.status);
    }
  }
}
