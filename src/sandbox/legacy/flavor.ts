import type { ServerFlavor } from '../flavor';
import type { TicketStore } from '../ticket-store';
import { answerLegacy, type LegacyRoute } from './auth';
import type { LegacyStore } from './legacy-store';
import { legacyNotFound } from './output';
import { readLegacyClients, readLegacyContacts, readLegacyLocations } from './reads';
import { createLegacyTicket, legacyTicketReads, readLegacyAssets, readLegacyTickets } from './tickets';
import { createLegacyContact, deleteLegacyContact, updateLegacyContact } from './writes';

/** The late-2024 server's API files: no archive.php, unarchive.php or ticket_replies/ yet, so those paths are PHP's 404 page. */
const LEGACY_ROUTES: ReadonlyMap<string, LegacyRoute> = new Map<string, LegacyRoute>([
  ['/api/v1/contacts/read.php', { kind: 'read', handle: readLegacyContacts }],
  ['/api/v1/contacts/create.php', { kind: 'write', handle: createLegacyContact }],
  ['/api/v1/contacts/update.php', { kind: 'write', handle: updateLegacyContact }],
  ['/api/v1/contacts/delete.php', { kind: 'write', handle: deleteLegacyContact }],
  ['/api/v1/locations/read.php', { kind: 'read', handle: readLegacyLocations }],
  ['/api/v1/clients/read.php', { kind: 'read', handle: readLegacyClients }],
  ['/api/v1/tickets/read.php', { kind: 'read', handle: readLegacyTickets }],
  ['/api/v1/tickets/create.php', { kind: 'write', handle: createLegacyTicket }],
  ['/api/v1/assets/read.php', { kind: 'read', handle: readLegacyAssets }],
]);

export function legacyFlavor(legacy: LegacyStore, tickets: TicketStore): ServerFlavor {
  const data = { legacy, tickets, ticketReads: legacyTicketReads(tickets) };
  return {
    endpoint(path) {
      const route = LEGACY_ROUTES.get(path);
      return route === undefined ? null : (request) => answerLegacy(data, route, request);
    },
    notFound: legacyNotFound,
  };
}
