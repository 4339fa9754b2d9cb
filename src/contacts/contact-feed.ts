import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { contactSchema, type Contact } from '../itflow/types';
import { silentLogger, type Logger } from '../logger';
import { STORE_KEYS, type Store } from '../store';
import type { DirectoryPort } from './ports';
import { storedJson } from './shared-writes';

/** What a change message carries: who sent it and the contact as ITFlow returned it (or as it was sent). */
const changeSchema = storedJson(z.object({ origin: z.string().min(1).max(100), contact: contactSchema }));
/** A contact with long notes is a few kB; anything far larger is not one of ours. */
const MAX_MESSAGE_CHARS = 256 * 1024;

/**
 * Several instances, one directory's worth of truth: each instance keeps its own in-memory directory, and a
 * contact one of them creates or updates is announced on the store's channel, so every other instance's
 * directory has it at once instead of at its next refresh. Announcing never fails a write (the write is done
 * in ITFlow; the others catch up at their refresh); subscribing is retried until the store answers, and Redis
 * resubscribes by itself after a reconnect.
 */
export class ContactFeed {
  /** Tells this instance's own messages apart: its directory has those already. */
  private readonly origin = randomUUID();
  private subscribed = false;
  private unsubscribe: (() => Promise<void>) | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private warnedUnsubscribed = false;

  constructor(
    private readonly store: Store,
    private readonly directory: Pick<DirectoryPort, 'upsert'>,
    private readonly options: { logger?: Logger; retryMs?: number } = {},
  ) {}

  /** Subscribes in the background; live() says when other instances' changes arrive. */
  start(): void {
    void this.subscribe();
  }

  live(): boolean {
    return this.subscribed && this.store.health() === 'up';
  }

  async announce(contact: Contact): Promise<void> {
    try {
      await this.store.publish(STORE_KEYS.contactChanges, JSON.stringify({ origin: this.origin, contact }));
    } catch (error) {
      this.logger.warn('could not announce a contact change; other instances see it at their next refresh', { contactId: contact.id, error });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = null;
    this.subscribed = false;
    await unsubscribe?.().catch(() => undefined);
  }

  private get logger(): Logger {
    return this.options.logger ?? silentLogger;
  }

  private async subscribe(): Promise<void> {
    this.retryTimer = null;
    if (this.stopped) return;
    try {
      const unsubscribe = await this.store.subscribe(STORE_KEYS.contactChanges, (message) => this.apply(message));
      if (this.stopped) {
        await unsubscribe().catch(() => undefined);
        return;
      }
      this.unsubscribe = unsubscribe;
      this.subscribed = true;
      this.logger.info('listening for contact changes from other instances', { store: this.store.kind });
    } catch (error) {
      if (!this.warnedUnsubscribed) this.logger.warn('cannot listen for other instances\' contact changes yet; retrying', { error });
      this.warnedUnsubscribed = true;
      this.retryTimer = setTimeout(() => void this.subscribe(), this.options.retryMs ?? 1000);
      this.retryTimer.unref();
    }
  }

  private apply(message: string): void {
    const change = message.length <= MAX_MESSAGE_CHARS ? changeSchema.safeParse(message) : null;
    if (change === null || !change.success) {
      this.logger.warn('ignored a contact change message that is not one of ours', { chars: message.length });
      return;
    }
    if (change.data.origin === this.origin) return;
    this.directory.upsert(change.data.contact);
    this.logger.debug('applied a contact change from another instance', { contactId: change.data.contact.id });
  }
}
