import type { ApiContext } from '../context';
import { failure, json, updateOutput, type PhpResponse } from '../http';
import { MESSAGES } from '../messages';
import { intval, phpEmpty } from '../php';
import { assertFitsColumns, contactFields } from './contact-model';

/**
 * contacts/create.php: name, email and a client are required; an email already used in that client fails
 * with the same generic message; contact_primary=1 first clears the client's other primaries.
 */
export function createContact({ request, clientId, store }: ApiContext): PhpResponse {
  const fields = contactFields(request.post, null);
  if (phpEmpty(fields.contact_name) || phpEmpty(fields.contact_email) || clientId === 0) return failure(200, MESSAGES.insertFailed);
  if (store.emailExistsInClient(fields.contact_email, clientId)) return failure(200, MESSAGES.insertFailed);
  if (fields.contact_primary === 1) store.clearPrimaryContacts(clientId);
  assertFitsColumns(fields, clientId);
  const insertId = store.insertContact({ ...fields, contact_client_id: clientId, contact_created_at: store.timestamp() });
  return json(200, { success: 'True', count: '1', data: [{ insert_id: insertId }] });
}

/**
 * contacts/update.php: a partial update of the row matching contact_id AND contact_client_id = client_id.
 * Omitted fields keep their value; an unmatched or unchanged row answers "False". The primary flag is
 * cleared across the client before the update runs, so it stays cleared even when the update then matches
 * nothing.
 */
export function updateContact({ request, clientId, store }: ApiContext): PhpResponse {
  const contactId = intval(request.post.get('contact_id'));
  if (contactId === 0) return updateOutput(0);
  const fields = contactFields(request.post, store.contactInClient(contactId, clientId));
  if (fields.contact_primary === 1) store.clearPrimaryContacts(clientId);
  assertFitsColumns(fields, clientId);
  return updateOutput(store.updateContactInClient(contactId, clientId, { ...fields, contact_client_id: clientId }));
}
