import type { ApiKey } from '../api-keys';
import { emptyBody, failure, methodDump, type PhpResponse } from '../http';
import { MESSAGES } from '../messages';
import { intval, isset } from '../php';
import { apiKeyOf, queryValue, type ApiRequest } from '../request';
import type { SandboxStore } from '../store';
import type { TicketQueries } from '../ticket-queries';
import type { TicketStore } from '../ticket-store';
import type { LegacyScope, LegacyStore } from './legacy-store';

/**
 * Legacy validate_api_key.php + require_get_method.php / require_post_method.php. No roles and no RBAC:
 * any valid key may read, write and delete. The key's client is the scope; only an all-clients key (client 0)
 * takes the target from the request — `?client_id=` on reads (else every client, `'%'`), the body's
 * `client_id` on writes (else 0). A client-bound key silently overrides whatever client_id is sent.
 */

/** The legacy server's data: contacts through LegacyStore, tickets and assets through their own tables. */
export interface LegacyData {
  legacy: LegacyStore;
  tickets: TicketStore;
  /** Ticket and asset reads in the legacy projection. */
  ticketReads: TicketQueries;
}

interface LegacyBase extends LegacyData {
  request: ApiRequest;
  key: ApiKey;
  store: SandboxStore;
}

export interface LegacyReadContext extends LegacyBase {
  scope: LegacyScope;
}

export interface LegacyWriteContext extends LegacyBase {
  clientId: number;
}

export type LegacyRoute =
  | { kind: 'read'; handle: (context: LegacyReadContext) => PhpResponse }
  | { kind: 'write'; handle: (context: LegacyWriteContext) => PhpResponse };

export function answerLegacy(data: LegacyData, route: LegacyRoute, request: ApiRequest): PhpResponse {
  const { legacy } = data;
  if (request.method !== 'GET' && request.method !== 'POST') return methodDump(request.method);
  const secret = apiKeyOf(request);
  if (secret === undefined) return emptyBody(401);
  const key = legacy.store.findValidApiKey(secret);
  if (key === null) return failure(401, MESSAGES.authFailed);

  const base: LegacyBase = { ...data, request, key, store: legacy.store };
  if (route.kind === 'read') {
    if (request.method !== 'GET') return failure(405, MESSAGES.getOnly);
    return route.handle({ ...base, scope: readScope(key, request) });
  }
  if (request.method !== 'POST') return failure(405, MESSAGES.postOnly);
  return route.handle({ ...base, clientId: writeClient(key, request) });
}

function readScope(key: ApiKey, request: ApiRequest): LegacyScope {
  if (key.clientId !== 0) return key.clientId;
  const requested = queryValue(request.query, 'client_id');
  return requested === undefined ? null : intval(requested);
}

function writeClient(key: ApiKey, request: ApiRequest): number {
  if (key.clientId !== 0) return key.clientId;
  return isset(request.post, 'client_id') ? intval(request.post.get('client_id')) : 0;
}
