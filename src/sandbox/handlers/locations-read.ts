import { scopeOfKey } from '../api-keys';
import type { ApiContext } from '../context';
import { readOutput, type PhpResponse } from '../http';
import { intval } from '../php';
import { queryValue } from '../request';
import { pageOf } from './paging';

/** locations/read.php: by location_id, else a page ordered by location_id, within the key's clients. */
export function readLocations({ request, key, store }: ApiContext): PhpResponse {
  const id = queryValue(request.query, 'location_id');
  if (id !== undefined) return readOutput(store.locationById(intval(id), scopeOfKey(key)));
  return readOutput(store.locationsPage(scopeOfKey(key), pageOf(request)));
}
