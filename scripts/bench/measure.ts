import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { composeQueryActivity, messageActivity, viewContactActivity } from './activities';
import { BenchChild } from './children';
import type { ReplyConnector } from './connector';
import { readMemory, sampledWhile, settle, type MemoryReading, type UnderLoad } from './memory';
import type { Plan } from './plan';
import { buildQueries, type BenchQuery, type QueryKind } from './queries';
import { runLoad, runLoadFor, type BotDriver, type LoadResult } from './load';
import { round, summarize, type LatencySummary } from './stats';

export type { MemoryReading } from './memory';

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
  /**
   * MB. `settled`: the idle bot once RSS holds steady after warm-up. `underLoad`: RSS each second of a sustained
   * run of finds (the soak, right after settling). `afterLoad`: after every other run.
   */
  memory: {
    atReady: MemoryReading;
    settled: MemoryReading & { afterSeconds: number };
    underLoad: UnderLoad & { concurrency: number; seconds: number; requests: number; perSecond: number };
    afterLoad: MemoryReading;
  };
  /** Each with `ofEchoPercent`: its throughput over the echo bot's at the same concurrency. */
  find: Array<LoadSummary & { ofEchoPercent: number }>;
  /** The echo bot at the same concurrencies, its requests interleaved with ours (so both see the same machine). */
  echo: LoadSummary[];
  /** At concurrency 1, per kind of query. */
  findByKind: Partial<Record<QueryKind, LatencySummary>>;
  compose: { handler: 'composeExtension/query' | 'adaptiveCard/action contact.view'; runs: LoadSummary[] };
  /** One full directory refresh, as every instance makes it each DIRECTORY_REFRESH_SECONDS: its cost to ITFlow. */
  refresh: { ms: number; requests: number };
  naive: LoadSummary;
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
      const atReady = await readMemory(bot);
      const warmup = {
        ms: round(warmupMs, 0),
        contactsPerSecond: Math.round(((ready.loaded ?? 0) * 1000) / warmupMs),
        loaded: ready.loaded ?? 0,
        state: ready.state ?? 'unknown',
      };
      log(`  warm-up ${warmup.ms} ms (${warmup.contactsPerSecond}/s), RSS ${atReady.rssMb} MB; waiting for the heap to settle`);
      const settled = await settle(bot, plan.settleSeconds);
      log(`  RSS ${settled.rssMb} MB after ${settled.afterSeconds} s idle; ${plan.soak.seconds} s of finds at concurrency ${plan.soak.concurrency}`);
      const underLoad = await soak({ child: bot, url: ready.url }, queries, plan, driver, connector);
      log(`  RSS peak ${underLoad.peakRssMb} MB under load (${underLoad.perSecond}/s); measuring finds against the echo bot`);
      const find = await measureFinds({ child: bot, url: ready.url }, echo, queries, plan, driver, connector);
      log('  measuring the compose box');
      const compose = await measureCompose({ child: bot, url: ready.url }, queries, sandbox.sample.map((c) => c.id), plan, driver, connector);
      const afterLoad = await readMemory(bot);
      log('  one full directory refresh');
      const refreshed = await bot.refresh();
      const refresh = { ms: round(refreshed.ms, 0), requests: refreshed.requests };
      log(`  refresh ${refresh.ms} ms, ${refresh.requests} requests to ITFlow for ${refreshed.loaded} contacts`);
      result = {
        contacts,
        sandboxInsertMs: round(sandbox.insertMs, 0),
        warmup,
        memory: { atReady, settled, underLoad, afterLoad },
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
  return { child, url, memoryAtStart: await readMemory(child) };
}

interface RunningBot {
  child: BenchChild;
  url: string;
}

/** Sustained finds with RSS read every second: what memory does under steady traffic. */
async function soak(bot: RunningBot, queries: BenchQuery[], plan: Plan, driver: BotDriver, connector: ReplyConnector): Promise<SizeResult['memory']['underLoad']> {
  const say = (i: number) => driver.message(bot.url, messageActivity(queries[i % queries.length]!.message, connector.url));
  const { concurrency, seconds } = plan.soak;
  const { result, memory } = await sampledWhile(bot.child, () => runLoadFor(concurrency, seconds, say));
  return { concurrency, seconds, requests: result.requests, perSecond: result.perSecond, ...memory };
}

/**
 * Finds and echoes at each concurrency, in alternating rounds (echo, ours, echo, ours…) so that both see the same
 * machine: on a shared machine a single run of each can land in a busy and a quiet moment.
 */
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
  const find: SizeResult['find'] = [];
  const echoes: LoadSummary[] = [];
  let findByKind: SizeResult['findByKind'] = {};
  for (const { concurrency, requests } of plan.find) {
    const perRound = Math.max(concurrency, Math.ceil(requests / plan.rounds));
    const ours: Array<Measured> = [];
    const theirs: Array<Measured> = [];
    for (let round = 0; round < plan.rounds; round++) {
      theirs.push(await measured(echo.child, () => runLoad(concurrency, perRound, echoOne)));
      ours.push(await measured(bot.child, () => runLoad(concurrency, perRound, say)));
      offset += perRound;
    }
    const run = combined(ours);
    const echoRun = combined(theirs);
    if (concurrency === 1) findByKind = byKind(run, (i) => queries[(offset - run.requests + i) % queries.length]!.kind);
    find.push({ ...summaryOf(run), ofEchoPercent: Math.round((100 * run.perSecond) / Math.max(1e-9, echoRun.perSecond)) });
    echoes.push(summaryOf(echoRun));
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

type Measured = LoadResult & Pick<LoadSummary, 'cpu'> & { wallMs: number; botCpuMs: number; generatorCpuMs: number };

/** A load run with the CPU the bot and this process spent on it. */
async function measured(child: BenchChild, run: () => Promise<LoadResult>): Promise<Measured> {
  const botBefore = (await child.memory()).cpuMs;
  const before = process.cpuUsage();
  const started = performance.now();
  const result = await run();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(before);
  const botCpuMs = (await child.memory()).cpuMs - botBefore;
  const generatorCpuMs = (used.user + used.system) / 1000;
  return { ...result, wallMs, botCpuMs, generatorCpuMs, cpu: cpuOf(botCpuMs, generatorCpuMs, wallMs, result) };
}

/** Several rounds as one run: requests and time added up, latencies pooled. */
function combined(runs: readonly Measured[]): Measured {
  const samples = runs.flatMap((r) => r.samples);
  const latencies = samples.filter((ms) => !Number.isNaN(ms));
  const wallMs = runs.reduce((sum, r) => sum + r.wallMs, 0);
  const botCpuMs = runs.reduce((sum, r) => sum + r.botCpuMs, 0);
  const generatorCpuMs = runs.reduce((sum, r) => sum + r.generatorCpuMs, 0);
  const result: LoadResult = {
    concurrency: runs[0]?.concurrency ?? 0,
    requests: samples.length,
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    latencyMs: summarize(latencies),
    perSecond: round((1000 * latencies.length) / Math.max(1, wallMs), 1),
    samples,
  };
  return { ...result, wallMs, botCpuMs, generatorCpuMs, cpu: cpuOf(botCpuMs, generatorCpuMs, wallMs, result) };
}

function cpuOf(botCpuMs: number, generatorCpuMs: number, wallMs: number, result: LoadResult): LoadSummary['cpu'] {
  return {
    botMsPerRequest: round(botCpuMs / Math.max(1, result.requests - result.errors), 3),
    generatorPercent: round((100 * generatorCpuMs) / Math.max(1, wallMs), 0),
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

function summaryOf(run: Measured): LoadSummary {
  return { concurrency: run.concurrency, requests: run.requests, errors: run.errors, latencyMs: run.latencyMs, perSecond: run.perSecond, cpu: run.cpu };
}

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}
