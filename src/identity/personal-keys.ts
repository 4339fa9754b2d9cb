import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ItflowAuthError } from '../itflow/errors';
import type { Client } from '../itflow/types';
import type { Logger } from '../logger';
import { STORE_KEYS, type Store } from '../store';
import { type KeyVault, SealedRecordError } from './key-vault';
import { type ItflowForKey, type KeyedItflow, PersonalItflow } from './personal-itflow';

/**
 * Technicians' own ITFlow keys (v26.08: every key is a user's, and ITFlow enforces that user's role and client
 * access). `connect` checks a key against ITFlow before keeping it: the clients it can read (clients/read.php
 * with the key) and whether its role may update contacts (a write that cannot change anything, see
 * ItflowClient.mayUpdateContacts). The key is kept sealed (key-vault.ts) in the bot's store with what was
 * learned; the client list is re-learned after `refreshMs`. A key ITFlow refuses later (401) is marked refused
 * and not used again until the technician connects again.
 */

const KEYS_HASH = STORE_KEYS.personalKeys;
const DEFAULT_REFRESH_MS = 15 * 60_000;
/** ITFlow's keys are 32 letters and digits; anything printable of a sane length is let through to ITFlow to judge. */
const KEY_SHAPE = /^[\x21-\x7e]{8,200}$/;

const recordSchema = z.object({
  v: z.literal(1),
  key: z.string(),
  clientIds: z.array(z.number().int().positive()),
  canWrite: z.boolean(),
  checkedAt: z.number(),
  state: z.enum(['active', 'refused']),
});
type KeyRecord = z.infer<typeof recordSchema>;

export type ConnectOutcome =
  | { ok: true; clientCount: number; canWrite: boolean }
  | { ok: false; reason: 'malformed' | 'refused' | 'unavailable' };

export type KeyStatus =
  | { state: 'none' }
  | { state: 'refused' }
  | { state: 'connected'; clientIds: readonly number[]; canWrite: boolean; checkedAt: Date };

/** A connected technician as the bot acts for them: ITFlow with their key, the clients they may see. */
export interface PersonalIdentity {
  /** Changes whenever the stored key does (derived from the sealed record, reveals nothing of the key). */
  keyId: string;
  itflow: KeyedItflow;
  clientIds: ReadonlySet<number>;
  canWrite: boolean;
}

export type PersonalLookup = { state: 'none' } | { state: 'refused' } | { state: 'connected'; identity: PersonalIdentity };

export interface PersonalKeysOptions {
  store: Store;
  vault: KeyVault;
  itflowForKey: ItflowForKey;
  logger: Logger;
  /** How long a learned client list is trusted before it is re-read with the key (default 15 minutes). */
  refreshMs?: number;
  now?: () => number;
}

export class PersonalKeys {
  private readonly refreshMs: number;
  private readonly now: () => number;
  private readonly refreshing = new Map<string, Promise<PersonalLookup>>();

  constructor(private readonly options: PersonalKeysOptions) {
    this.refreshMs = options.refreshMs ?? DEFAULT_REFRESH_MS;
    this.now = options.now ?? Date.now;
  }

  /** Checks the key against ITFlow and, when ITFlow accepts it, keeps it sealed for this user. */
  async connect(userId: string, pastedKey: string): Promise<ConnectOutcome> {
    const apiKey = pastedKey.trim();
    if (!KEY_SHAPE.test(apiKey)) return { ok: false, reason: 'malformed' };
    let learned: { clientIds: number[]; canWrite: boolean };
    try {
      learned = await this.learn(this.options.itflowForKey(apiKey));
    } catch (err) {
      const reason = err instanceof ItflowAuthError ? 'refused' : 'unavailable';
      this.options.logger.info('personal key not connected', { userId, reason });
      return { ok: false, reason };
    }
    const sealed = this.options.vault.seal(apiKey, userId);
    await this.save(userId, { v: 1, key: sealed, ...learned, checkedAt: this.now(), state: 'active' });
    this.options.logger.info('personal key connected', { userId, clients: learned.clientIds.length, canWrite: learned.canWrite });
    return { ok: true, clientCount: learned.clientIds.length, canWrite: learned.canWrite };
  }

  /** Forgets the user's key; false when there was none. */
  async disconnect(userId: string): Promise<boolean> {
    const removed = await this.options.store.hashDelete(KEYS_HASH, userId);
    if (removed) this.options.logger.info('personal key disconnected', { userId });
    return removed;
  }

  /** What is stored for the user, without asking ITFlow. */
  async status(userId: string): Promise<KeyStatus> {
    const record = await this.load(userId);
    if (record === null) return { state: 'none' };
    if (record.state === 'refused') return { state: 'refused' };
    return { state: 'connected', clientIds: record.clientIds, canWrite: record.canWrite, checkedAt: new Date(record.checkedAt) };
  }

  /** The user's identity, its client list re-learned first when older than the refresh interval. */
  async lookup(userId: string): Promise<PersonalLookup> {
    const record = await this.load(userId);
    if (record === null) return { state: 'none' };
    if (record.state === 'refused') return { state: 'refused' };
    if (this.now() - record.checkedAt < this.refreshMs) return this.connected(userId, record);
    const running = this.refreshing.get(userId);
    if (running !== undefined) return running;
    const refresh = this.refresh(userId, record).finally(() => this.refreshing.delete(userId));
    this.refreshing.set(userId, refresh);
    return refresh;
  }

  /** ITFlow answered 401 to this user's key: keep it out of use until they connect again. */
  async markRefused(userId: string): Promise<void> {
    const record = await this.load(userId);
    if (record === null || record.state === 'refused') return;
    await this.save(userId, { ...record, state: 'refused' });
    this.options.logger.warn('personal key refused by ITFlow', { userId });
  }

  private async refresh(userId: string, record: KeyRecord): Promise<PersonalLookup> {
    const identity = this.connected(userId, record);
    if (identity.state !== 'connected') return identity;
    try {
      const learned = await this.learn(identity.identity.itflow);
      const fresh: KeyRecord = { ...record, ...learned, checkedAt: this.now() };
      await this.save(userId, fresh);
      return this.connected(userId, fresh);
    } catch (err) {
      if (err instanceof ItflowAuthError && err.status === 401) {
        await this.markRefused(userId);
        return { state: 'refused' };
      }
      // ITFlow unreachable: the last list stands (ITFlow still enforces the user's access on every write).
      this.options.logger.warn('personal key refresh failed; keeping the last client list', { userId, error: err instanceof Error ? err.message : 'unknown' });
      return identity;
    }
  }

  private async learn(itflow: KeyedItflow): Promise<{ clientIds: number[]; canWrite: boolean }> {
    let clients: Client[];
    try {
      clients = await itflow.listClients();
    } catch (err) {
      // 403: the user's role may not read clients at all, so the key reaches none (401 is thrown on).
      if (!(err instanceof ItflowAuthError && err.status === 403)) throw err;
      clients = [];
    }
    const clientIds = clients.map((client) => client.id).sort((a, b) => a - b);
    const probe = clientIds[0];
    const canWrite = probe === undefined ? false : await itflow.mayUpdateContacts(probe);
    return { clientIds, canWrite };
  }

  private connected(userId: string, record: KeyRecord): PersonalLookup {
    let apiKey: string;
    try {
      apiKey = this.options.vault.unseal(record.key, userId);
    } catch (err) {
      if (!(err instanceof SealedRecordError)) throw err;
      // Altered or copied from another user: unusable, so the technician is asked to connect again.
      this.options.logger.warn('personal key record does not open; asking to connect again', { userId });
      return { state: 'refused' };
    }
    const itflow = new PersonalItflow(this.options.itflowForKey(apiKey), () => this.markRefused(userId));
    const keyId = createHash('sha256').update(record.key).digest('hex').slice(0, 16);
    return { state: 'connected', identity: { keyId, itflow, clientIds: new Set(record.clientIds), canWrite: record.canWrite } };
  }

  private async load(userId: string): Promise<KeyRecord | null> {
    const raw = await this.options.store.hashGet(KEYS_HASH, userId);
    if (raw === undefined) return null;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      json = null;
    }
    const parsed = recordSchema.safeParse(json);
    if (parsed.success) return parsed.data;
    this.options.logger.warn('unreadable personal key record; treated as not connected', { userId });
    return null;
  }

  private save(userId: string, record: KeyRecord): Promise<void> {
    return this.options.store.hashSet(KEYS_HASH, userId, JSON.stringify(record));
  }
}
