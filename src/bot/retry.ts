import { setTimeout as sleep } from 'node:timers/promises';
import type { TurnContext } from 'botbuilder';
import type { Logger } from '../logger';

/**
 * Retries for the bot's calls to the Bot Connector (replies and card updates).
 *
 * botbuilder's ConnectorClient runs on @azure/core-rest-pipeline, whose default retry policy already repeats a
 * call up to 3 times with exponential backoff (about 1 s, 2 s, 4 s) on network errors, 408 and 5xx other than
 * 501/505 (so 502, 503 and 504), and on 429/503 only when the answer carries Retry-After. Teams also answers
 * 429 without Retry-After when a bot is throttled, and 412 when a message is being updated concurrently;
 * the pipeline gives up on those at once and the reply is lost. Those are retried here. Repeating 5xx here
 * as well would multiply the pipeline's attempts (4 × 4) and hold the turn for tens of seconds.
 */
export const RETRYABLE_CONNECTOR_STATUSES: ReadonlySet<number> = new Set([412, 429]);

export interface RetryOptions {
  /** Extra attempts after the first. Default 3. */
  retries?: number;
  /** Delay before retry n (0-based) is baseDelayMs * 2^n, ±20 %. Default 250. */
  baseDelayMs?: number;
  /** No single wait is longer, whatever Retry-After asks. Default 4000. */
  maxDelayMs?: number;
  isRetryable?: (error: unknown) => boolean;
  onRetry?: (info: { attempt: number; delayMs: number; status: number | null }) => void;
  wait?: (ms: number) => Promise<unknown>;
}

/** Runs operation, repeating it after a retryable failure with exponential backoff (or the server's Retry-After). */
export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const retries = options.retries ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 4000;
  const isRetryable = options.isRetryable ?? ((err: unknown) => RETRYABLE_CONNECTOR_STATUSES.has(statusOf(err) ?? 0));
  const wait = options.wait ?? sleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (err) {
      if (attempt >= retries || !isRetryable(err)) throw err;
      const backoff = baseDelayMs * 2 ** attempt * (0.8 + Math.random() * 0.4);
      const delayMs = Math.round(Math.min(maxDelayMs, retryAfterMs(err) ?? backoff));
      options.onRetry?.({ attempt: attempt + 1, delayMs, status: statusOf(err) });
      await wait(delayMs);
    }
  }
}

/**
 * Makes every reply and card update of this turn retry on throttling. Registered per turn, so it covers
 * whatever sends during the turn, including the adapter's error message.
 */
export function retryConnectorCalls(context: TurnContext, logger: Logger, options: Omit<RetryOptions, 'onRetry'> = {}): void {
  const onRetry = (what: string) => (info: { attempt: number; delayMs: number; status: number | null }) =>
    logger.warn('bot connector call failed, retrying', { what, ...info });
  context.onSendActivities(async (_ctx, activities, next) =>
    // A batch that failed half-way would be re-sent whole: only single activities (all this bot sends) are retried.
    activities.length === 1 ? withRetry(next, { ...options, onRetry: onRetry('send') }) : next(),
  );
  context.onUpdateActivity(async (_ctx, _activity, next) => withRetry(next, { ...options, onRetry: onRetry('update') }));
}

/** The HTTP status of a failed connector call (a RestError carries statusCode). */
export function statusOf(err: unknown): number | null {
  if (typeof err !== 'object' || err === null) return null;
  const candidate = 'statusCode' in err ? err.statusCode : 'status' in err ? err.status : undefined;
  return typeof candidate === 'number' ? candidate : null;
}

function retryAfterMs(err: unknown): number | null {
  if (typeof err !== 'object' || err === null || !('response' in err)) return null;
  const response = err.response;
  if (typeof response !== 'object' || response === null || !('headers' in response)) return null;
  const headers = response.headers;
  const raw =
    typeof headers === 'object' && headers !== null && 'get' in headers && typeof headers.get === 'function'
      ? (headers.get as (name: string) => unknown).call(headers, 'retry-after')
      : undefined;
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}
