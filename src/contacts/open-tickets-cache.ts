import type { ItflowTicketsApi } from '../itflow/ticket-types';
import { openTicketsFromScan, openTicketsQuery, type OpenTicketsView } from './tickets';

/** Open tickets a card lists (the count covers more). */
export const TICKETS_SHOWN = 3;
/** A card waits this long for tickets at most, then goes without them (the read carries on and fills the cache). */
export const TICKETS_WAIT_MS = 300;

export interface OpenTicketsCacheOptions {
  /** How long a contact's open tickets are reused. Default 60 s. */
  ttlMs?: number;
  /** After a failed read, how long before trying that contact again (so a slow ITFlow is not asked on every card). Default 15 s. */
  failureTtlMs?: number;
  /** Contacts remembered, least recently used dropped first. Default 1,000. */
  maxEntries?: number;
  /** Scans running at once; a card asked for while this many run goes without tickets. Default 4. */
  maxInFlight?: number;
  now?: () => number;
}

interface Entry {
  /** null: the read failed. */
  view: OpenTicketsView | null;
  expiresAt: number;
}

/**
 * A contact's open tickets, read from ITFlow at most once per TTL and contact, with every caller of a read in
 * flight sharing it. Reading a contact's tickets costs ITFlow a few list requests (see ItflowTickets), so only a
 * technician opening one contact (its card, an incoming call) reads them: `peek` never starts a read.
 */
export class OpenTicketsCache {
  private readonly entries = new Map<number, Entry>();
  private readonly inFlight = new Map<number, Promise<OpenTicketsView | null>>();
  private readonly ttlMs: number;
  private readonly failureTtlMs: number;
  private readonly maxEntries: number;
  private readonly maxInFlight: number;
  private readonly now: () => number;

  constructor(
    private readonly api: Pick<ItflowTicketsApi, 'ticketsForContact'>,
    options: OpenTicketsCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.failureTtlMs = options.failureTtlMs ?? 15_000;
    this.maxEntries = options.maxEntries ?? 1_000;
    this.maxInFlight = options.maxInFlight ?? 4;
    this.now = options.now ?? Date.now;
  }

  /** The contact's open tickets when a fresh read is in memory; undefined otherwise (or when the read failed). */
  peek(contactId: number): OpenTicketsView | undefined {
    return this.fresh(contactId)?.view ?? undefined;
  }

  /** From memory, or read now (shared with a read in flight); null when ITFlow failed or too many reads run. */
  load(contactId: number): Promise<OpenTicketsView | null> {
    const known = this.fresh(contactId);
    if (known !== undefined) return Promise.resolve(known.view);
    const running = this.inFlight.get(contactId);
    if (running !== undefined) return running;
    if (this.inFlight.size >= this.maxInFlight) return Promise.resolve(null);
    const read = this.read(contactId).finally(() => this.inFlight.delete(contactId));
    this.inFlight.set(contactId, read);
    return read;
  }

  /** As load, waiting at most waitMs: undefined when not ready by then (the read goes on and fills the cache). */
  async within(contactId: number, waitMs = TICKETS_WAIT_MS): Promise<OpenTicketsView | null | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs)));
    try {
      return await Promise.race([this.load(contactId), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async read(contactId: number): Promise<OpenTicketsView | null> {
    let view: OpenTicketsView | null;
    try {
      view = openTicketsFromScan(await this.api.ticketsForContact(contactId, openTicketsQuery(TICKETS_SHOWN)), TICKETS_SHOWN);
    } catch {
      // The card goes without tickets; the reason is ITFlow's health, which /healthz reports.
      view = null;
    }
    this.remember(contactId, { view, expiresAt: this.now() + (view === null ? this.failureTtlMs : this.ttlMs) });
    return view;
  }

  private fresh(contactId: number): Entry | undefined {
    const entry = this.entries.get(contactId);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(contactId);
      return undefined;
    }
    return entry;
  }

  private remember(contactId: number, entry: Entry): void {
    this.entries.delete(contactId);
    this.entries.set(contactId, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
