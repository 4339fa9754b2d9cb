import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/**
 * Reading the body of POST /api/messages ourselves instead of with restify's bodyParser: it inflated gzip in
 * memory with no limit on the inflated size, counted the limit in compressed bytes, and a body that was not
 * gzip crashed the process with an unhandled 'error' on its gunzip stream. Teams and the Bot Connector never
 * compress what they send, so compressed bodies are refused before a byte is read.
 */

/** Teams activities are well under 100 KB; the limit counts the bytes received. */
export const MAX_BODY_BYTES = 256 * 1024;
/** Activities nest a handful of levels (a card's data inside value.action); deeper is refused before parsing. */
export const MAX_JSON_DEPTH = 64;
/** All bodies being read at the same time hold at most this much (256 full-size ones). */
export const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/**
 * Answered without closing the connection: the rest of the body is read and dropped (Node does it, or the
 * reader below keeps doing it), bounded in time by the server's request timeout, so a client still sending
 * reads the answer instead of meeting a reset.
 */
export interface Refusal {
  status: 400 | 413 | 415 | 503;
  error: string;
  retryAfterSeconds?: number;
}

export type JsonBody = { ok: true; value: Record<string, unknown> } | { ok: false; refusal: Refusal } | { ok: false; aborted: true };

/** The bytes held by bodies being read, across requests: a flood of slow uploads meets a 503, not the heap. */
export class BodyBudget {
  private inUse = 0;
  constructor(readonly maxBytes = MAX_BUFFERED_BYTES) {}

  take(bytes: number): boolean {
    if (this.inUse + bytes > this.maxBytes) return false;
    this.inUse += bytes;
    return true;
  }

  give(bytes: number): void {
    this.inUse -= bytes;
  }

  get used(): number {
    return this.inUse;
  }
}

/** What the headers alone say is unacceptable, before any of the body is read. */
export function refusalFromHeaders(headers: IncomingHttpHeaders, opts: { allowForm?: boolean } = {}): Refusal | null {
  const encoding = (headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity') return { status: 415, error: 'Compressed request bodies are not accepted' };
  const form = opts.allowForm === true && isFormMediaType(headers['content-type']);
  if (!form && !isJsonMediaType(headers['content-type'])) return { status: 415, error: 'Expected a JSON object' };
  const declared = headers['content-length'];
  if (declared !== undefined && Number(declared) > MAX_BODY_BYTES) return TOO_LARGE;
  return null;
}

const TOO_LARGE: Refusal = { status: 413, error: `Request body is larger than ${MAX_BODY_BYTES} bytes` };
const BUSY: Refusal = { status: 503, error: 'Receiving too much at once; try again shortly', retryAfterSeconds: 1 };

function isFormMediaType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

function isJsonMediaType(contentType: string | undefined): boolean {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

/** The body as a JSON object, or why not. Never rejects; memory held is at most MAX_BODY_BYTES and the budget's. */
export async function readJsonObject(req: IncomingMessage, budget: BodyBudget): Promise<JsonBody> {
  const early = refusalFromHeaders(req.headers);
  if (early !== null) return { ok: false, refusal: early };
  const body = await readLimited(req, MAX_BODY_BYTES, budget);
  if (body === 'aborted') return { ok: false, aborted: true };
  if (body === 'too-large') return { ok: false, refusal: TOO_LARGE };
  if (body === 'busy') return { ok: false, refusal: BUSY };
  return parseJsonObject(body);
}

type ReadResult = Buffer | 'too-large' | 'busy' | 'aborted';

function readLimited(req: IncomingMessage, maxBytes: number, budget: BodyBudget): Promise<ReadResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let held = 0;
    let settled = false;
    const settle = (result: () => ReadResult) => {
      if (settled) return;
      settled = true;
      const value = result();
      budget.give(held);
      held = 0;
      chunks.length = 0;
      resolve(value);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return; // answered already: the rest is read and dropped
      if (held + chunk.length > maxBytes) return settle(() => 'too-large');
      if (!budget.take(chunk.length)) return settle(() => 'busy');
      held += chunk.length;
      chunks.push(chunk);
    });
    req.once('end', () => settle(() => Buffer.concat(chunks, held)));
    // A client that goes away mid-body (reset, timeout) gets no answer: there is no one left to read it.
    req.on('error', () => settle(() => 'aborted'));
    req.once('close', () => settle(() => (req.complete ? Buffer.concat(chunks, held) : 'aborted')));
  });
}

/**
 * A webhook body as an object: JSON, or form fields (Twilio posts application/x-www-form-urlencoded). The same
 * limits as activities; an empty body is an empty object.
 */
export async function readWebhookBody(req: IncomingMessage, budget: BodyBudget): Promise<JsonBody> {
  const early = refusalFromHeaders(req.headers, { allowForm: true });
  if (early !== null) return { ok: false, refusal: early };
  const body = await readLimited(req, MAX_BODY_BYTES, budget);
  if (body === 'aborted') return { ok: false, aborted: true };
  if (body === 'too-large') return { ok: false, refusal: TOO_LARGE };
  if (body === 'busy') return { ok: false, refusal: BUSY };
  if (body.length === 0) return { ok: true, value: {} };
  if (!isJsonMediaType(req.headers['content-type'])) {
    return { ok: true, value: Object.fromEntries(new URLSearchParams(body.toString('utf8'))) };
  }
  return parseJsonObject(body);
}

export function parseJsonObject(body: Buffer): JsonBody {
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  if (exceedsDepth(text, MAX_JSON_DEPTH)) return badRequest(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return badRequest('Body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return badRequest('Expected a Bot Framework activity as a JSON object');
  return { ok: true, value: value as Record<string, unknown> };
}

function badRequest(error: string): JsonBody {
  return { ok: false, refusal: { status: 400, error } };
}

/** Bracket depth outside strings, in one pass: deep nesting would otherwise overflow recursive code downstream. */
export function exceedsDepth(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
