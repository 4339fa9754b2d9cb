import { intval, isset, PhpFatalError } from '../php';
import { queryValue, type ApiRequest } from '../request';
import type { Page } from '../store';

/**
 * limit and offset as validate_api_key.php reads them (query first, then body; intval; defaults 50 and 0).
 * A negative value is a MySQL syntax error in `LIMIT … OFFSET …`, which PHP turns into a 500 with no body.
 */
export function pageOf(request: ApiRequest): Page {
  const limit = numberParam(request, 'limit', 50);
  const offset = numberParam(request, 'offset', 0);
  if (limit < 0 || offset < 0) throw new PhpFatalError('You have an error in your SQL syntax near LIMIT');
  return { limit, offset };
}

function numberParam(request: ApiRequest, name: string, fallback: number): number {
  const fromQuery = queryValue(request.query, name);
  if (fromQuery !== undefined) return intval(fromQuery);
  return isset(request.post, name) ? intval(request.post.get(name)) : fallback;
}
