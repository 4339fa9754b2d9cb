import { pageOf } from '../handlers/paging';
import { commonTicketFields, insertApiTicket } from '../handlers/ticket-model';
import { failure, json, type PhpResponse } from '../http';
import { MESSAGES } from '../messages';
import { intval, isset, phpEmpty, sanitizeInput } from '../php';
import { queryValue } from '../request';
import type { ApiRow } from '../schema';
import { ASSET_FILTERS, TicketQueries, type ScopeParams } from '../ticket-queries';
import type { TicketStore } from '../ticket-store';
import type { LegacyReadContext, LegacyWriteContext } from './auth';
import type { LegacyScope } from './legacy-store';
import { fetchArrayOutput } from './output';
import { LEGACY_ASSET_COLUMNS, LEGACY_ASSET_RENAMES, LEGACY_INTERFACE_COLUMNS, LEGACY_TICKET_COLUMNS, LEGACY_TICKET_STATUS_COLUMNS } from './ticket-schema';

/**
 * Legacy tickets/read.php, tickets/create.php and assets/read.php: latest's queries in the legacy projection
 * and scope (`LIKE '$client_id'`: the key's client, `?client_id=` for an all-clients key, else every client),
 * answered as fetch-array rows. No ticket_replies/ at all (PHP's 404 page). Create requires a subject and a
 * client — a client-bound key's own client replaces whatever was sent, so a ticket "for Globex" lands in its
 * client, with the Globex contact kept — and writes the status as the text "Open", details stripped of tags
 * without "<br>", no source, no URL key, no asset and no billable flag.
 */

/** The legacy projection of the ticket and asset reads, over the sandbox's tables. */
export function legacyTicketReads(tickets: TicketStore): TicketQueries {
  return new TicketQueries(tickets.store.connection, {
    tickets: LEGACY_TICKET_COLUMNS,
    statuses: LEGACY_TICKET_STATUS_COLUMNS,
    assets: LEGACY_ASSET_COLUMNS,
    interfaces: LEGACY_INTERFACE_COLUMNS,
    renamed: LEGACY_ASSET_RENAMES,
    scope: (column) => `(@all = 1 OR ${column} = @client)`,
  });
}

/** Every projection here is a plain column list. */
const rowsOutput = (columns: readonly string[], rows: ReadonlyArray<ApiRow<string>>): PhpResponse => fetchArrayOutput<string>(columns, rows);

const scopeParams = (scope: LegacyScope): ScopeParams => ({ all: scope === null ? 1 : 0, client: scope ?? 0 });

export function readLegacyTickets({ request, scope, ticketReads: queries }: LegacyReadContext): PhpResponse {
  const id = queryValue(request.query, 'ticket_id');
  if (id !== undefined) return rowsOutput(queries.ticketWithStatusColumns, queries.ticketById(intval(id), scopeParams(scope)));
  return rowsOutput(LEGACY_TICKET_COLUMNS, queries.ticketsPage(scopeParams(scope), pageOf(request)));
}

export function readLegacyAssets({ request, scope, ticketReads: queries }: LegacyReadContext): PhpResponse {
  const id = queryValue(request.query, 'asset_id');
  if (id !== undefined) return rowsOutput(LEGACY_ASSET_COLUMNS, queries.assetById(intval(id), scopeParams(scope)));
  for (const filter of ASSET_FILTERS) {
    const value = queryValue(request.query, filter);
    if (value === undefined) continue;
    const columns = filter === 'asset_mac' ? queries.assetWithInterfaceColumns : LEGACY_ASSET_COLUMNS;
    return rowsOutput(columns, queries.assetsBy(filter, value, scopeParams(scope), pageOf(request)));
  }
  return rowsOutput(queries.assetWithInterfaceColumns, queries.assetsPage(scopeParams(scope), pageOf(request)));
}

export function createLegacyTicket({ request, clientId, tickets, store }: LegacyWriteContext): PhpResponse {
  const fields = {
    ...commonTicketFields(request.post),
    details: isset(request.post, 'ticket_details') ? sanitizeInput(request.post.get('ticket_details')) : '< blank >',
    assetId: 0,
    billable: 0,
  };
  if (phpEmpty(fields.subject) || clientId === 0) return failure(200, MESSAGES.insertFailed);
  const insertId = insertApiTicket(tickets, { fields, clientId, status: 'Open', source: null, urlKey: null, now: store.timestamp() });
  return json(200, { success: 'True', count: '1', data: [{ insert_id: insertId }] });
}
