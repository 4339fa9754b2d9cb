import { pageOf } from '../handlers/paging';
import type { PhpResponse } from '../http';
import { intval } from '../php';
import { queryValue } from '../request';
import type { LegacyReadContext } from './auth';
import { fetchArrayOutput } from './output';
import { LEGACY_CLIENT_COLUMNS, LEGACY_CONTACT_COLUMNS, LEGACY_LOCATION_COLUMNS } from './schema';

/** Legacy contacts/, locations/ and clients/read.php: the latest lookups, in the legacy scope, as fetch-array rows. */

export function readLegacyContacts({ request, scope, legacy }: LegacyReadContext): PhpResponse {
  const rows = (() => {
    const id = queryValue(request.query, 'contact_id');
    if (id !== undefined) return legacy.contactById(intval(id), scope);
    const email = queryValue(request.query, 'contact_email');
    if (email !== undefined) return legacy.contactsByEmail(email, scope);
    const phone = queryValue(request.query, 'contact_phone_or_mobile');
    if (phone !== undefined) return legacy.contactByPhoneOrMobile(phone, scope);
    return legacy.contactsPage(scope, pageOf(request));
  })();
  return fetchArrayOutput(LEGACY_CONTACT_COLUMNS, rows);
}

export function readLegacyLocations({ request, scope, legacy }: LegacyReadContext): PhpResponse {
  const id = queryValue(request.query, 'location_id');
  const rows = id !== undefined ? legacy.locationById(intval(id), scope) : legacy.locationsPage(scope, pageOf(request));
  return fetchArrayOutput(LEGACY_LOCATION_COLUMNS, rows);
}

export function readLegacyClients({ request, scope, legacy }: LegacyReadContext): PhpResponse {
  const name = queryValue(request.query, 'client_name');
  const rows = name !== undefined ? legacy.clientsByName(name, scope) : legacy.clientsPage(scope, pageOf(request));
  return fetchArrayOutput(LEGACY_CLIENT_COLUMNS, rows);
}
