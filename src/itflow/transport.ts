import { performance } from 'node:perf_hooks';
import { request, type Dispatcher } from 'undici';
import { Redactor, type LogFields, type Logger } from '../logger';
import { ItflowAuthError, ItflowProtocolError, ItflowUnavailableError } from './errors';
import type { ItflowHealthTracker } from './health';
import { describeIssues, envelopeSchema, type Envelope } from './schemas';

/**
 * One HTTP exchange with ITFlow: sends it, and turns whatever comes back (or does not) into a parsed envelope
 * or one of the ItflowError classes. Knows nothing about contacts; never retries.
 *
 * The API key travels in the query string of every GET, so the full URL exists only inside `exchange` and
 * is never logged or put into a message: logs and errors name the method, the path and non-secret params.
 */

export interface TransportOptions {
  baseUrl: string;
  apiKey: string;
  dispatcher: Dispatcher;
  logger: Logger;
  /** Told the outcome of every exchange, for /healthz. */
  health?: ItflowHealthTracker;
}

type Call =
  | { method: 'GET'; path: string; params: Record<string, string> }
  | { method: 'POST'; path: string; body: Record<string, string | number> };

// Failures that happen before a single byte of the request can have reached ITFlow.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

// Values of these params are ids and page positions; the others (email, phone) are personal data.
const LOGGABLE_PARAM = /^(limit|offset|[a-z_]+_id)$/;

export class ItflowTransport {
  private readonly base: string;
  private readonly host: string;
  private readonly redactor: Redactor;

  constructor(private readonly options: TransportOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    // URL.host leaves out any user:password@ part of the base URL.
    this.host = new URL(this.base).host;
    this.redactor = new Redactor([options.apiKey]);
  }

  get(path: string, params: Record<string, string>, timeoutMs: number): Promise<Envelope> {
    return this.exchange({ method: 'GET', path, params }, timeoutMs);
  }

  post(path: string, body: Record<string, string | number>, timeoutMs: number): Promise<Envelope> {
    return this.exchange({ method: 'POST', path, body }, timeoutMs);
  }

  private async exchange(call: Call, timeoutMs: number): Promise<Envelope> {
    const url = new URL(`${this.base}/${call.path}`);
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'itflow-teams-contacts' };
    let body: string | undefined;
    if (call.method === 'GET') {
      url.searchParams.set('api_key', this.options.apiKey);
      for (const [name, value] of Object.entries(call.params)) url.searchParams.set(name, value);
    } else {
      // ITFlow reads writes from a raw JSON body only; a form-encoded body is discarded (401, empty body).
      body = JSON.stringify({ api_key: this.options.apiKey, ...call.body });
      headers['content-type'] = 'application/json';
    }

    const started = performance.now();
    const signal = AbortSignal.timeout(timeoutMs);
    let status: number;
    let text: string;
    try {
      const response = await request(url, { method: call.method, headers, body, signal, dispatcher: this.options.dispatcher });
      status = response.statusCode;
      text = await response.body.text();
    } catch (err) {
      const error = this.networkError(call, err, signal.aborted, timeoutMs);
      this.options.health?.failed(error);
      this.options.logger.warn('itflow request failed', { ...describeCall(call), ms: elapsed(started), error: error.message });
      throw error;
    }
    const fields = { ...describeCall(call), status, bytes: text.length, ms: elapsed(started) };
    try {
      const envelope = this.interpret(call, status, text);
      this.options.health?.succeeded();
      this.options.logger.debug('itflow request', fields);
      return envelope;
    } catch (err) {
      this.options.health?.failed(err);
      this.options.logger.warn('itflow request failed', { ...fields, error: err instanceof Error ? err.message : 'unknown' });
      throw err;
    }
  }

  private networkError(call: Call, err: unknown, timedOut: boolean, timeoutMs: number): ItflowUnavailableError {
    const isWrite = call.method === 'POST';
    if (timedOut) {
      // The deadline may have passed while connecting or after the request was sent: assume the latter.
      return new ItflowUnavailableError(`ITFlow at ${this.host} did not answer ${what(call)} within ${timeoutMs} ms`, null, isWrite);
    }
    const code = errorCode(err);
    if (code !== null && NOT_SENT_CODES.has(code)) {
      return new ItflowUnavailableError(`Cannot reach ITFlow at ${this.host} (${code}) for ${what(call)}`, null, false);
    }
    return new ItflowUnavailableError(`Connection to ITFlow at ${this.host} failed (${code ?? 'network error'}) during ${what(call)}`, null, isWrite);
  }

  private interpret(call: Call, status: number, text: string): Envelope {
    if (status === 401) {
      // Wrong and expired keys answer alike (JSON); a missing key answers with an empty body.
      throw new ItflowAuthError('ITFlow rejected the API key (invalid or expired)', status);
    }
    if (status === 403) {
      const reason = this.serverMessage(text);
      throw new ItflowAuthError(`The ITFlow API key does not allow this action or client${reason !== null ? ` (ITFlow: ${reason})` : ''}`, status);
    }
    if (status >= 500 || status === 429) {
      // SQL errors and PHP memory exhaustion answer 500 with an empty body, after the write may have run.
      const outcomeUnknown = call.method === 'POST' && status >= 500;
      throw new ItflowUnavailableError(`ITFlow failed with HTTP ${status} on ${what(call)}`, status, outcomeUnknown);
    }
    if (status < 200 || status > 299) {
      throw new ItflowProtocolError(`ITFlow answered HTTP ${status} to ${what(call)}${looksLikeHtml(text) ? ' (an HTML page: is the ITFlow URL right?)' : ''}`, status);
    }
    if (text.trim() === '') {
      throw new ItflowProtocolError(`ITFlow answered HTTP ${status} with an empty body to ${what(call)}`, status);
    }
    if (looksLikeHtml(text)) {
      throw new ItflowProtocolError(`ITFlow answered an HTML page to ${what(call)} (is the ITFlow URL right?)`, status);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ItflowProtocolError(`ITFlow answered a body that is not JSON to ${what(call)}`, status);
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) {
      throw new ItflowProtocolError(`ITFlow answered JSON that is not an API envelope to ${what(call)} (${describeIssues(envelope.error)})`, status);
    }
    return envelope.data.message === undefined ? envelope.data : { ...envelope.data, message: this.scrub(envelope.data.message) };
  }

  /** The "message" of a JSON error body, when there is one. */
  private serverMessage(text: string): string | null {
    try {
      const parsed = envelopeSchema.safeParse(JSON.parse(text));
      return parsed.success && parsed.data.message !== undefined ? this.scrub(parsed.data.message) : null;
    } catch {
      return null;
    }
  }

  /** ITFlow's messages never echo the key, but they end up in errors and logs: make sure. */
  private scrub(message: string): string {
    return this.redactor.redact(message).slice(0, 500);
  }
}

function what(call: Call): string {
  return `${call.method} ${call.path}`;
}

function describeCall(call: Call): LogFields {
  const fields: LogFields = { method: call.method, path: call.path };
  const shown: Record<string, string | number> = {};
  const entries = call.method === 'GET' ? Object.entries(call.params) : Object.entries(call.body);
  for (const [name, value] of entries) {
    if (LOGGABLE_PARAM.test(name)) shown[name] = value;
  }
  fields.params = shown;
  if (call.method === 'GET') fields.lookup = Object.keys(call.params).filter((name) => !LOGGABLE_PARAM.test(name));
  return fields;
}

function errorCode(err: unknown): string | null {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return null;
}

function looksLikeHtml(text: string): boolean {
  return /^\s*</.test(text);
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
