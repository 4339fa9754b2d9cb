/**
 * Every failure talking to ITFlow becomes one of these, so callers branch with `instanceof`, never on text.
 * Messages are written for operators and never contain the API key or a request URL with its query string.
 */
export abstract class ItflowError extends Error {
  abstract readonly kind: 'auth' | 'unavailable' | 'rejected' | 'protocol';
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 401 (wrong, expired or missing key) or 403 (the key's role or client scope forbids it). */
export class ItflowAuthError extends ItflowError {
  readonly kind = 'auth' as const;
}

/** Network failure, timeout, 5xx (often with an empty body): the outcome of a write may be unknown. */
export class ItflowUnavailableError extends ItflowError {
  readonly kind = 'unavailable' as const;
  constructor(
    message: string,
    status: number | null = null,
    /** True when a write may have reached ITFlow before the failure (sent, then timed out or 5xx). */
    readonly outcomeUnknown = false,
  ) {
    super(message, status);
  }
}

/** ITFlow answered success "False" with a message (duplicate email, missing field, no rows changed, ...). */
export class ItflowRejectedError extends ItflowError {
  readonly kind = 'rejected' as const;
  constructor(
    message: string,
    readonly itflowMessage: string,
    status: number | null = 200,
  ) {
    super(message, status);
  }
}

/** ITFlow answered something that is not its API: HTML, garbage JSON, rows of the wrong shape. */
export class ItflowProtocolError extends ItflowError {
  readonly kind = 'protocol' as const;
}
