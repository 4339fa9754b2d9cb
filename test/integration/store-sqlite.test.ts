import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { silentLogger } from '../../src/logger';
import { createStore, STATE_DB_FILE } from '../../src/store';
import { SqliteStore } from '../../src/store/sqlite-store';
import { StoreUnavailableError } from '../../src/store/store';
import type { WorkerReport } from '../support/sqlite-store-worker';
import { sleep } from '../support/store-backends';

/** What only the embedded store has: its file, its lazy purge, its behaviour under another process. */
describe('embedded (SQLite) store', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itflow-sqlite-store-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('createStore: a WAL file in the data directory (created when missing) without REDIS_URL, Redis with it', async () => {
    const dataDir = path.join(dir, 'nested', 'data');
    const embedded = createStore({ dataDir, logger: silentLogger });
    expect(embedded.kind).toBe('sqlite');
    await embedded.hashSet('h', 'f', 'v');
    const raw = new Database(path.join(dataDir, STATE_DB_FILE), { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    await embedded.close();

    // Port 1 on loopback refuses at once: the store exists, reports down and refuses, and does not throw at start.
    const redis = createStore({ redisUrl: 'redis://127.0.0.1:1', dataDir, logger: silentLogger });
    expect(redis.kind).toBe('redis');
    expect(redis.health()).toBe('down');
    await expect(redis.markOnce('m', 1000)).rejects.toThrow(StoreUnavailableError);
    await redis.close();
  });

  it('deletes expired rows in passing, and never live ones or hashes', async () => {
    const file = path.join(dir, 'state.sqlite');
    const store = new SqliteStore({ file, logger: silentLogger, purgeIntervalMs: 0 });
    await store.acquire('expiring-lock', 100, 0);
    await store.acquire('live-lock', 60_000, 0);
    await store.claim('expiring-claim', 100);
    await store.complete('live-result', 'v', 60_000);
    await store.markOnce('expiring-mark', 100);
    await store.hashSet('h', 'f', 'kept');
    await sleep(200);
    await store.hashGet('h', 'f');
    const raw = new Database(file, { readonly: true });
    const keys = (table: string) => raw.prepare<[], { key: string }>(`SELECT key FROM ${table}`).all().map((r) => r.key);
    expect(keys('leases')).toEqual(['live-lock']);
    expect(keys('claims')).toEqual(['live-result']);
    expect(keys('marks')).toEqual([]);
    expect(raw.prepare('SELECT value FROM hashes').pluck().all()).toEqual(['kept']);
    raw.close();
    await store.close();
  });

  it('says unavailable when another process holds the file longer than the busy timeout', async () => {
    const file = path.join(dir, 'state.sqlite');
    const store = new SqliteStore({ file, logger: silentLogger, busyTimeoutMs: 100 });
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      await expect(store.markOnce('m', 1000)).rejects.toThrow(StoreUnavailableError);
      await expect(store.acquire('k', 1000, 0)).rejects.toThrow(StoreUnavailableError);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await store.markOnce('m', 1000)).toBe(true);
    await store.close();
  });

  it('refuses to open what is not a usable file, with a typed error', () => {
    expect(() => new SqliteStore({ file: dir, logger: silentLogger })).toThrow(StoreUnavailableError);
  });

  it('an in-memory store (file null) works and is private to its object', async () => {
    const [first, second] = [new SqliteStore({ file: null, logger: silentLogger }), new SqliteStore({ file: null, logger: silentLogger })];
    expect(await first.markOnce('m', 1000)).toBe(true);
    expect(await second.markOnce('m', 1000)).toBe(true);
    await Promise.all([first.close(), second.close()]);
  });

  it('two processes on one file: every key claimed and marked once, the lease never shared, fences unique', async () => {
    const file = path.join(dir, 'shared.sqlite');
    await new SqliteStore({ file, logger: silentLogger }).close(); // the schema exists before they race
    const keyCount = 100;
    const workers = ['one', 'two'].map((label) => startWorker(file, keyCount, label));
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.go();
    const [one, two] = await Promise.all(workers.map((w) => w.report));
    const all = (pick: (r: WorkerReport) => string[]) => [...pick(one!), ...pick(two!)].sort();
    const expected = (prefix: string) => Array.from({ length: keyCount }, (_, i) => `${prefix}-${i}`).sort();
    expect(all((r) => r.claimed)).toEqual(expected('key'));
    expect(all((r) => r.marked)).toEqual(expected('mark'));
    // Both really competed (neither got everything), and no fence was handed out twice.
    expect(one!.claimed.length).toBeGreaterThan(0);
    expect(two!.claimed.length).toBeGreaterThan(0);
    const fences = [...one!.fences, ...two!.fences];
    expect(fences).toHaveLength(2 * keyCount);
    expect(new Set(fences).size).toBe(fences.length);
    expect(one!.overlaps + two!.overlaps).toBe(0);
  });
});

function startWorker(file: string, keyCount: number, label: string) {
  const worker = path.join(__dirname, '..', 'support', 'sqlite-store-worker.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', worker, file, String(keyCount), label], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.startsWith('ready\n')) resolve();
    });
    child.once('exit', () => reject(new Error(`worker ${label} exited before it was ready: ${output}`)));
  });
  const report = new Promise<WorkerReport>((resolve, reject) => {
    child.once('exit', (code) => {
      const last = output.trim().split('\n').pop() ?? '';
      if (code !== 0) reject(new Error(`worker ${label} exited with ${code}: ${output}`));
      else resolve(JSON.parse(last) as WorkerReport);
    });
  });
  return { ready, report, go: () => child.stdin.end('go\n') };
}
