import { authorize } from './auth';
import { notFound, type PhpResponse } from './http';
import type { ApiRequest } from './request';
import { ROUTES } from './routes';
import type { SandboxStore } from './store';
import { TicketStore } from './ticket-store';

/** Which ITFlow generation the sandbox answers as: v26.08 ('latest') or the late-2024 build ('legacy'). */
export type SandboxFlavor = 'latest' | 'legacy';

/** One API file with its auth pipeline in front: what PHP runs for a request to that path. */
export type Endpoint = (request: ApiRequest) => PhpResponse;

/** What one ITFlow generation answers: its API files, and its web server's page for any other path. */
export interface ServerFlavor {
  /** null when this server has no such file. */
  endpoint(path: string): Endpoint | null;
  /** The page for a path this server has no file for; `uri` is the request target as sent, query included. */
  notFound(uri: string): PhpResponse;
}

export function latestFlavor(store: SandboxStore, tickets: TicketStore = new TicketStore(store)): ServerFlavor {
  return {
    endpoint(path) {
      const route = ROUTES.get(path);
      if (route === undefined) return null;
      return (request) => {
        const auth = authorize(store, tickets, route, request);
        return auth.ok ? route.handle(auth.context) : auth.response;
      };
    },
    notFound,
  };
}
