import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ReplyConnector } from './bench/connector';
import { BotDriver } from './bench/load';
import { log, measureSize, startEcho, type SizeResult } from './bench/measure';
import { planFromEnv } from './bench/plan';
import { measureCallerId } from './bench/calls';
import { checkTargets, formatTable, loadAverage, machineInfo, type BenchResults } from './bench/report';

/**
 * `npm run bench`: the bot under load at 10,000 and 100,000 contacts (BENCH_SIZES), every process on 127.0.0.1.
 * Each size gets its own sandbox (child process) and bot (child process, so its RSS is its own); this process
 * generates the load and plays the Bot Connector. Prints a table and writes bench/results.json
 * (BENCH_OUT to write elsewhere).
 */
async function main(): Promise<void> {
  const plan = planFromEnv(process.env);
  const loadBefore = loadAverage();
  const connector = new ReplyConnector();
  await connector.start();
  const driver = new BotDriver(connector);
  const echo = await startEcho();
  try {
    const sizes: SizeResult[] = [];
    for (const contacts of plan.sizes) sizes.push(await measureSize(contacts, plan, echo, driver, connector));
    const largest = sizes.reduce((a, b) => (b.contacts > a.contacts ? b : a));
    const results: BenchResults = {
      date: new Date().toISOString(),
      machine: machineInfo(),
      settings: { logLevel: plan.logLevel, scale: Number(process.env.BENCH_SCALE ?? '1') },
      echoMemoryAtStart: echo.memoryAtStart,
      sizes,
      targets: checkTargets(largest),
      loadAverage: { before: loadBefore, after: loadAverage() },
    };
    const out = path.resolve(process.env.BENCH_OUT ?? path.join('bench', 'results.json'));
    mkdirSync(path.dirname(out), { recursive: true });
    // Caller ID (goals: lookup p99 ≤ 20 ms, ringing → card ≤ 1 s) at the largest size.
    const callerId = await measureCallerId(largest.contacts);
    writeFileSync(out, `${JSON.stringify({ ...results, callerId }, null, 2)}\n`);
    const callerLine = `caller ID at ${callerId.contacts} contacts: lookup p50 ${callerId.lookupMs.p50} ms, p99 ${callerId.lookupMs.p99} ms; ringing → card p99 ${callerId.ringingToCardMs.p99} ms`;
    process.stdout.write(`${formatTable(results)}\n${callerLine}\n\nwrote ${path.relative(process.cwd(), out)}\n`);
  } finally {
    await echo.child.stop();
    await driver.close();
    await connector.stop();
  }
}

main().catch((err: unknown) => {
  log(`benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
