import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchChild } from './children';
import { round } from './stats';

/** The bot process's memory: settled when idle, and sampled while load runs. */

export interface MemoryReading {
  rssMb: number;
  heapUsedMb: number;
}

/** RSS sampled every second while a load ran. */
export interface UnderLoad {
  peakRssMb: number;
  endRssMb: number;
  /** One reading a second, MB. */
  rssMb: number[];
}

export async function readMemory(child: BenchChild): Promise<MemoryReading> {
  const memory = await child.memory();
  return { rssMb: mb(memory.rss), heapUsedMb: mb(memory.heapUsed) };
}

/** Settled: RSS held within 1 MB for five readings a second apart, at least ten seconds after warm-up. */
const MIN_SETTLE_SECONDS = 10;
const STEADY_READINGS = 5;

/** Polls the idle bot once a second until its RSS has settled, or the time is up. */
export async function settle(bot: BenchChild, maxSeconds: number): Promise<MemoryReading & { afterSeconds: number }> {
  let last = await readMemory(bot);
  let steady = 0;
  for (let second = 1; second <= maxSeconds; second++) {
    await sleep(1000);
    const now = await readMemory(bot);
    steady = Math.abs(now.rssMb - last.rssMb) < 1 ? steady + 1 : 0;
    last = now;
    if (second >= MIN_SETTLE_SECONDS && steady >= STEADY_READINGS) return { ...now, afterSeconds: second };
  }
  return { ...last, afterSeconds: maxSeconds };
}

/** Runs `load` while reading the child's RSS every second. */
export async function sampledWhile<T>(child: BenchChild, load: () => Promise<T>): Promise<{ result: T; memory: UnderLoad }> {
  const samples: number[] = [];
  let running = true;
  const sampler = (async () => {
    while (running) {
      await sleep(1000);
      if (running) samples.push((await readMemory(child)).rssMb);
    }
  })();
  try {
    const result = await load();
    running = false;
    await sampler;
    const end = (await readMemory(child)).rssMb;
    samples.push(end);
    return { result, memory: { peakRssMb: Math.max(...samples), endRssMb: end, rssMb: samples } };
  } finally {
    running = false;
  }
}

function mb(bytes: number): number {
  return round(bytes / 1048576, 1);
}
