import os from 'node:os';
import type { MemoryReading, SizeResult } from './measure';
import { round } from './stats';

/** The results file and the table printed at the end. */

export interface BenchResults {
  date: string;
  machine: MachineInfo;
  settings: { logLevel: string; scale: number };
  /** The echo bot's RSS before any load: restify + botbuilder alone. */
  echoMemoryAtStart: MemoryReading;
  sizes: SizeResult[];
  /** Evaluated on the largest size. */
  targets: TargetCheck[];
  /** The 1-minute load average before and after the run: other work on the machine skews every figure. */
  loadAverage: { before: number; after: number };
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export function loadAverage(): number {
  return round(os.loadavg()[0] ?? 0, 2);
}

export function checkTargets(size: SizeResult): TargetCheck[] {
  const single = size.find.find((r) => r.concurrency === 1);
  const at16 = size.find.find((r) => r.concurrency === 16);
  const best = Math.max(...size.find.map((r) => r.perSecond));
  const echoBest = Math.max(...size.echo.map((r) => r.perSecond));
  const compose = size.compose.runs.find((r) => r.concurrency === 1);
  const { atReady, settled, underLoad } = size.memory;
  return [
    { target: 'warm find p99 ≤ 20 ms (HTTP, concurrency 1)', measured: `${single?.latencyMs.p99 ?? '?'} ms`, met: (single?.latencyMs.p99 ?? Infinity) <= 20 },
    {
      target: '≥ 1,000 finds/s or ≥ 50 % of echo',
      measured: `${Math.round(best)}/s = ${Math.round((100 * best) / echoBest)} % of echo (${Math.round(echoBest)}/s)`,
      met: best >= 1000 || best >= echoBest / 2,
    },
    {
      target: 'finds at concurrency 16 ≥ 70 % of the echo bot’s rate',
      measured: `${at16?.ofEchoPercent ?? '?'} % (${Math.round(at16?.perSecond ?? 0)}/s)`,
      met: (at16?.ofEchoPercent ?? 0) >= 70,
    },
    {
      target: `compose-box p99 ≤ 50 ms (${size.compose.handler}, concurrency 1)`,
      measured: `${compose?.latencyMs.p99 ?? '?'} ms`,
      met: (compose?.latencyMs.p99 ?? Infinity) <= 50,
    },
    {
      target: 'RSS ≤ 200 MB after warm-up (settled)',
      measured: `${settled.rssMb} MB settled, ${atReady.rssMb} MB the moment the load ended`,
      met: settled.rssMb <= 200,
    },
    {
      target: `RSS ≤ 400 MB under sustained load (finds at concurrency ${underLoad.concurrency})`,
      measured: `${underLoad.peakRssMb} MB peak over ${underLoad.seconds} s (${underLoad.requests.toLocaleString('en-US')} finds), ${underLoad.endRssMb} MB at the end`,
      met: underLoad.peakRssMb <= 400,
    },
    {
      target: 'warm-up ≥ 20,000 contacts/s',
      measured: `${size.warmup.contactsPerSecond.toLocaleString('en-US')}/s (${(size.warmup.ms / 1000).toFixed(2)} s)`,
      met: size.warmup.contactsPerSecond >= 20_000,
    },
  ];
}

export function formatTable(results: BenchResults): string {
  const lines: string[] = [];
  const m = results.machine;
  lines.push(
    `${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}, ${results.date}, LOG_LEVEL=${results.settings.logLevel}, ` +
      `load average ${results.loadAverage.before} → ${results.loadAverage.after}`,
  );
  lines.push(`echo bot RSS at start: ${results.echoMemoryAtStart.rssMb} MB (the framework alone)`);
  for (const size of results.sizes) {
    const echoAt = (c: number) => size.echo.find((r) => r.concurrency === c);
    const { atReady, settled, underLoad, afterLoad } = size.memory;
    lines.push('');
    lines.push(
      `${size.contacts.toLocaleString('en-US')} contacts — warm-up ${(size.warmup.ms / 1000).toFixed(2)} s ` +
        `(${size.warmup.contactsPerSecond.toLocaleString('en-US')}/s); RSS ${atReady.rssMb} MB at ready, ` +
        `${settled.rssMb} MB settled (${settled.afterSeconds} s), peak ${underLoad.peakRssMb} MB during ${underLoad.seconds} s ` +
        `of finds at c=${underLoad.concurrency} (${Math.round(underLoad.perSecond)}/s), ${afterLoad.rssMb} MB after all the load`,
    );
    lines.push(pad(['', 'p50 ms', 'p95 ms', 'p99 ms', 'per s', 'bot CPU ms', 'gen CPU', 'echo p50', 'echo /s', 'echo CPU ms', 'of echo /s']));
    for (const run of size.find) {
      const echo = echoAt(run.concurrency);
      lines.push(
        pad([
          `find c=${run.concurrency}`,
          run.latencyMs.p50,
          run.latencyMs.p95,
          run.latencyMs.p99,
          Math.round(run.perSecond),
          run.cpu.botMsPerRequest,
          `${run.cpu.generatorPercent} %`,
          echo?.latencyMs.p50 ?? '',
          echo === undefined ? '' : Math.round(echo.perSecond),
          echo?.cpu.botMsPerRequest ?? '',
          `${run.ofEchoPercent} %`,
        ]),
      );
    }
    for (const run of size.compose.runs) {
      const label = size.compose.handler === 'composeExtension/query' ? 'compose' : 'view (invoke)';
      lines.push(
        pad([`${label} c=${run.concurrency}`, run.latencyMs.p50, run.latencyMs.p95, run.latencyMs.p99, Math.round(run.perSecond), run.cpu.botMsPerRequest, `${run.cpu.generatorPercent} %`]),
      );
    }
    const ours = size.find.find((r) => r.concurrency === 1);
    const naive = size.naive;
    lines.push(
      pad([`naive c=1`, naive.latencyMs.p50, naive.latencyMs.p95, naive.latencyMs.p99, naive.perSecond, naive.cpu.botMsPerRequest, `${naive.cpu.generatorPercent} %`]) +
        (ours === undefined ? '' : `   ours is ${Math.round(naive.latencyMs.p50 / ours.latencyMs.p50)}× faster (p50)`),
    );
    const kinds = Object.entries(size.findByKind).map(([kind, s]) => `${kind} ${s.p50}/${s.p99}`);
    lines.push(`  by query kind, c=1, p50/p99 ms: ${kinds.join(', ')}`);
    lines.push(`  one directory refresh: ${(size.refresh.ms / 1000).toFixed(2)} s, ${size.refresh.requests} requests to ITFlow (per instance, per DIRECTORY_REFRESH_SECONDS)`);
  }
  lines.push('');
  for (const check of results.targets) lines.push(`${check.met ? 'MET ' : 'MISS'}  ${check.target}: ${check.measured}`);
  return lines.join('\n');
}

function pad(cells: Array<string | number>): string {
  return cells.map((cell, i) => (i === 0 ? String(cell).padEnd(20) : String(cell).padStart(11))).join('');
}
