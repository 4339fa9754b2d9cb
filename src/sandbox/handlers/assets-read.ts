import type { ApiContext } from '../context';
import { readOutput, type PhpResponse } from '../http';
import { intval } from '../php';
import { queryValue } from '../request';
import { ASSET_FILTERS } from '../ticket-queries';
import { TicketStore } from '../ticket-store';
import { pageOf } from './paging';

/**
 * assets/read.php: by asset_id (the asset's own columns), else by the first of asset_type, asset_name,
 * asset_serial, asset_mac, asset_uri, asset_uri_2 given (exact, case-insensitive), else a page of every asset
 * with its primary interface LEFT JOINed in (interface_* keys, null without one). Ordered by asset_id.
 */
export function readAssets({ request, key, tickets }: ApiContext): PhpResponse {
  const scope = TicketStore.latestScope(key);
  const id = queryValue(request.query, 'asset_id');
  if (id !== undefined) return readOutput(tickets.latest.assetById(intval(id), scope));
  for (const filter of ASSET_FILTERS) {
    const value = queryValue(request.query, filter);
    if (value !== undefined) return readOutput(tickets.latest.assetsBy(filter, value, scope, pageOf(request)));
  }
  return readOutput(tickets.latest.assetsPage(scope, pageOf(request)));
}
