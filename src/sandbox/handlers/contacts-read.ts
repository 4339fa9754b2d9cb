import { scopeOfKey } from '../api-keys';
import type { ApiContext } from '../context';
import { readOutput, type PhpResponse } from '../http';
import { intval } from '../php';
import { queryValue } from '../request';
import { pageOf } from './paging';

/**
 * contacts/read.php: by contact_id, by contact_email (several rows possible), by contact_phone_or_mobile
 * (exact digits, one row, with ITFlow's scope leak on mobile matches), else a page ordered by contact_id.
 * The key's client scope applies; a client_id parameter does not (latest ignores it on reads).
 */
export function readContacts({ request, key, store }: ApiContext): PhpResponse {
  const id = queryValue(request.query, 'contact_id');
  if (id !== undefined) return readOutput(store.contactById(intval(id), scopeOfKey(key)));
  const email = queryValue(request.query, 'contact_email');
  if (email !== undefined) return readOutput(store.contactsByEmail(email, scopeOfKey(key)));
  const phone = queryValue(request.query, 'contact_phone_or_mobile');
  if (phone !== undefined) return readOutput(store.contactByPhoneOrMobile(phone, scopeOfKey(key)));
  return readOutput(store.contactsPage(scopeOfKey(key), pageOf(request)));
}
