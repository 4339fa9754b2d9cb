import type { ApiContext } from '../context';
import { deleteOutput, updateOutput, type PhpResponse } from '../http';
import { intval } from '../php';

/**
 * contacts/archive.php, unarchive.php and delete.php: each acts on contact_id within client_id. Archiving
 * also clears important/billing/technical (unarchiving does not restore them); archiving an archived
 * contact, or unarchiving an active one, changes nothing and answers "False".
 */

const contactIdOf = ({ request }: ApiContext) => intval(request.post.get('contact_id'));

export function archiveContact(context: ApiContext): PhpResponse {
  const id = contactIdOf(context);
  return updateOutput(id === 0 ? 0 : context.store.archiveContact(id, context.clientId));
}

export function unarchiveContact(context: ApiContext): PhpResponse {
  const id = contactIdOf(context);
  return updateOutput(id === 0 ? 0 : context.store.unarchiveContact(id, context.clientId));
}

export function deleteContact(context: ApiContext): PhpResponse {
  const id = contactIdOf(context);
  return deleteOutput(id === 0 ? 0 : context.store.deleteContact(id, context.clientId));
}
