import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../logger';
import { contactPage, CONTACT_PAGE_PATH } from './contact-page';
import { faultAction, type FaultInjector } from './faults';
import { latestFlavor, type Endpoint, type ServerFlavor } from './flavor';
import { emptyBody, readBody, send, type PhpResponse } from './http';
import { PhpFatalError } from './php';
import { apiKeyOf, parsePost, type ApiRequest } from './request';
import type { RequestLog } from './request-log';
import type { SandboxStore } from './store';

export interface ServerDeps {
  store: SandboxStore;
  faults: FaultInjector;
  logger: Logger;
  maxBodyBytes: number;
  /** The ITFlow generation to answer as; latest (v26.08) when omitted. */
  flavor?: ServerFlavor;
  /** Told every answered request and the name of the key it carried. */
  requestLog?: RequestLog;
}

/**
 * The sandbox's HTTP front: fault injection, routing, a bounded body, then ITFlow's auth pipeline and the
 * handler. Only the path is ever logged: GET requests carry the API key in the query string.
 */
export function createSandboxServer(deps: ServerDeps): Server {
  const flavor = deps.flavor ?? latestFlavor(deps.store);
  return createServer((req, res) => {
    handle(req, res, deps, flavor).catch((error: unknown) => {
      deps.logger.error('sandbox request failed', { error });
      if (!res.headersSent) send(res, emptyBody(500));
      else res.destroy();
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: ServerDeps, flavor: ServerFlavor): Promise<void> {
  const started = Date.now();
  const method = req.method ?? 'GET';
  // Concatenated rather than resolved, so a path starting with "//" stays a path.
  const url = new URL(`http://sandbox.invalid${req.url ?? '/'}`);
  let request: ApiRequest = { method, path: url.pathname, query: url.searchParams, post: new Map() };
  const finish = (response: PhpResponse, headers: Record<string, string> = {}) => {
    send(res, response, headers);
    const secret = apiKeyOf(request);
    const keyName = secret === undefined ? null : deps.store.keys.nameOf(secret);
    deps.requestLog?.record({ method, path: url.pathname, keyName, status: response.status });
    deps.logger.debug('sandbox request', { method, path: url.pathname, status: response.status, ms: Date.now() - started });
  };

  const fault = deps.faults.take(url.pathname);
  const action = fault === null ? null : faultAction(fault);
  if (action?.when === 'before') {
    req.resume();
    if (action.response !== null) finish(action.response);
    return;
  }

  if (url.pathname === CONTACT_PAGE_PATH) {
    req.resume();
    finish(contactPage(method, url.searchParams, deps.store));
    return;
  }

  const endpoint = flavor.endpoint(url.pathname);
  if (endpoint === null) {
    req.resume();
    // PHP's built-in server echoes the request target, query string (and so any api_key in it) included.
    finish(flavor.notFound(req.url ?? '/'));
    return;
  }

  const body = await readBody(req, deps.maxBodyBytes);
  if (!body.ok) {
    if (body.reason === 'too-large') finish(emptyBody(413), { Connection: 'close' });
    return;
  }
  request = { ...request, post: parsePost(body.body) };
  const response = answer(endpoint, request);
  // An "after" fault lets the handler's writes land, then loses (or spoils) the answer.
  if (action === null) finish(response);
  else if (action.response !== null) finish(action.response);
}

function answer(endpoint: Endpoint, request: ApiRequest): PhpResponse {
  try {
    return endpoint(request);
  } catch (error) {
    // A PHP fatal error or an uncaught mysqli exception: the real server sends a 500 with an empty body.
    if (error instanceof PhpFatalError) return emptyBody(500);
    throw error;
  }
}
