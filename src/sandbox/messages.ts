/** ITFlow latest's response messages, word for word (see test/fixtures/itflow/latest-*.txt). */
export const MESSAGES = {
  noResource: 'No resource (for this client and company) with the specified parameter(s).',
  authFailed: 'Authentication failed. API key is invalid or has expired.',
  getOnly: 'Can only send GET requests to this endpoint.',
  postOnly: 'Can only send POST requests to this endpoint.',
  insertFailed:
    "Auth success but insert query failed, ensure ALL required variables are provided (and aren't duplicates where applicable) " +
    "and database schema is up-to-date. Turn on error logging and look for 'undefined index'.",
  updateFailed:
    'Auth success but update query failed/returned no results. Ensure ALL required variables are provided and database schema is ' +
    'up-to-date. Most likely cause: non-existent module ID (i.e. bad contact ID/ticket ID/etc) or no rows changed.',
  deleteFailed:
    'Auth success but delete query failed. Ensure ALL required variables are provided and database schema is up-to-date. ' +
    'Most likely cause: asset/client/company ID mismatch.',
  forbiddenClient: 'The user linked to this API key does not have access to the target client for this write.',
  forbiddenAction: 'The user linked to this API key does not have permission for this action.',
} as const;
