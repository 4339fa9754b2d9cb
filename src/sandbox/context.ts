import type { ApiKey } from './api-keys';
import type { PhpResponse } from './http';
import type { ApiRequest } from './request';
import type { SandboxStore } from './store';
import type { TicketStore } from './ticket-store';

/** ITFlow's operation files; the permission level each needs comes from enforce_api_rbac.php. */
export type Operation = 'read' | 'create' | 'update' | 'delete' | 'archive' | 'unarchive';

/** Everything a handler may use once the key is validated and RBAC has passed. */
export interface ApiContext {
  request: ApiRequest;
  key: ApiKey;
  /** The write target (client_id from the body, else the query, else 0); reads ignore it, as latest does. */
  clientId: number;
  store: SandboxStore;
  /** Tickets, ticket replies and assets (their own tables on the same database). */
  tickets: TicketStore;
}

export type Handler = (context: ApiContext) => PhpResponse;

export interface Route {
  operation: Operation;
  handle: Handler;
}
