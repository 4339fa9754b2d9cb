import type { Client, Location } from '../itflow/types';
import type { Contact } from './contact';
import type { SearchQuery } from './search-types';

export interface DirectoryHit {
  contact: Contact;
  strong: boolean;
}

export interface DirectoryStatus {
  state: 'loading' | 'ready' | 'degraded';
  loaded: number;
  lastRefreshAt: number | null;
  lastError: string | null;
}

/** What the contact service needs from the in-memory directory (implemented by ContactDirectory). */
export interface DirectoryPort {
  search(q: SearchQuery): { hits: DirectoryHit[]; total: number; complete: boolean; archived?: number; near?: Contact[] };
  get(id: number): Contact | undefined;
  upsert(contact: Contact): void;
  clients(): Client[];
  locations(): Location[];
  /** '' when unknown. */
  clientName(id: number): string;
  /** '' when unknown or 0. */
  locationName(id: number): string;
  status(): DirectoryStatus;
}

/** What the writers (contact-update.ts, contact-create.ts) need from ContactService's read side. */
export interface ContactReads {
  /** A fresh read from ITFlow, applied to the directory; null when missing or outside the allowed clients. */
  get(contactId: number): Promise<Contact | null>;
  isClientAllowed(clientId: number): boolean;
  clientExists(clientId: number): boolean;
  /** Why this location cannot be the contact's (another client's, unknown); null when it can. */
  locationProblem(clientId: number, locationId: number): string | null;
  /** '' when unknown (or 0 for locations). */
  clientName(id: number): string;
  locationName(id: number): string;
}
