import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../logger';
import { authorize } from './auth';
import type { Route } from './context';
import { faultResponse, type FaultInjector } from './faults';
import { emptyBody, notFound, readBody, send, type PhpResponse } from './http';
import { PhpFatalError } from './php';
import { parsePost, type ApiRequest } from './request';
import { ROUTES } from './routes';
import type { SandboxStore } from './store';

export interface ServerDeps {
  store: SandboxStore;
  faults: FaultInjector;
  logger: Logger;
  maxBodyBytes: number;
}

/**
 * The sandbox's HTTP front: fault injection, routing, a bounded body, then ITFlow's auth pipeline and the
 * handler. Only the path is ever logged: GET requests carry the API key in the query string.
 */
export function createSandboxServer(deps: ServerDeps): Server {
  return createServer((req, res) => {
    handle(req, res, deps).catch((error: unknown) => {
      deps.logger.error('sandbox request failed', { error });
      if (!res.headersSent) send(res, emptyBody(500));
      else res.destroy();
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: ServerDeps): Promise<void> {
  const started = Date.now();
  const method = req.method ?? 'GET';
  // Concatenated rather than resolved, so a path starting with "//" stays a path.
  const url = new URL(`http://sandbox.invalid${req.url ?? '/'}`);
  const finish = (response: PhpResponse, headers: Record<string, string> = {}) => {
    send(res, response, headers);
    deps.logger.debug('sandbox request', { method, path: url.pathname, status: response.status, ms: Date.now() - started });
  };

  const fault = deps.faults.take(url.pathname);
  if (fault !== null) {
    req.resume();
    const response = faultResponse(fault);
    if (response !== null) finish(response);
    return;
  }

  const route = ROUTES.get(url.pathname);
  if (route === undefined) {
    req.resume();
    finish(notFound(url.pathname));
    return;
  }

  const body = await readBody(req, deps.maxBodyBytes);
  if (!body.ok) {
    if (body.reason === 'too-large') finish(emptyBody(413), { Connection: 'close' });
    return;
  }
  finish(answer(deps.store, route, { method, path: url.pathname, query: url.searchParams, post: parsePost(body.body) }));
}

function answer(store: SandboxStore, route: Route, request: ApiRequest): PhpResponse {
  try {
    const auth = authorize(store, route, request);
    return auth.ok ? route.handle(auth.context) : auth.response;
  } catch (error) {
    // A PHP fatal error or an uncaught mysqli exception: the real server sends a 500 with an empty body.
    if (error instanceof PhpFatalError) return emptyBody(500);
    throw error;
  }
}
