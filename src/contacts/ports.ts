import type { Client, Contact, Location } from '../itflow/types';

/** What the contact service needs from the in-memory directory (implemented by ContactDirectory). */
export interface SearchRequest {
  text: string;
  client?: string;
  /** Only contacts of these clients are searched (ALLOWED_CLIENT_IDS). */
  clientIds?: ReadonlySet<number>;
  includeArchived?: boolean;
  limit?: number;
}

export interface DirectoryHit {
  contact: Contact;
  strong: boolean;
}

export interface DirectoryStatus {
  state: 'loading' | 'ready' | 'degraded';
  loaded: number;
  lastError: string | null;
}

export interface DirectoryPort {
  search(q: SearchRequest): { hits: DirectoryHit[]; total: number; complete: boolean };
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
