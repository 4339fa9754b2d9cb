import { randomString } from '../api-keys';
import type { ApiContext } from '../context';
import { failure, json, readOutput, type PhpResponse } from '../http';
import { MESSAGES } from '../messages';
import { intval, phpEmpty } from '../php';
import { queryValue } from '../request';
import { TicketStore } from '../ticket-store';
import { pageOf } from './paging';
import { insertApiTicket, latestTicketFields } from './ticket-model';

/**
 * tickets/read.php: by ticket_id with its status row LEFT JOINed (adding ticket_status_id, _name, _color,
 * _active, _pauses_sla, _order), else a page ordered by ticket_id without status names. Scoped to the key's
 * clients (and client 0); a client_id parameter is ignored, as latest does on every read.
 */
export function readTickets({ request, key, tickets }: ApiContext): PhpResponse {
  const scope = TicketStore.latestScope(key);
  const id = queryValue(request.query, 'ticket_id');
  if (id !== undefined) return readOutput(tickets.latest.ticketById(intval(id), scope));
  return readOutput(tickets.latest.ticketsPage(scope, pageOf(request)));
}

/**
 * tickets/create.php: a subject is required (nothing else: without client_id an all-clients key creates a
 * ticket of client 0). Status 1 (New), source "API", a random URL key; the target client was already checked
 * against the key by the auth pipeline (403 otherwise).
 */
export function createTicket({ request, clientId, tickets, store }: ApiContext): PhpResponse {
  const fields = latestTicketFields(request.post);
  if (phpEmpty(fields.subject)) return failure(200, MESSAGES.insertFailed);
  const insertId = insertApiTicket(tickets, { fields, clientId, status: 1, source: 'API', urlKey: randomString(32), now: store.timestamp() });
  return json(200, { success: 'True', count: '1', data: [{ insert_id: insertId }] });
}
