import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../src/logger';
import { RedisStore } from '../../src/store/redis-store';
import { SqliteStore } from '../../src/store/sqlite-store';
import type { Store } from '../../src/store/store';
import { startRedisServer, type TestRedisServer } from './redis-server';

/**
 * The two store implementations, as the contract test needs them: `fresh()` gives an empty namespace (its own
 * SQLite file, or its own Redis key prefix), and each `open()` on it is another store object on the same data —
 * another instance, or the same instance after a restart.
 */
export interface StoreBackend {
  readonly name: 'sqlite' | 'redis';
  setup(): Promise<void>;
  teardown(): Promise<void>;
  fresh(): { open(): Promise<Store> };
  /** Closes every store opened since the last call (afterEach). */
  closeAll(): Promise<void>;
}

abstract class TrackingBackend {
  private readonly opened: Store[] = [];
  protected namespaces = 0;

  protected track(store: Store): Store {
    this.opened.push(store);
    return store;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.opened.splice(0).map((store) => store.close()));
  }
}

export class SqliteBackend extends TrackingBackend implements StoreBackend {
  readonly name = 'sqlite';
  dir = '';

  async setup(): Promise<void> {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itflow-store-'));
  }

  async teardown(): Promise<void> {
    await this.closeAll();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  fresh(): { open(): Promise<Store> } {
    const file = path.join(this.dir, `state-${++this.namespaces}.sqlite`);
    return { open: async () => this.track(new SqliteStore({ file, logger: silentLogger })) };
  }
}

export class RedisBackend extends TrackingBackend implements StoreBackend {
  readonly name = 'redis';
  server: TestRedisServer | undefined;

  async setup(): Promise<void> {
    this.server = await startRedisServer();
  }

  async teardown(): Promise<void> {
    await this.closeAll();
    await this.server?.dispose();
  }

  fresh(): { open(): Promise<Store> } {
    const keyPrefix = `test-${++this.namespaces}:`;
    return { open: async () => this.openStore(keyPrefix) };
  }

  /** A connected store (subscribing needs the connection up). */
  async openStore(keyPrefix: string, options: { commandTimeoutMs?: number } = {}): Promise<RedisStore> {
    if (this.server === undefined) throw new Error('setup() first');
    const store = new RedisStore({ url: this.server.url, keyPrefix, logger: silentLogger, ...options });
    this.track(store);
    await waitFor(() => store.health() === 'up', 5000, 'the Redis store to connect');
    return store;
  }
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Collects messages a subscription receives, and waits for them. */
export class Inbox {
  readonly messages: string[] = [];
  readonly push = (message: string): void => void this.messages.push(message);

  async waitFor(count: number, timeoutMs = 2000): Promise<string[]> {
    await waitFor(() => this.messages.length >= count, timeoutMs, `${count} message(s), have ${this.messages.length}`);
    return this.messages;
  }
}
