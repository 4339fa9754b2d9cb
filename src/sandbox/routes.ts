import type { Route } from './context';
import { readAssets } from './handlers/assets-read';
import { readClients } from './handlers/clients-read';
import { archiveContact, deleteContact, unarchiveContact } from './handlers/contacts-lifecycle';
import { readContacts } from './handlers/contacts-read';
import { createContact, updateContact } from './handlers/contacts-write';
import { readLocations } from './handlers/locations-read';
import { readTicketReplies } from './handlers/ticket-replies-read';
import { createTicket, readTickets } from './handlers/tickets';

/** The ITFlow API files the sandbox implements; every other path is a 404, as on a real server. */
export const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  ['/api/v1/contacts/read.php', { operation: 'read', handle: readContacts }],
  ['/api/v1/contacts/create.php', { operation: 'create', handle: createContact }],
  ['/api/v1/contacts/update.php', { operation: 'update', handle: updateContact }],
  ['/api/v1/contacts/archive.php', { operation: 'archive', handle: archiveContact }],
  ['/api/v1/contacts/unarchive.php', { operation: 'unarchive', handle: unarchiveContact }],
  ['/api/v1/contacts/delete.php', { operation: 'delete', handle: deleteContact }],
  ['/api/v1/locations/read.php', { operation: 'read', handle: readLocations }],
  ['/api/v1/clients/read.php', { operation: 'read', handle: readClients }],
  ['/api/v1/tickets/read.php', { operation: 'read', handle: readTickets }],
  ['/api/v1/tickets/create.php', { operation: 'create', handle: createTicket }],
  ['/api/v1/ticket_replies/read.php', { operation: 'read', handle: readTicketReplies }],
  ['/api/v1/assets/read.php', { operation: 'read', handle: readAssets }],
]);
