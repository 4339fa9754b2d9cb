import { deleteOutput, failure, json, type PhpResponse } from '../http';
import { MESSAGES } from '../messages';
import { intval, isset, phpEmpty, sanitizeInput } from '../php';
import type { LegacyWriteContext } from './auth';
import { legacyContactValues } from './contact-model';
import { legacyUpdateOutput } from './output';

/**
 * Legacy contacts/create.php, update.php and delete.php. The update is the dangerous one: it looks the row up
 * within client_id, but writes `WHERE contact_id` alone and always sets contact_client_id. With a wrong or
 * missing client the lookup finds nothing, every field not sent falls back to empty/0, and the contact is
 * moved to that client (client 0 when none was sent) — or, without contact_location_id, the SQL breaks (500).
 * No primary-flag clearing: legacy lets a client have two primary contacts.
 */

export function createLegacyContact({ request, clientId, store, legacy }: LegacyWriteContext): PhpResponse {
  // Checked before the INSERT is built, so a missing field answers "False" even when the INSERT would break.
  const name = textParam(request.post, 'contact_name');
  const email = textParam(request.post, 'contact_email');
  if (phpEmpty(name) || phpEmpty(email) || clientId === 0) return failure(200, MESSAGES.insertFailed);
  if (store.emailExistsInClient(email, clientId)) return failure(200, MESSAGES.insertFailed);
  const insertId = legacy.insertContact(legacyContactValues(request.post, null, clientId));
  return json(200, { success: 'True', count: '1', data: [{ insert_id: insertId }] });
}

export function updateLegacyContact({ request, clientId, legacy }: LegacyWriteContext): PhpResponse {
  const contactId = intval(request.post.get('contact_id'));
  if (contactId === 0) return legacyUpdateOutput(0);
  const values = legacyContactValues(request.post, legacy.contactInClient(contactId, clientId), clientId);
  return legacyUpdateOutput(legacy.updateContact(contactId, values));
}

export function deleteLegacyContact({ request, clientId, legacy }: LegacyWriteContext): PhpResponse {
  const contactId = intval(request.post.get('contact_id'));
  return deleteOutput(contactId === 0 ? 0 : legacy.deleteContact(contactId, clientId));
}

function textParam(post: ReadonlyMap<string, unknown>, name: string): string {
  return isset(post, name) ? sanitizeInput(post.get(name)) : '';
}
