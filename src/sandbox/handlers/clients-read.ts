import { scopeOfKey } from '../api-keys';
import type { ApiContext } from '../context';
import { readOutput, type PhpResponse } from '../http';
import { queryValue } from '../request';
import { pageOf } from './paging';

/** clients/read.php: by exact client_name (case- and accent-insensitive), else a page ordered by client_id. */
export function readClients({ request, key, store }: ApiContext): PhpResponse {
  const name = queryValue(request.query, 'client_name');
  if (name !== undefined) return readOutput(store.clientsByName(name, scopeOfKey(key)));
  return readOutput(store.clientsPage(scopeOfKey(key), pageOf(request)));
}
