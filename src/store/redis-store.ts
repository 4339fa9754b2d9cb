import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import type { Logger } from '../logger';
import { retryUntil } from './polling';
import { ACQUIRE, CLAIM, COMPARE_AND_DELETE, COMPARE_AND_EXPIRE } from './redis-scripts';
import {
  assertTtl,
  assertWait,
  type ClaimOutcome,
  type Lease,
  type MessageHandler,
  type Store,
  type StoreHealth,
  StoreUnavailableError,
  type Unsubscribe,
} from './store';

/**
 * The store for several instances: one Redis shared by all of them. It fails fast rather than queueing: with
 * Redis unreachable every call throws `StoreUnavailableError` within about `commandTimeoutMs` (no offline queue,
 * no resending after a reconnect — a lock request replayed later would hold a lock nobody knows about), while
 * the client keeps reconnecting with capped backoff and resubscribes its channels when Redis is back.
 */
export interface RedisStoreOptions {
  /** redis:// or rediss:// URL, possibly with credentials: never logged. */
  url: string;
  logger: Logger;
  /** Prepended to every key and channel so several bots (or tests) can share one Redis. */
  keyPrefix?: string;
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  maxReconnectDelayMs?: number;
}

const PENDING = 'p:';
const DONE = 'd:';
/** Redis replies that mean "not serving right now" rather than "this command is wrong". */
const UNAVAILABLE_REPLY = /^(LOADING|READONLY|MASTERDOWN|BUSY|TRYAGAIN|CLUSTERDOWN|NOAUTH|WRONGPASS|NOPERM)\b/;

export class RedisStore implements Store {
  readonly kind = 'redis';
  private readonly client: Redis;
  private readonly subscriber: Redis;
  private readonly prefix: string;
  private readonly logger: Logger;
  private readonly handlers = new Map<string, Set<MessageHandler>>();
  private readonly subscribing = new Map<string, Promise<unknown>>();
  private reachable = false;
  private closed = false;

  constructor(options: RedisStoreOptions) {
    this.prefix = options.keyPrefix ?? 'itflow-teams:';
    this.logger = options.logger;
    const maxDelay = options.maxReconnectDelayMs ?? 2000;
    this.client = new Redis(options.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      autoResendUnfulfilledCommands: false,
      connectTimeout: options.connectTimeoutMs ?? 1000,
      commandTimeout: options.commandTimeoutMs ?? 1000,
      // A server that accepts but never answers (hung, paused) drops the connection, so health says 'down'.
      socketTimeout: options.commandTimeoutMs ?? 1000,
      retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 10), maxDelay) + Math.floor(Math.random() * 50),
      connectionName: 'itflow-teams',
    });
    this.subscriber = this.client.duplicate({ connectionName: 'itflow-teams-subscriber' });
    for (const connection of [this.client, this.subscriber]) {
      connection.on('ready', () => this.noteReachability());
      connection.on('close', () => this.noteReachability());
      // Without a listener ioredis prints every failed reconnect; the transition is logged once instead.
      connection.on('error', (error: Error) => this.noteReachability(error));
    }
    this.subscriber.on('message', (channel: string, message: string) => this.deliver(channel, message));
  }

  async acquire(key: string, ttlMs: number, waitMs: number): Promise<Lease | null> {
    assertTtl(ttlMs);
    assertWait(waitMs);
    const lockKey = this.key('lock', key);
    const token = randomUUID();
    const fence = await retryUntil(async () => {
      const reply = await this.run(() => this.client.eval(ACQUIRE, 2, lockKey, `${this.prefix}fence`, token, ttlMs));
      return typeof reply === 'number' && reply > 0 ? reply : null;
    }, waitMs);
    if (fence === null) return null;
    return {
      key,
      token,
      fence,
      release: async () => (await this.run(() => this.client.eval(COMPARE_AND_DELETE, 1, lockKey, token))) === 1,
      extend: async (extendMs: number) => {
        assertTtl(extendMs);
        return (await this.run(() => this.client.eval(COMPARE_AND_EXPIRE, 1, lockKey, token, extendMs))) === 1;
      },
    };
  }

  async claim(key: string, ttlMs: number): Promise<ClaimOutcome> {
    assertTtl(ttlMs);
    const token = randomUUID();
    const found = await this.run(() => this.client.eval(CLAIM, 1, this.key('claim', key), PENDING + token, ttlMs));
    if (found === null) return { state: 'claimed', token };
    if (typeof found === 'string' && found.startsWith(DONE)) return { state: 'done', value: found.slice(DONE.length) };
    return { state: 'pending' };
  }

  async complete(key: string, value: string, ttlMs: number): Promise<void> {
    assertTtl(ttlMs);
    await this.run(() => this.client.set(this.key('claim', key), DONE + value, 'PX', ttlMs));
  }

  async abandon(key: string, token: string): Promise<boolean> {
    return (await this.run(() => this.client.eval(COMPARE_AND_DELETE, 1, this.key('claim', key), PENDING + token))) === 1;
  }

  async markOnce(key: string, ttlMs: number): Promise<boolean> {
    assertTtl(ttlMs);
    return (await this.run(() => this.client.set(this.key('mark', key), '1', 'PX', ttlMs, 'NX'))) === 'OK';
  }

  async hashGet(name: string, field: string): Promise<string | undefined> {
    return (await this.run(() => this.client.hget(this.key('hash', name), field))) ?? undefined;
  }

  async hashSet(name: string, field: string, value: string): Promise<void> {
    await this.run(() => this.client.hset(this.key('hash', name), field, value));
  }

  async hashDelete(name: string, field: string): Promise<boolean> {
    return (await this.run(() => this.client.hdel(this.key('hash', name), field))) === 1;
  }

  async hashGetAll(name: string): Promise<Map<string, string>> {
    return new Map(Object.entries(await this.run(() => this.client.hgetall(this.key('hash', name)))));
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.run(() => this.client.publish(this.key('channel', channel), message));
  }

  async subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe> {
    const fullChannel = this.key('channel', channel);
    const handlers = this.handlers.get(fullChannel) ?? new Set<MessageHandler>();
    if (!this.handlers.has(fullChannel)) {
      this.handlers.set(fullChannel, handlers);
      this.subscribing.set(fullChannel, this.run(() => this.subscriber.subscribe(fullChannel)));
    }
    try {
      await this.subscribing.get(fullChannel);
    } catch (error) {
      if (this.handlers.get(fullChannel) === handlers && handlers.size === 0) this.forget(fullChannel);
      throw error;
    }
    const entry: MessageHandler = (message) => handler(message);
    handlers.add(entry);
    return async () => {
      handlers.delete(entry);
      if (handlers.size > 0 || this.handlers.get(fullChannel) !== handlers) return;
      this.forget(fullChannel);
      // With Redis down this fails and the channel is resubscribed on reconnect; its messages then find no handler.
      await this.subscriber.unsubscribe(fullChannel).catch(() => undefined);
    };
  }

  health(): StoreHealth {
    return !this.closed && this.client.status === 'ready' && this.subscriber.status === 'ready' ? 'up' : 'down';
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.handlers.clear();
    this.subscribing.clear();
    this.client.disconnect();
    this.subscriber.disconnect();
  }

  private key(kind: 'lock' | 'claim' | 'mark' | 'hash' | 'channel', name: string): string {
    return `${this.prefix}${kind}:${name}`;
  }

  private forget(fullChannel: string): void {
    this.handlers.delete(fullChannel);
    this.subscribing.delete(fullChannel);
  }

  private deliver(fullChannel: string, message: string): void {
    for (const handler of [...(this.handlers.get(fullChannel) ?? [])]) {
      try {
        handler(message);
      } catch (error) {
        this.logger.error('store: a subscriber failed', { channel: fullChannel.slice(this.prefix.length), error });
      }
    }
  }

  /** Logs only transitions, so a long outage is two lines, not one per reconnect attempt. */
  private noteReachability(error?: Error): void {
    const reachable = this.health() === 'up';
    if (reachable === this.reachable || this.closed) return;
    this.reachable = reachable;
    if (reachable) this.logger.info('store: Redis reachable');
    else this.logger.warn('store: Redis unreachable; locked and once-only writes are refused until it returns', { error });
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StoreUnavailableError('the state store is closed');
    try {
      return await command();
    } catch (error) {
      // A reply error other than "not serving" is a bug in the command, not an outage: let it surface as is.
      const reply = error instanceof Error && error.name === 'ReplyError' ? error.message : undefined;
      if (reply !== undefined && !UNAVAILABLE_REPLY.test(reply)) throw error;
      throw new StoreUnavailableError('Redis cannot be reached right now', { cause: error });
    }
  }
}
