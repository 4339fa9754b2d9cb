import { isset, sanitizeInput } from './php';

/**
 * A request as PHP sees it: $_GET from the query string (the last of repeated names wins) and $_POST as
 * ITFlow builds it, json_decode() of the raw body — so a form-encoded or malformed body is simply empty.
 */
export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  post: ReadonlyMap<string, unknown>;
}

export function parsePost(body: string): ReadonlyMap<string, unknown> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(body);
  } catch {
    return new Map();
  }
  return typeof decoded === 'object' && decoded !== null ? new Map(Object.entries(decoded)) : new Map();
}

/** $_GET[name]: undefined when absent, "" for a bare `?name`. */
export function queryValue(query: URLSearchParams, name: string): string | undefined {
  return query.getAll(name).at(-1);
}

/**
 * The API key as validate_api_key.php reads it: the JSON body's api_key, else the query's; undefined when
 * neither is there (ITFlow then answers 401 with an empty body).
 */
export function apiKeyOf(request: ApiRequest): string | undefined {
  if (isset(request.post, 'api_key')) return sanitizeInput(request.post.get('api_key'));
  const fromQuery = queryValue(request.query, 'api_key');
  return fromQuery === undefined ? undefined : sanitizeInput(fromQuery);
}
