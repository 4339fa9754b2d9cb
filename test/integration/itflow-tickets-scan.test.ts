import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { isOpenTicket, openTicketsQuery } from '../../src/contacts/tickets';
import { ItflowClient } from '../../src/itflow/client';
import { ItflowUnavailableError } from '../../src/itflow/errors';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';

/**
 * ItflowClient's "a contact's tickets, newest first" against the sandbox (both generations) holding thousands
 * of tickets: the answer matches the database, and the number of requests and rows read stays bounded.
 */

const TICKETS = 5_000;
const CONTACTS = 50;

interface Planted {
  id: number;
  contactId: number;
  clientId: number;
  status: number;
}

/** Tickets from…from+n-1: contacts 1–49 in turn, contact 50 only among the first 300; client 1 or 2 by contact; statuses New…Closed in turn. */
function plant(sandbox: Sandbox, n: number, from = 1): Planted[] {
  const planted: Planted[] = [];
  sandbox.store.transaction(() => {
    for (let i = from; i < from + n; i++) {
      const finalContact = i <= 300 && i % 10 === 0 ? CONTACTS : (i % (CONTACTS - 1)) + 1;
      const status = (i % 5) + 1;
      const clientId = (finalContact % 2) + 1;
      const done = status >= 4 ? '2026-01-02 00:00:00' : null;
      const id = sandbox.tickets.insertTicket({
        ticket_prefix: 'TCK-',
        ticket_number: i,
        ticket_subject: `Ticket ${i}`,
        ticket_details: 'details',
        ticket_status: status,
        ticket_client_id: clientId,
        ticket_contact_id: finalContact,
        ticket_created_at: '2026-01-01 00:00:00',
        ticket_resolved_at: done,
        ticket_closed_at: status === 5 ? done : null,
      });
      planted.push({ id, contactId: finalContact, clientId, status });
    }
  });
  return planted;
}

const openOf = (planted: Planted[], contactId: number) => planted.filter((t) => t.contactId === contactId && t.status <= 3).map((t) => t.id).reverse();

describe.each(['latest', 'legacy'] as const)('ticketsForContact against a %s sandbox with 5,000 tickets', (flavor) => {
  let sandbox: Sandbox;
  let planted: Planted[];
  const clients: ItflowClient[] = [];
  const newClient = (apiKey = sandbox.adminKey) => {
    const client = new ItflowClient({ baseUrl: sandbox.url, apiKey, readRetries: 0, timeoutMs: 10_000 });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'none', flavor });
    planted = plant(sandbox, TICKETS);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await sandbox.close();
  });

  test('the newest open tickets of a contact, exactly as in the database; a cold scan needs few requests, a warm one a single request', async () => {
    const client = newClient();
    const cold = await client.tickets.ticketsForContact(7, openTicketsQuery(3));
    expect(cold.tickets.map((t) => t.id)).toEqual(openOf(planted, 7).slice(0, 3));
    expect(cold.tickets.every(isOpenTicket)).toBe(true);
    expect(cold.stoppedBy).toBe('limit');
    // 2·log2(5000/200) probes at most, then the last page.
    expect(cold.requests).toBeLessThanOrEqual(12);
    expect(cold.rowsRead).toBeLessThanOrEqual(400);

    const warm = await client.tickets.ticketsForContact(8, openTicketsQuery(1));
    expect(warm.tickets.map((t) => t.id)).toEqual(openOf(planted, 8).slice(0, 1));
    expect(warm.requests).toBe(1);
  });

  test('reading to the first ticket gives the full count; the row bound stops earlier and says so', async () => {
    const client = newClient();
    const all = await client.tickets.ticketsForContact(CONTACTS, { ...openTicketsQuery(1000), maxRows: TICKETS });
    expect(all.stoppedBy).toBe('end');
    expect(all.tickets.map((t) => t.id)).toEqual(openOf(planted, CONTACTS));
    expect(all.matched).toBe(openOf(planted, CONTACTS).length);
    expect(all.rowsRead).toBe(TICKETS);

    // Contact 50's tickets are all among the oldest 300: a 1,000-row bound never reaches them.
    const bounded = await client.tickets.ticketsForContact(CONTACTS, openTicketsQuery(5));
    expect(bounded).toMatchObject({ tickets: [], matched: 0, stoppedBy: 'maxRows', rowsRead: 1000 });
    expect(bounded.requests).toBeLessThanOrEqual(6);
  });

  test('tickets added since the last scan are found: a few through the warm request, many through new probes', async () => {
    const client = newClient();
    await client.tickets.ticketsForContact(3, openTicketsQuery(1));
    const few = plant(sandbox, 150, TICKETS + 1);
    planted.push(...few);
    const afterFew = await client.tickets.ticketsForContact(3, openTicketsQuery(2));
    expect(afterFew.tickets.map((t) => t.id)).toEqual(openOf(planted, 3).slice(0, 2));
    expect(afterFew.requests).toBe(1);

    const many = plant(sandbox, 1_000, TICKETS + 151);
    planted.push(...many);
    const afterMany = await client.tickets.ticketsForContact(3, openTicketsQuery(2));
    expect(afterMany.tickets.map((t) => t.id)).toEqual(openOf(planted, 3).slice(0, 2));
    expect(afterMany.tickets[0]!.id).toBeGreaterThan(TICKETS + 151);
  });

  test("a restricted key's scan sees only its client's tickets", async () => {
    const client = newClient(sandbox.restrictedKey);
    const ofOtherClient = await client.tickets.ticketsForContact(7, openTicketsQuery(3));
    expect(planted.find((t) => t.contactId === 7)?.clientId).not.toBe(sandbox.restrictedClientId);
    expect(ofOtherClient).toMatchObject({ tickets: [], stoppedBy: 'maxRows' });
    const own = await client.tickets.ticketsForContact(8, openTicketsQuery(2));
    expect(own.tickets.map((t) => t.id)).toEqual(openOf(planted, 8).slice(0, 2));
  });
});

describe('the late-2024 text status', () => {
  test('a ticket created through the legacy API ("Open" as text) is found as open, named "Open"', async () => {
    const sandbox = await startSandbox({ seed: 'fixtures', flavor: 'legacy' });
    const client = new ItflowClient({ baseUrl: sandbox.url, apiKey: sandbox.adminKey, readRetries: 0 });
    try {
      const created = await fetch(`${sandbox.url}/api/v1/tickets/create.php`, {
        method: 'POST',
        body: JSON.stringify({ api_key: sandbox.adminKey, client_id: 2, ticket_subject: 'Monitor flickers' }),
      });
      expect(created.status).toBe(200);
      const found = await client.tickets.ticketsForContact(6, openTicketsQuery(5));
      expect(found.stoppedBy).toBe('end');
      expect(found.tickets.map((t) => [t.id, t.status])).toEqual([
        [13, { id: null, name: 'Open' }],
        [7, { id: 3, name: null }],
        [5, { id: 2, name: null }],
        [3, { id: 1, name: null }],
      ]);
      expect((await client.tickets.getTicket(13))?.status).toEqual({ id: null, name: 'Open' });
    } finally {
      await client.close();
      await sandbox.close();
    }
  });
});

describe('a slow ITFlow', () => {
  let sandbox: Sandbox;
  let proxy: Server;
  let delayFrom = Number.POSITIVE_INFINITY;
  let seen = 0;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'none' });
    plant(sandbox, 2_000);
    // Forwards GETs to the sandbox, holding every request after the first `delayFrom` for 3 s.
    proxy = createServer((req, res) => {
      seen++;
      void (async () => {
        if (seen > delayFrom) await sleep(3_000, undefined, { ref: false });
        const upstream = await fetch(`${sandbox.url}${req.url ?? '/'}`);
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' });
        res.end(await upstream.text());
      })().catch(() => res.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
    await sandbox.close();
  });

  const client = () => new ItflowClient({ baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, apiKey: sandbox.adminKey, readRetries: 0 });

  test('the scan keeps what it found when the time budget runs out mid-way, and says older tickets were not read', async () => {
    const itflow = client();
    // A first scan learns where the list ends; then only the request for the last page answers in time.
    delayFrom = Number.POSITIVE_INFINITY;
    await itflow.tickets.ticketsForContact(4, { limit: 1 });
    delayFrom = seen + 1;
    const started = performance.now();
    const found = await itflow.tickets.ticketsForContact(4, { limit: 500, matches: isOpenTicket, budgetMs: 700 });
    // Well under the 3 s the held request would take.
    expect(performance.now() - started).toBeLessThan(2_500);
    expect(found.stoppedBy).toBe('time');
    expect(found.tickets.length).toBeGreaterThan(0);
    expect(found.tickets.map((t) => t.id)).toEqual([...found.tickets.map((t) => t.id)].sort((a, b) => b - a));
    await itflow.close();
  });

  test('when nothing answers in time, the scan fails as unavailable within its budget', async () => {
    delayFrom = seen;
    const itflow = client();
    const started = performance.now();
    await expect(itflow.tickets.ticketsForContact(4, { limit: 5, budgetMs: 400 })).rejects.toBeInstanceOf(ItflowUnavailableError);
    expect(performance.now() - started).toBeLessThan(2_500);
    await itflow.close();
  });
});
