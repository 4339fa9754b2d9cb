import { scopeOfKey } from '../api-keys';
import type { ApiContext } from '../context';
import { readOutput, type PhpResponse } from '../http';
import { intval, phpEmpty } from '../php';
import { queryValue } from '../request';
import type { ReplyFilter } from '../ticket-store';
import { pageOf } from './paging';

/**
 * ticket_replies/read.php (latest only): by ticket_reply_id, by ticket_id, else every reply, ordered by reply
 * id. Each row adds its ticket's prefix, number, subject and client, and ticket_reply_by_name (the user for
 * Internal/Public replies, the contact for Client ones). Archived replies are hidden unless include_archived is
 * non-empty; `type` narrows to Internal, Public or Client (anything else is ignored). Scoped through the
 * ticket's client, so another client's replies are "No resource" even by id.
 */
export function readTicketReplies({ request, key, tickets }: ApiContext): PhpResponse {
  const filter = replyFilter(request.query);
  const replyId = queryValue(request.query, 'ticket_reply_id');
  if (replyId !== undefined) return readOutput(tickets.replyById(intval(replyId), scopeOfKey(key), filter));
  const ticketId = queryValue(request.query, 'ticket_id');
  if (ticketId !== undefined) return readOutput(tickets.repliesOfTicket(intval(ticketId), scopeOfKey(key), filter, pageOf(request)));
  return readOutput(tickets.repliesPage(scopeOfKey(key), filter, pageOf(request)));
}

const REPLY_TYPES: ReadonlySet<string> = new Set(['Internal', 'Public', 'Client']);

function replyFilter(query: URLSearchParams): ReplyFilter {
  const includeArchived = queryValue(query, 'include_archived');
  const requested = queryValue(query, 'type');
  // ucfirst(strtolower($type)), then a whitelist.
  const type = requested === undefined ? null : requested.charAt(0).toUpperCase() + requested.slice(1).toLowerCase();
  return {
    includeArchived: includeArchived !== undefined && !phpEmpty(includeArchived),
    type: type !== null && REPLY_TYPES.has(type) ? type : null,
  };
}
