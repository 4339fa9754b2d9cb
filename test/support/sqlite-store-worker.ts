/**
 * One of two processes racing on one embedded-store file (run with `node --import tsx`). After "go" on stdin
 * it claims every key it can and takes a shared lease once per key, checking inside the lease that nobody else
 * is inside, then prints what it got as one JSON line.
 */
import { createInterface } from 'node:readline';
import { silentLogger } from '../../src/logger';
import { SqliteStore } from '../../src/store/sqlite-store';

export interface WorkerReport {
  claimed: string[];
  marked: string[];
  fences: number[];
  overlaps: number;
}

async function main(): Promise<void> {
  const [file, keyCount, label] = process.argv.slice(2) as [string, string, string];
  const store = new SqliteStore({ file, logger: silentLogger });
  const lines = createInterface({ input: process.stdin });
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => lines.once('line', () => resolve()));
  const report: WorkerReport = { claimed: [], marked: [], fences: [], overlaps: 0 };
  // The second worker walks the keys backwards, so the two meet on keys whatever their start-up skew.
  const order = Array.from({ length: Number(keyCount) }, (_, i) => i);
  if (label === 'two') order.reverse();
  for (const i of order) {
    if ((await store.claim(`key-${i}`, 60_000)).state === 'claimed') report.claimed.push(`key-${i}`);
    if (await store.markOnce(`mark-${i}`, 60_000)) report.marked.push(`mark-${i}`);
    const lease = await store.acquire('shared', 5000, 5000);
    if (lease === null) continue;
    report.fences.push(lease.fence);
    if ((await store.hashGet('inside', 'holder')) !== undefined) report.overlaps++;
    await store.hashSet('inside', 'holder', label);
    await new Promise((resolve) => setTimeout(resolve, 1)); // hold it a moment, so the other has to wait
    await store.hashDelete('inside', 'holder');
    await lease.release();
  }
  await store.close();
  process.stdout.write(JSON.stringify(report) + '\n');
  lines.close();
}

void main();
