import type { DirectoryPort } from '../../src/contacts/ports';
import type { Contact } from '../../src/contacts/contact';

/** A directory that has loaded nothing yet, so the service's exact lookups go to ITFlow; records upserts. */
export function loadingDirectory(upserted: Contact[] = []): DirectoryPort {
  return {
    search: () => ({ hits: [], total: 0, complete: false }),
    get: () => undefined,
    upsert: (contact) => void upserted.push(contact),
    clients: () => [],
    locations: () => [],
    clientName: () => '',
    locationName: () => '',
    status: () => ({ state: 'loading', loaded: 0, lastRefreshAt: null, lastError: null }),
  };
}
