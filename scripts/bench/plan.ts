import os from 'node:os';
import path from 'node:path';

export const PROFILE_DIR = path.join(os.tmpdir(), 'itflow-bench-profiles');

/** How much load each phase gets. BENCH_SCALE multiplies every request count (0.2 for a quick look). */

export interface Plan {
  sizes: number[];
  warmRequests: number;
  /** Requests per concurrency level for finds (and for the echo ceiling). */
  find: ReadonlyArray<{ concurrency: number; requests: number }>;
  /** Each find level runs in this many rounds, alternating with the echo bot's. */
  rounds: number;
  /** Sustained finds with RSS sampled (BENCH_SOAK_SECONDS). */
  soak: { concurrency: number; seconds: number };
  compose: ReadonlyArray<{ concurrency: number; requests: number }>;
  /** The naive bot reads everything per query: a handful is plenty. */
  naiveRequests(size: number): number;
  logLevel: string;
  /** How long to wait, at most, for the idle bot's RSS to settle after warm-up (BENCH_SETTLE_SECONDS). */
  settleSeconds: number;
  /** Extra Node flags for our bot's process: BENCH_PROFILE=1 writes a CPU profile to PROFILE_DIR. */
  botNodeFlags: string[];
}

export function planFromEnv(env: NodeJS.ProcessEnv): Plan {
  const scale = env.BENCH_SCALE === undefined ? 1 : Number(env.BENCH_SCALE);
  if (!(scale > 0)) throw new Error('BENCH_SCALE must be a positive number');
  const n = (count: number) => Math.max(20, Math.round(count * scale));
  const sizes = (env.BENCH_SIZES ?? '10000,100000')
    .split(',')
    .map((s) => s.trim().replace(/_/g, ''))
    .filter((s) => s !== '')
    .map(Number);
  if (sizes.length === 0 || sizes.some((s) => !Number.isSafeInteger(s) || s < 100)) {
    throw new Error('BENCH_SIZES must be a comma-separated list of contact counts ≥ 100, e.g. 10000,100000');
  }
  return {
    sizes,
    warmRequests: n(400),
    find: [
      { concurrency: 1, requests: n(600) },
      { concurrency: 16, requests: n(2000) },
      { concurrency: 64, requests: n(3000) },
    ],
    rounds: 4,
    soak: { concurrency: 16, seconds: env.BENCH_SOAK_SECONDS === undefined ? 60 : Number(env.BENCH_SOAK_SECONDS) },
    compose: [
      { concurrency: 1, requests: n(600) },
      { concurrency: 16, requests: n(1500) },
    ],
    naiveRequests: (size) => Math.max(3, Math.round((size <= 20_000 ? 12 : 5) * Math.min(1, scale))),
    logLevel: env.LOG_LEVEL ?? 'warn',
    settleSeconds: env.BENCH_SETTLE_SECONDS === undefined ? 45 : Number(env.BENCH_SETTLE_SECONDS),
    botNodeFlags: env.BENCH_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [],
  };
}
