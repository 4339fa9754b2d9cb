import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { composeQueryActivity, messageActivity, viewContactActivity } from './activities';
import { BenchChild } from './children';
import type { ReplyConnector } from './connector';
import type { Plan } from './plan';
import { buildQueries, type BenchQuery, type QueryKind } from './queries';
import { runLoad, type BotDriver, type LoadResult } from './load';
import { round, summarize, type LatencySummary } from './stats';

/** The measurements of one directory size, and of the two reference bots. */

export type LoadSummary = Omit<LoadResult, 'samples'> & {
  /**
   * CPU the bot process spent per request, and how busy this process (the load generator and connector) was:
   * on a shared or small machine these say more than throughput, which also depends on what else runs.
   */
  cpu: { botMsPerRequest: number; generatorPercent: number };
};

export interface SizeResult {
  contacts: number;
  sandboxInsertMs: number;
  warmup: { ms: number; contactsPerSecond: number; loaded: number; state: string };
  /** MB. `settled`: after V8's memory reducer has run on the idle bot (it does some seconds after the load). */
  memory: { atReady: MemoryReading; settled: MemoryReading & { afterSeconds: number }; afterLoad: MemoryReading };
  find: LoadSummary[];
  /** The echo bot, measured right before each find run at the same concurrency (so both see the same machine). */
  echo: LoadSummary[];
  /** At concurrency 1, per kind of query. */
  findByKind: Partial<Record<QueryKind, LatencySummary>>;
  compose: { handler: 'composeExtension/query' | 'adaptiveCard/action contact.view'; runs: LoadSummary[] };
  /** One full directory refresh, as every instance makes it each DIRECTORY_REFRESH_SECONDS: its cost to ITFlow. */
  refresh: { ms: number; requests: number };
  naive: LoadSummary;
}

export interface MemoryReading {
  rssMb: number;
  heapUsedMb: number;
}

const QUERY_POOL = 5000;

export async function measureSize(
  contacts: number,
  plan: Plan,
  echo: { child: BenchChild; url: string },
  driver: BotDriver,
  connector: ReplyConnector,
): Promise<SizeResult> {
  log(`${contacts.toLocaleString('en-US')} contacts: seeding the sandbox`);
  const sandboxChild = BenchChild.fork('sandbox-child', { BENCH_CONTACTS: String(contacts) });
  try {
    const sandbox = await sandboxChild.ready('sandbox');
    const queries = buildQueries(sandbox.sample, QUERY_POOL);
    const itflowEnv = { ITFLOW_URL: sandbox.url, ITFLOW_API_KEY: sandbox.apiKey };

    log('  starting the bot and loading the directory');
    const bot = BenchChild.fork('bot-child', {
      ...itflowEnv,
      BOT_ALLOW_ANONYMOUS: 'true',
      PORT: '0',
      PLAYGROUND: 'off',
      LOG_LEVEL: plan.logLevel,
      // No refresh may start in the middle of a measurement.
      DIRECTORY_REFRESH_SECONDS: '86400',
      // The bot's own state (the default embedded store) stays out of the working directory.
      DATA_DIR: path.join(os.tmpdir(), 'itflow-bench-bot-state'),
    }, plan.botNodeFlags);
    let result: Omit<SizeResult, 'naive'>;
    try {
      const ready = await bot.ready('ready');
      const warmupMs = ready.warmupMs ?? Number.NaN;
      const atReady = reading(await bot.memory());
      const warmup = {
        ms: round(warmupMs, 0),
        contactsPerSecond: Math.round(((ready.loaded ?? 0) * 1000) / warmupMs),
        loaded: ready.loaded ?? 0,
        state: ready.state ?? 'unknown',
      };
      log(`  warm-up ${warmup.ms} ms (${warmup.contactsPerSecond}/s), RSS ${atReady.rssMb} MB; waiting for the heap to settle`);
      const settled = await settle(bot, plan.settleSeconds);
      log(`  RSS ${settled.rssMb} MB after ${settled.afterSeconds} s idle; measuring finds`);
      const find = await measureFinds({ child: bot, url: ready.url }, echo, queries, plan, driver, connector);
      log('  measuring the compose box');
      const compose = await measureCompose({ child: bot, url: ready.url }, queries, sandbox.sample.map((c) => c.id), plan, driver, connector);
      const afterLoad = reading(await bot.memory());
      log('  one full directory refresh');
      const refreshed = await bot.refresh();
      const refresh = { ms: round(refreshed.ms, 0), requests: refreshed.requests };
      log(`  refresh ${refresh.ms} ms, ${refresh.requests} requests to ITFlow for ${refreshed.loaded} contacts`);
      result = {
        contacts,
        sandboxInsertMs: round(sandbox.insertMs, 0),
        warmup,
        memory: { atReady, settled, afterLoad },
        ...find,
        compose,
        refresh,
      };
    } finally {
      await bot.stop();
    }

    log('  the naive bot (pages through ITFlow per query)');
    const naive = await measureNaive(itflowEnv, queries, plan.naiveRequests(contacts), driver, connector);
    return { ...result, naive };
  } finally {
    await sandboxChild.stop();
  }
}

/** The ceiling: a bot that only echoes, kept running for the whole benchmark. */
export async function startEcho(): Promise<{ child: BenchChild; url: string; memoryAtStart: MemoryReading }> {
  const child = BenchChild.fork('echo-bot', {});
  const { url } = await child.ready('ready');
  return { child, url, memoryAtStart: reading(await child.memory()) };
}

interface RunningBot {
  child: BenchChild;
  url: string;
}

async function measureFinds(
  bot: RunningBot,
  echo: RunningBot,
  queries: BenchQuery[],
  plan: Plan,
  driver: BotDriver,
  connector: ReplyConnector,
): Promise<Pick<SizeResult, 'find' | 'echo' | 'findByKind'>> {
  let offset = 0;
  const say = (i: number) => driver.message(bot.url, messageActivity(queries[(offset + i) % queries.length]!.message, connector.url));
  const echoOne = (i: number) => driver.message(echo.url, messageActivity(queries[i % queries.length]!.message, connector.url));
  // JIT, caches and connection pools first: the targets are for a warm bot.
  await runLoad(8, plan.warmRequests, say);
  await runLoad(8, plan.warmRequests, echoOne);
  offset += plan.warmRequests;
  const find: LoadSummary[] = [];
  const echoes: LoadSummary[] = [];
  let findByKind: SizeResult['findByKind'] = {};
  for (const { concurrency, requests } of plan.find) {
    echoes.push(summaryOf(await measured(echo.child, () => runLoad(concurrency, requests, echoOne))));
    const run = await measured(bot.child, () => runLoad(concurrency, requests, say));
    if (concurrency === 1) findByKind = byKind(run, (i) => queries[(offset + i) % queries.length]!.kind);
    offset += requests;
    find.push(summaryOf(run));
  }
  return { find, echo: echoes, findByKind };
}

async function measureCompose(
  bot: RunningBot,
  queries: BenchQuery[],
  contactIds: number[],
  plan: Plan,
  driver: BotDriver,
  connector: ReplyConnector,
): Promise<SizeResult['compose']> {
  const probe = await driver.probe(bot.url, composeQueryActivity('smith', connector.url));
  const hasCompose = probe.status === 200 && isComposeResult(probe.body);
  const ask = hasCompose
    ? (i: number) => driver.invoke(bot.url, composeQueryActivity(queries[i % queries.length]!.text, connector.url), isComposeResult)
    : (i: number) => driver.invoke(bot.url, viewContactActivity(contactIds[i % contactIds.length]!, connector.url), isCardResponse);
  await runLoad(8, plan.warmRequests, ask);
  const runs: LoadSummary[] = [];
  for (const { concurrency, requests } of plan.compose) runs.push(summaryOf(await measured(bot.child, () => runLoad(concurrency, requests, ask))));
  return { handler: hasCompose ? 'composeExtension/query' : 'adaptiveCard/action contact.view', runs };
}

/** A load run with the CPU the bot and this process spent on it. */
async function measured(child: BenchChild, run: () => Promise<LoadResult>): Promise<LoadResult & Pick<LoadSummary, 'cpu'>> {
  const botBefore = (await child.memory()).cpuMs;
  const before = process.cpuUsage();
  const started = performance.now();
  const result = await run();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(before);
  const botMs = (await child.memory()).cpuMs - botBefore;
  return {
    ...result,
    cpu: { botMsPerRequest: round(botMs / Math.max(1, result.requests - result.errors), 3), generatorPercent: round((100 * (used.user + used.system)) / 1000 / wallMs, 0) },
  };
}

async function measureNaive(
  itflowEnv: Record<string, string>,
  queries: BenchQuery[],
  requests: number,
  driver: BotDriver,
  connector: ReplyConnector,
): Promise<LoadSummary> {
  const naive = BenchChild.fork('naive-bot', itflowEnv);
  try {
    const { url } = await naive.ready('ready');
    return summaryOf(await measured(naive, () => runLoad(1, requests, (i) => driver.message(url, messageActivity(queries[i]!.message, connector.url)))));
  } finally {
    await naive.stop();
  }
}

/**
 * Polls the idle bot until its RSS has fallen (V8 returns the load's garbage some seconds after it stops
 * allocating) and held for three readings, or the time is up.
 */
async function settle(bot: BenchChild, maxSeconds: number): Promise<SizeResult['memory']['settled']> {
  const first = reading(await bot.memory());
  let last = first;
  let steady = 0;
  for (let second = 1; second <= maxSeconds; second++) {
    await sleep(1000);
    const now = reading(await bot.memory());
    steady = Math.abs(now.rssMb - last.rssMb) < 1 ? steady + 1 : 0;
    last = now;
    if (now.rssMb < first.rssMb * 0.9 && steady >= 3) return { ...now, afterSeconds: second };
  }
  return { ...last, afterSeconds: maxSeconds };
}

function reading(memory: { rss: number; heapUsed: number }): MemoryReading {
  return { rssMb: mb(memory.rss), heapUsedMb: mb(memory.heapUsed) };
}

function byKind(run: LoadResult, kindOf: (i: number) => QueryKind): SizeResult['findByKind'] {
  const groups = new Map<QueryKind, number[]>();
  run.samples.forEach((ms, i) => {
    if (Number.isNaN(ms)) return;
    const kind = kindOf(i);
    groups.set(kind, [...(groups.get(kind) ?? []), ms]);
  });
  return Object.fromEntries([...groups].map(([kind, samples]) => [kind, summarize(samples)]));
}

function isComposeResult(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'composeExtension' in body;
}

function isCardResponse(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'type' in body && body.type === 'application/vnd.microsoft.card.adaptive';
}

function summaryOf(run: LoadResult & Pick<LoadSummary, 'cpu'>): LoadSummary {
  return { concurrency: run.concurrency, requests: run.requests, errors: run.errors, latencyMs: run.latencyMs, perSecond: run.perSecond, cpu: run.cpu };
}

function mb(bytes: number): number {
  return round(bytes / 1048576, 1);
}

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}
