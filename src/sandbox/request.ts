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
