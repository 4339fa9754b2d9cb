import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Logger } from '../logger';
import { ItflowProtocolError, ItflowRejectedError, ItflowUnavailableError } from './errors';
import { describeIssues, isNoResourceMessage, type Envelope } from './schemas';
import type { ItflowTransport } from './transport';

/**
 * ITFlow's API calls with the client's policy applied, shared by every resource (contacts, tickets, …): reads
 * are retried within one time budget and "No resource" is an empty result; writes are never retried and a
 * "False" answer is a rejection. Parsing rows is left to the caller.
 */

/** Backoff before retry n (0-based) is RETRY_BASE_MS * 3^n: 100 ms, 300 ms, 900 ms… */
const RETRY_BASE_MS = 100;
/** A retry needs at least this share of the read's time budget left (a hang leaves none, so it is not retried). */
const MIN_RETRY_SHARE = 0.25;

export interface ApiCallOptions {
  transport: ItflowTransport;
  /** One lookup (with its retries), or one write, ends within this time. */
  timeoutMs: number;
  /** Per request, for list pages. */
  listTimeoutMs: number;
  /** Extra attempts for reads that fail as unavailable. */
  readRetries: number;
  logger: Logger;
}

export class ApiCalls {
  readonly timeoutMs: number;
  readonly listTimeoutMs: number;

  constructor(private readonly options: ApiCallOptions) {
    this.timeoutMs = options.timeoutMs;
    this.listTimeoutMs = options.listTimeoutMs;
  }

  /** GET with retries; "No resource" (not found, empty page, past the end) is an empty result. */
  async read(path: string, params: Record<string, string>, timeoutMs = this.timeoutMs): Promise<unknown[]> {
    const envelope = await this.withReadRetries(path, timeoutMs, (attemptMs) => this.options.transport.get(path, params, attemptMs));
    if (envelope.success === 'False') {
      if (isNoResourceMessage(envelope.message)) return [];
      const reason = envelope.message ?? '';
      throw new ItflowRejectedError(`ITFlow refused GET ${path}: ${reason || '(no reason given)'}`, reason);
    }
    if (envelope.data === undefined) throw new ItflowProtocolError(`ITFlow answered GET ${path} with success but no data`);
    return envelope.data;
  }

  /** POST, never retried: a write that failed on the way back may have been applied. */
  async write(path: string, body: Record<string, string | number>, action: string): Promise<Envelope> {
    const envelope = await this.options.transport.post(path, body, this.timeoutMs);
    if (envelope.success === 'False') {
      const reason = envelope.message ?? '';
      throw new ItflowRejectedError(`ITFlow refused to ${action}: ${reason || '(no reason given)'}`, reason);
    }
    return envelope;
  }

  /**
   * The whole read, retries included, fits in budgetMs: a Teams invoke must be answered within seconds, so a
   * server that hangs is not waited for twice. Fast failures (refused connection, 5xx) are retried.
   */
  private async withReadRetries(path: string, budgetMs: number, attempt: (timeoutMs: number) => Promise<Envelope>): Promise<Envelope> {
    const deadline = performance.now() + budgetMs;
    for (let retry = 0; ; retry++) {
      try {
        return await attempt(Math.max(1, Math.round(deadline - performance.now())));
      } catch (err) {
        if (!(err instanceof ItflowUnavailableError) || retry >= this.options.readRetries) throw err;
        const delayMs = RETRY_BASE_MS * 3 ** retry;
        if (deadline - performance.now() - delayMs < budgetMs * MIN_RETRY_SHARE) throw err;
        this.options.logger.info('retrying itflow read', { path, retry: retry + 1, delayMs, reason: err.message });
        await sleep(delayMs);
      }
    }
  }
}

/** Rows through their schema, all or nothing: one bad row means the server is not answering as ITFlow does. */
export function parseRows<T>(rowSchema: z.ZodType<T>, data: unknown[], noun: string): T[] {
  const parsed = z.array(rowSchema).safeParse(data);
  if (!parsed.success) throw new ItflowProtocolError(`ITFlow sent a ${noun} row of an unexpected shape (${describeIssues(parsed.error)})`);
  return parsed.data;
}

export function assertId(value: number, label: string): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${label} must be a positive whole number (got ${value})`);
}
