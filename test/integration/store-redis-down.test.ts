import Redis from 'ioredis';
import { createLogger } from '../../src/logger';
import { RedisStore } from '../../src/store/redis-store';
import { runOnce } from '../../src/store/run-once';
import { type Store, StoreUnavailableError } from '../../src/store/store';
import { startRedisServer } from '../support/redis-server';
import { Inbox, RedisBackend, sleep, waitFor } from '../support/store-backends';

/**
 * Redis stopped (killed) or hung (SIGSTOP) under a running store: every operation is refused with
 * StoreUnavailableError within a bounded time (never queued, never silently answered from memory), health says
 * 'down', and when Redis is back the store reconnects and resubscribes by itself.
 */
const FAIL_FAST_MS = 2000;

async function refusedQuickly(operation: () => Promise<unknown>): Promise<void> {
  const started = Date.now();
  await expect(operation()).rejects.toBeInstanceOf(StoreUnavailableError);
  expect(Date.now() - started).toBeLessThan(FAIL_FAST_MS);
}

async function everyOperationRefused(store: Store): Promise<void> {
  await refusedQuickly(() => store.acquire('k', 1000, 0));
  await refusedQuickly(() => store.claim('c', 1000));
  await refusedQuickly(() => store.complete('c', 'v', 1000));
  await refusedQuickly(() => store.abandon('c', 'token'));
  await refusedQuickly(() => store.markOnce('m', 1000));
  await refusedQuickly(() => store.hashGet('h', 'f'));
  await refusedQuickly(() => store.hashSet('h', 'f', 'v'));
  await refusedQuickly(() => store.hashDelete('h', 'f'));
  await refusedQuickly(() => store.hashGetAll('h'));
  await refusedQuickly(() => store.publish('p', 'm'));
  await refusedQuickly(() => store.subscribe('new-channel', () => undefined));
}

describe('Redis store when Redis goes away', () => {
  const backend = new RedisBackend();
  const server = () => backend.server!;

  beforeAll(() => backend.setup());
  afterAll(() => backend.teardown());
  afterEach(async () => {
    server().resume();
    if (!server().running) await server().start();
    await backend.closeAll();
  });

  it('refuses everything quickly while Redis is stopped, never runs once-only work, and recovers by itself', async () => {
    const [a, b] = await Promise.all([backend.openStore('down:'), backend.openStore('down:')]);
    const inbox = new Inbox();
    await b.subscribe('directory', inbox.push);
    const lease = (await a.acquire('held', 60_000, 0))!;
    const waiter = b.acquire('held', 60_000, 20_000).then(
      () => 'acquired',
      (error: unknown) => error,
    );
    await sleep(100);

    const stoppedAt = Date.now();
    await server().stop('SIGKILL');
    expect(await waiter).toBeInstanceOf(StoreUnavailableError);
    expect(Date.now() - stoppedAt).toBeLessThan(FAIL_FAST_MS);
    await waitFor(() => a.health() === 'down' && b.health() === 'down', FAIL_FAST_MS, 'health to say down');

    await everyOperationRefused(a);
    await refusedQuickly(() => lease.release());
    await refusedQuickly(() => lease.extend(1000));
    let ran = false;
    const once = { pendingTtlMs: 1000, resultTtlMs: 1000, waitMs: 0 };
    await refusedQuickly(() => runOnce(a, 'add', once, async () => String((ran = true))));
    expect(ran).toBe(false);

    await server().start();
    await waitFor(() => a.health() === 'up' && b.health() === 'up', 10_000, 'the stores to reconnect');
    // This Redis keeps nothing across restarts (--save ''), so the lock is gone and the key is free again.
    expect(await a.acquire('held', 1000, 0)).not.toBeNull();
    expect(await a.markOnce('after', 1000)).toBe(true);
    await a.publish('directory', 'contact:9');
    expect(await inbox.waitFor(1)).toEqual(['contact:9']);
  });

  it('gives up on a hung Redis (connected but silent) within the command timeout, then recovers', async () => {
    const store = await backend.openStore('hung:');
    await store.hashSet('h', 'f', 'before');
    server().pause();
    await refusedQuickly(() => store.hashGet('h', 'f'));
    await refusedQuickly(() => store.acquire('k', 1000, 5000));
    await waitFor(() => store.health() === 'down', FAIL_FAST_MS * 2, 'health to notice the silent server');
    server().resume();
    await waitFor(() => store.health() === 'up', 10_000, 'the store to reconnect');
    expect(await store.hashGet('h', 'f')).toBe('before');
  });

  it('starts while Redis is unreachable: down and refusing at first, connected as soon as Redis appears', async () => {
    await server().stop('SIGKILL');
    const store = new RedisStore({ url: server().url, keyPrefix: 'late:', logger: createLogger({ sink: () => undefined }) });
    try {
      expect(store.health()).toBe('down');
      await everyOperationRefused(store);
      await server().start();
      await waitFor(() => store.health() === 'up', 10_000, 'the store to connect');
      await store.hashSet('h', 'f', 'v');
      expect(await store.hashGet('h', 'f')).toBe('v');
    } finally {
      await store.close();
    }
  });

  it('reports a data error from Redis as itself, not as an outage', async () => {
    const store = await backend.openStore('typed:');
    const raw = new Redis(server().url);
    try {
      await raw.set('typed:hash:extensions', 'not a hash');
      const error: unknown = await store.hashGet('extensions', '201').catch((e: unknown) => e);
      expect(error).not.toBeInstanceOf(StoreUnavailableError);
      expect(String(error)).toMatch(/WRONGTYPE/);
      expect(store.health()).toBe('up');
    } finally {
      raw.disconnect();
    }
  });

  it('logs an outage once each way, without the password from the URL', async () => {
    const password = 'redis-secret-4711';
    const guarded = await startRedisServer({ password });
    const lines: string[] = [];
    const url = `redis://:${password}@127.0.0.1:${guarded.port}`;
    const store = new RedisStore({ url, keyPrefix: 'auth:', logger: createLogger({ sink: (l) => lines.push(l) }) });
    try {
      await waitFor(() => store.health() === 'up', 5000, 'the store to connect with the password');
      await store.hashSet('h', 'f', 'v');
      await guarded.stop('SIGKILL');
      await sleep(1500); // several reconnect attempts
      await guarded.start();
      await waitFor(() => store.health() === 'up', 10_000, 'the store to reconnect');
      const messages = lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
      expect(messages.filter((m) => m.includes('unreachable'))).toHaveLength(1);
      expect(messages.filter((m) => m.includes('reachable') && !m.includes('unreachable'))).toHaveLength(2);
      expect(lines.join('\n')).not.toContain(password);
    } finally {
      await store.close();
      await guarded.dispose();
    }
  });
});
