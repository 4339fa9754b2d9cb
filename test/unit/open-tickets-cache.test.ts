import { OpenTicketsCache, TICKETS_SHOWN } from '../../src/contacts/open-tickets-cache';
import { ticketSummary, ticketsTitle } from '../../src/cards/ticket-lines';
import type { ContactTickets, ContactTicketsQuery, Ticket } from '../../src/itflow/ticket-types';

function ticket(id: number, contactId: number, status = 2): Ticket {
  return {
    id,
    prefix: 'TCK-',
    number: id,
    subject: `Subject ${id}`,
    priority: 'Low',
    status: { id: status, name: null },
    clientId: 1,
    contactId,
    assignedTo: 0,
    source: null,
    createdAt: `2026-01-${String(id).padStart(2, '0')} 10:00:00`,
    updatedAt: null,
    resolvedAt: null,
    closedAt: null,
    archivedAt: null,
  };
}

/** ticketsForContact over a fixed list, each call answered when the test says so. */
class ScriptedTickets {
  calls: Array<{ contactId: number; query: ContactTicketsQuery }> = [];
  private pending: Array<{ resolve: (scan: ContactTickets) => void; reject: (e: Error) => void; contactId: number; query: ContactTicketsQuery }> = [];
  constructor(readonly tickets: Ticket[]) {}

  ticketsForContact(contactId: number, query: ContactTicketsQuery): Promise<ContactTickets> {
    this.calls.push({ contactId, query });
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject, contactId, query }));
  }

  answerAll(): void {
    for (const { resolve, contactId, query } of this.pending.splice(0)) {
      const mine = this.tickets.filter((t) => t.contactId === contactId && (query.matches?.(t) ?? true)).sort((a, b) => b.id - a.id);
      resolve({ tickets: mine.slice(0, query.limit), matched: mine.length, stoppedBy: 'end', rowsRead: this.tickets.length, requests: 1 });
    }
  }

  failAll(): void {
    for (const { reject } of this.pending.splice(0)) reject(new Error('ITFlow is down'));
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('OpenTicketsCache', () => {
  const tickets = [ticket(1, 7), ticket(2, 7, 4), ticket(3, 7), ticket(4, 7, 3), ticket(5, 7, 1), ticket(6, 8)];

  it('reads the newest open tickets once per TTL, sharing a read in flight, and never reads on peek', async () => {
    const api = new ScriptedTickets(tickets);
    const clock = { now: 0 };
    const cache = new OpenTicketsCache(api, { ttlMs: 60_000, now: () => clock.now });
    expect(cache.peek(7)).toBeUndefined();
    expect(api.calls).toHaveLength(0);
    const a = cache.load(7);
    const b = cache.load(7);
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0]!.query.limit).toBe(TICKETS_SHOWN);
    api.answerAll();
    const [first, second] = await Promise.all([a, b]);
    expect(first).toBe(second);
    expect(first).toMatchObject({ count: 4, countIsExact: true });
    expect(first!.latest.map((t) => t.id)).toEqual([5, 4, 3]);
    expect(cache.peek(7)).toBe(first);
    clock.now = 59_999;
    await cache.load(7);
    expect(api.calls).toHaveLength(1);
    clock.now = 60_000;
    expect(cache.peek(7)).toBeUndefined();
    const again = cache.load(7);
    expect(api.calls).toHaveLength(2);
    api.answerAll();
    await again;
  });

  it('waits a bounded time; a late read still fills the cache', async () => {
    const api = new ScriptedTickets(tickets);
    const cache = new OpenTicketsCache(api);
    const started = Date.now();
    expect(await cache.within(7, 30)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
    api.answerAll();
    await flush();
    expect(cache.peek(7)?.count).toBe(4);
    expect(await cache.within(7, 30)).toBe(cache.peek(7));
  });

  it('remembers a failure briefly (no read per card while ITFlow is down), then tries again', async () => {
    const api = new ScriptedTickets(tickets);
    const clock = { now: 0 };
    const cache = new OpenTicketsCache(api, { failureTtlMs: 15_000, now: () => clock.now });
    const failed = cache.load(7);
    api.failAll();
    expect(await failed).toBeNull();
    expect(cache.peek(7)).toBeUndefined();
    expect(await cache.load(7)).toBeNull();
    expect(api.calls).toHaveLength(1);
    clock.now = 15_000;
    const retried = cache.load(7);
    expect(api.calls).toHaveLength(2);
    api.answerAll();
    expect((await retried)?.count).toBe(4);
  });

  it('bounds the reads running at once and the contacts remembered', async () => {
    const api = new ScriptedTickets(tickets);
    const cache = new OpenTicketsCache(api, { maxInFlight: 2, maxEntries: 2 });
    const running = [cache.load(1), cache.load(2)];
    expect(await cache.load(3)).toBeNull();
    expect(api.calls.map((c) => c.contactId)).toEqual([1, 2]);
    api.answerAll();
    await Promise.all(running);
    const third = cache.load(3);
    api.answerAll();
    await third;
    // Three contacts read, two remembered: the oldest went.
    expect(cache.peek(1)).toBeUndefined();
    expect(cache.peek(2)).toBeDefined();
    expect(cache.peek(3)).toBeDefined();
  });
});

describe('ticket lines', () => {
  const view = {
    count: 4,
    countIsExact: false,
    latest: [
      { id: 5, clientId: 1, reference: 'TCK-5', subject: 'x'.repeat(80), status: 'New', priority: 'Low', createdAt: null },
      { id: 4, clientId: 1, reference: 'TCK-4', subject: '  ', status: 'On Hold', priority: 'Low', createdAt: null },
    ],
  };

  it('labels each ticket "reference · subject · status" with its ITFlow link', () => {
    const summary = ticketSummary(view, (t) => (t.id === 5 ? `https://itflow.example/agent/ticket.php?ticket_id=${t.id}` : null));
    expect(summary.latest[0]).toEqual({ label: `TCK-5 · ${'x'.repeat(59)}… · New`, url: 'https://itflow.example/agent/ticket.php?ticket_id=5' });
    expect(summary.latest[1]).toEqual({ label: 'TCK-4 · (no subject) · On Hold', url: '' });
  });

  it('titles the section with the count, "at least" when not every ticket was looked at', () => {
    expect(ticketsTitle(ticketSummary(view, () => null))).toBe('Open tickets: 4+');
    expect(ticketsTitle({ count: 2, countIsExact: true, latest: [] })).toBe('Open tickets: 2');
    expect(ticketsTitle({ count: 0, countIsExact: true, latest: [] })).toBe('No open tickets');
    expect(ticketsTitle({ count: 0, countIsExact: false, latest: [] })).toBe('No recent open tickets');
    expect(ticketsTitle(null)).toBe('');
    expect(ticketsTitle(undefined)).toBe('');
  });
});
