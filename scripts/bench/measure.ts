import { composeQueryActivity, messageActivity, viewContactActivity } from './activities';
import { BenchChild } from './children';
import type { ReplyConnector } from './connector';
import type { Plan } from './plan';
import { buildQueries, type BenchQuery, type QueryKind } from './queries';
import { runLoad, type BotDriver, type LoadResult } from './load';
import { round, summarize, type LatencySummary } from './stats';

/** The measurements of one directory size, and of the two reference bots. */

export type LoadSummary = Omit<LoadResult, 'samples'>;

export interface SizeResult {
  contacts: number;
  sandboxInsertMs: number;
  warmup: { ms: number; contactsPerSecond: number; loaded: number; state: string };
  memory: { afterWarmupRssMb: number; afterWarmupHeapMb: number; afterLoadRssMb: number };
  find: LoadSummary[];
  /** At concurrency 1, per kind of query. */
  findByKind: Partial<Record<QueryKind, LatencySummary>>;
  compose: { handler: 'composeExtension/query' | 'adaptiveCard/action contact.view'; runs: LoadSummary[] };
  naive: LoadSummary;
}

const QUERY_POOL = 5000;

export async function measureSize(contacts: number, plan: Plan, driver: BotDriver, connector: ReplyConnector): Promise<SizeResult> {
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
    }, plan.botNodeFlags);
    let result: Omit<SizeResult, 'naive'>;
    try {
      const ready = await bot.ready('ready');
      const warmupMs = ready.warmupMs ?? Number.NaN;
      const afterWarmup = await bot.memory();
      const warmup = {
        ms: round(warmupMs, 0),
        contactsPerSecond: Math.round(((ready.loaded ?? 0) * 1000) / warmupMs),
        loaded: ready.loaded ?? 0,
        state: ready.state ?? 'unknown',
      };
      log(`  warm-up ${warmup.ms} ms (${warmup.contactsPerSecond}/s), RSS ${mb(afterWarmup.rss)} MB; measuring finds`);
      const find = await measureFinds(ready.url, queries, plan, driver, connector);
      log('  measuring the compose box');
      const compose = await measureCompose(ready.url, queries, sandbox.sample.map((c) => c.id), plan, driver, connector);
      const afterLoad = await bot.memory();
      result = {
        contacts,
        sandboxInsertMs: round(sandbox.insertMs, 0),
        warmup,
        memory: { afterWarmupRssMb: mb(afterWarmup.rss), afterWarmupHeapMb: mb(afterWarmup.heapUsed), afterLoadRssMb: mb(afterLoad.rss) },
        ...find,
        compose,
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

/** The ceiling: the same requests against a bot that only echoes. */
export async function measureEcho(plan: Plan, driver: BotDriver, connector: ReplyConnector): Promise<LoadSummary[]> {
  log('echo bot (ceiling)');
  const echo = BenchChild.fork('echo-bot', {});
  try {
    const { url } = await echo.ready('ready');
    const say = (i: number) => driver.message(url, messageActivity(`find someone ${i}`, connector.url));
    await runLoad(8, plan.warmRequests, say);
    const runs: LoadSummary[] = [];
    for (const { concurrency, requests } of plan.find) runs.push(withoutSamples(await runLoad(concurrency, requests, say)));
    return runs;
  } finally {
    await echo.stop();
  }
}

async function measureFinds(
  url: string,
  queries: BenchQuery[],
  plan: Plan,
  driver: BotDriver,
  connector: ReplyConnector,
): Promise<Pick<SizeResult, 'find' | 'findByKind'>> {
  let offset = 0;
  const say = (i: number) => driver.message(url, messageActivity(queries[(offset + i) % queries.length]!.message, connector.url));
  // JIT, caches and connection pools first: the targets are for a warm bot.
  await runLoad(8, plan.warmRequests, say);
  offset += plan.warmRequests;
  const find: LoadSummary[] = [];
  let findByKind: SizeResult['findByKind'] = {};
  for (const { concurrency, requests } of plan.find) {
    const run = await runLoad(concurrency, requests, say);
    if (concurrency === 1) findByKind = byKind(run, (i) => queries[(offset + i) % queries.length]!.kind);
    offset += requests;
    find.push(withoutSamples(run));
  }
  return { find, findByKind };
}

async function measureCompose(
  url: string,
  queries: BenchQuery[],
  contactIds: number[],
  plan: Plan,
  driver: BotDriver,
  connector: ReplyConnector,
): Promise<SizeResult['compose']> {
  const probe = await driver.probe(url, composeQueryActivity('smith', connector.url));
  const hasCompose = probe.status === 200 && isComposeResult(probe.body);
  const ask = hasCompose
    ? (i: number) => driver.invoke(url, composeQueryActivity(queries[i % queries.length]!.text, connector.url), isComposeResult)
    : (i: number) => driver.invoke(url, viewContactActivity(contactIds[i % contactIds.length]!, connector.url), isCardResponse);
  await runLoad(8, plan.warmRequests, ask);
  const runs: LoadSummary[] = [];
  for (const { concurrency, requests } of plan.compose) runs.push(withoutSamples(await runLoad(concurrency, requests, ask)));
  return { handler: hasCompose ? 'composeExtension/query' : 'adaptiveCard/action contact.view', runs };
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
    return withoutSamples(await runLoad(1, requests, (i) => driver.message(url, messageActivity(queries[i]!.message, connector.url))));
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

function withoutSamples(run: LoadResult): LoadSummary {
  const { samples: _samples, ...summary } = run;
  return summary;
}

function mb(bytes: number): number {
  return round(bytes / 1048576, 1);
}

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}
