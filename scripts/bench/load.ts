import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import type { Activity } from './activities';
import type { ReplyConnector } from './connector';
import { round, summarize, type LatencySummary } from './stats';

/** Drives a bot over HTTP the way Teams does, a bounded number of requests at a fixed concurrency. */

export interface LoadResult {
  concurrency: number;
  requests: number;
  errors: number;
  latencyMs: LatencySummary;
  perSecond: number;
  /** Latency of request i (NaN where it failed), for breakdowns. */
  samples: number[];
}

const REPLY_TIMEOUT_MS = 60_000;

export class BotDriver {
  private readonly dispatcher = new Agent({ connections: 256, keepAliveTimeout: 60_000, pipelining: 1 });

  constructor(private readonly connector: ReplyConnector) {}

  /** Posts a message activity; the time until the bot's reply reaches the connector. */
  async message(botUrl: string, activity: Activity): Promise<number> {
    const reply = this.connector.replyTo(activity.id);
    const started = performance.now();
    try {
      const status = await this.post(botUrl, activity);
      if (status !== 200) throw new Error(`bot answered HTTP ${status}`);
      const arrived = await withTimeout(reply, REPLY_TIMEOUT_MS, 'no reply reached the connector');
      return arrived - started;
    } finally {
      this.connector.forget(activity.id);
    }
  }

  /** Posts an invoke activity; the time until its response (which carries the answer) has been read. */
  async invoke(botUrl: string, activity: Activity, check: (body: unknown) => boolean): Promise<number> {
    const started = performance.now();
    const { status, body } = await this.probe(botUrl, activity);
    const elapsed = performance.now() - started;
    if (status !== 200 || !check(body)) throw new Error(`invoke answered HTTP ${status}: ${JSON.stringify(body).slice(0, 200)}`);
    return elapsed;
  }

  /** The status and (parsed) body of one invoke. */
  async probe(botUrl: string, activity: Activity): Promise<{ status: number; body: unknown }> {
    const response = await request(`${botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
      dispatcher: this.dispatcher,
    });
    const text = await response.body.text();
    return { status: response.statusCode, body: parseJson(text) };
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }

  private async post(botUrl: string, activity: Activity): Promise<number> {
    const response = await request(`${botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
      dispatcher: this.dispatcher,
    });
    await response.body.dump();
    return response.statusCode;
  }
}

/**
 * Runs `requests` calls of `one(i)` with `concurrency` in flight at once; each resolves to a latency in ms.
 * Throughput is completed requests over the wall time of the whole run.
 */
export function runLoad(concurrency: number, requests: number, one: (i: number) => Promise<number>): Promise<LoadResult> {
  return run(concurrency, (i) => i < requests, one);
}

/** Like runLoad, for a time instead of a count: no request starts after `seconds`. */
export function runLoadFor(concurrency: number, seconds: number, one: (i: number) => Promise<number>): Promise<LoadResult> {
  const until = performance.now() + seconds * 1000;
  return run(concurrency, () => performance.now() < until, one);
}

async function run(concurrency: number, more: (i: number) => boolean, one: (i: number) => Promise<number>): Promise<LoadResult> {
  const samples: number[] = [];
  let errors = 0;
  let next = 0;
  let firstError: unknown = null;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    for (let i = next++; more(i); i = next++) {
      samples[i] = Number.NaN;
      try {
        samples[i] = await one(i);
      } catch (err) {
        errors++;
        firstError ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const requests = samples.length;
  if (errors > 0) process.stderr.write(`  ${errors} of ${requests} requests failed; first: ${String(firstError)}\n`);
  const latencies = samples.filter((ms) => !Number.isNaN(ms));
  return { concurrency, requests, errors, latencyMs: summarize(latencies), perSecond: round(latencies.length / seconds, 1), samples };
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
