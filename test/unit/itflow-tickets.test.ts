import { ItflowClient } from '../../src/itflow/client';
import { ItflowAuthError, ItflowProtocolError } from '../../src/itflow/errors';
import { ticketSchema, type Ticket } from '../../src/itflow/ticket-types';
import { loadExchanges, type RecordedExchange } from '../support/fixtures';
import { jsonResponse, recordedKey, replaySuite, type SentRequest } from '../support/itflow-replay';

/**
 * The ticket operations of ItflowClient against the answers real ITFlow servers gave (exchanges 72–81, latest
 * and legacy), replayed on loopback: what the client sends, and what it makes of the rows.
 */

type Row = Record<string, string | null>;

const replay = replaySuite();

function clientFor(exchange: RecordedExchange): ItflowClient {
  const client = replay.track(new ItflowClient({ baseUrl: replay.server.baseUrl, apiKey: recordedKey(exchange), readRetries: 0, timeoutMs: 5000 }));
  return client;
}

const rowsOf = (exchange: RecordedExchange): Row[] => (JSON.parse(exchange.response.body) as { data?: Row[] }).data ?? [];

function onlyRequest(): SentRequest {
  expect(replay.server.requests).toHaveLength(1);
  return replay.server.requests[0]!;
}

const sorted = (params: URLSearchParams) => [...params.entries()].sort(([a], [b]) => a.localeCompare(b));

/** Each ticket carries its row's values, and only the Ticket fields (no details, no URL key). */
function expectTicketsFromRows(tickets: Ticket[], rows: Row[]): void {
  expect(tickets.map((t) => t.id)).toEqual(rows.map((r) => Number(r.ticket_id)));
  tickets.forEach((ticket, i) => {
    const row = rows[i]!;
    expect(Object.keys(ticket).sort()).toEqual(Object.keys(ticketSchema.shape).sort());
    expect(ticketSchema.safeParse(ticket).success).toBe(true);
    expect(ticket).toEqual({
      id: Number(row.ticket_id),
      prefix: row.ticket_prefix,
      number: Number(row.ticket_number),
      subject: row.ticket_subject,
      priority: row.ticket_priority,
      status: { id: Number(row.ticket_status), name: row.ticket_status_name ?? null },
      clientId: Number(row.ticket_client_id),
      contactId: Number(row.ticket_contact_id),
      assignedTo: Number(row.ticket_assigned_to),
      source: row.ticket_source,
      createdAt: row.ticket_created_at,
      updatedAt: row.ticket_updated_at,
      resolvedAt: row.ticket_resolved_at,
      closedAt: row.ticket_closed_at,
      archivedAt: row.ticket_archived_at,
    });
    const serialised = JSON.stringify(ticket);
    expect(serialised).not.toContain('LabUrlKey');
    expect(serialised).not.toContain('<p>');
  });
}

describe.each(['latest', 'legacy'] as const)('ticket reads against a replayed %s server', (version) => {
  const exchanges = loadExchanges(version);
  const ex = (n: number): RecordedExchange => {
    const found = exchanges.find((e) => e.number === n);
    if (found === undefined) throw new Error(`no ${version} exchange #${n}`);
    return found;
  };

  test('lists tickets with an explicit limit and offset (72: all twelve, no status names on list rows)', async () => {
    replay.server.script(ex(72).response);
    const tickets = await clientFor(ex(72)).tickets.listTickets({ limit: 50, offset: 0 });
    const sent = onlyRequest();
    expect([sent.method, sent.path]).toEqual(['GET', '/api/v1/tickets/read.php']);
    expect(sorted(sent.query)).toEqual(sorted(new URLSearchParams({ api_key: recordedKey(ex(72)), limit: '50', offset: '0' })));
    expectTicketsFromRows(tickets, rowsOf(ex(72)));
    expect(tickets.every((t) => t.status.name === null)).toBe(true);
  });

  test('sends the recorded paging exactly (73: limit 3, offset 2)', async () => {
    replay.server.script(ex(73).response);
    const tickets = await clientFor(ex(73)).tickets.listTickets({ limit: 3, offset: 2 });
    expect(sorted(onlyRequest().query)).toEqual(sorted(ex(73).request.query));
    expect(tickets.map((t) => t.id)).toEqual([3, 4, 5]);
  });

  test('a page past the end is empty (78)', async () => {
    replay.server.script(ex(78).response);
    expect(await clientFor(ex(78)).tickets.listTickets({ limit: 50, offset: 50 })).toEqual([]);
  });

  test('reads a ticket by id with its status name (74: Open; 75: Closed, resolved and closed)', async () => {
    replay.server.script(ex(74).response);
    const open = await clientFor(ex(74)).tickets.getTicket(5);
    expect(sorted(onlyRequest().query)).toEqual(sorted(ex(74).request.query));
    expectTicketsFromRows([open!], rowsOf(ex(74)));
    expect(open?.status).toEqual({ id: 2, name: 'Open' });

    replay.server.script(ex(75).response);
    const closed = await clientFor(ex(75)).tickets.getTicket(8);
    expect(closed).toMatchObject({ status: { id: 5, name: 'Closed' }, contactId: 5, clientId: 1 });
    expect(closed?.resolvedAt).not.toBeNull();
    expect(closed?.closedAt).not.toBeNull();
  });

  test("a ticket that does not exist (76), or is another client's for a restricted key (80), is null", async () => {
    replay.server.script(ex(76).response);
    expect(await clientFor(ex(76)).tickets.getTicket(9999)).toBeNull();
    replay.server.script(ex(80).response);
    expect(await clientFor(ex(80)).tickets.getTicket(5)).toBeNull();
    replay.server.script(ex(81).response);
    expect((await clientFor(ex(81)).tickets.getTicket(1))?.subject).toBe('Outlook keeps asking for password');
  });

  test("scans a contact's tickets newest first: a probe finds the list, one page holds it all (72's rows)", async () => {
    const client = clientFor(ex(72));
    const page = ex(72).response;
    const one = { ...page, body: JSON.stringify({ success: 'True', count: 1, data: [rowsOf(ex(72))[0]] }) };
    replay.server.script(one, ex(78).response, page);
    const found = await client.tickets.ticketsForContact(6, { limit: 10, matches: (t) => t.status.id !== 4 && t.status.id !== 5 });
    expect(found).toEqual(expect.objectContaining({ matched: 3, stoppedBy: 'end', rowsRead: 12, requests: 3 }));
    expect(found.tickets.map((t) => t.id)).toEqual([7, 5, 3]);
    expect(replay.server.requests.map((r) => [r.query.get('limit'), r.query.get('offset')])).toEqual([
      ['1', '0'],
      ['1', '200'],
      ['200', '0'],
    ]);
    expect(replay.server.requests.every((r) => !r.query.has('client_id'))).toBe(true);

    // The next scan knows the count: one request around it is the whole answer.
    replay.server.script(page);
    const again = await client.tickets.ticketsForContact(1, { limit: 10 });
    expect(again).toEqual(expect.objectContaining({ matched: 3, stoppedBy: 'end', requests: 1 }));
    expect(again.tickets.map((t) => t.id)).toEqual([6, 2, 1]);
    expect([replay.server.requests[0]?.query.get('limit'), replay.server.requests[0]?.query.get('offset')]).toEqual(['400', '0']);
  });
});

describe('what the client refuses', () => {
  const recorded = loadExchanges('latest').find((e) => e.number === 72)!;

  test('rows of the wrong shape are a protocol error, naming the field but not its value', async () => {
    const bad = rowsOf(recorded).map((row, i) => (i === 3 ? { ...row, ticket_id: 'Robert"); DROP' } : row));
    replay.server.script(jsonResponse(JSON.stringify({ success: 'True', count: 12, data: bad })));
    const error = await clientFor(recorded).tickets.listTickets({ limit: 50, offset: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ItflowProtocolError);
    expect((error as Error).message).toMatch(/3\.ticket_id/);
    expect((error as Error).message).not.toContain('DROP');
  });

  test('an answer to a by-id read naming another ticket is a protocol error', async () => {
    replay.server.script(jsonResponse(JSON.stringify({ success: 'True', count: 1, data: [rowsOf(recorded)[0]] })));
    await expect(clientFor(recorded).tickets.getTicket(2)).rejects.toBeInstanceOf(ItflowProtocolError);
  });

  test('a server that ignores offset cannot make a scan loop: it fails as a protocol error after a bounded number of requests', async () => {
    const full = jsonResponse(JSON.stringify({ success: 'True', count: 1, data: [rowsOf(recorded)[0]] }));
    replay.server.script(...Array.from({ length: 100 }, () => full));
    await expect(clientFor(recorded).tickets.ticketsForContact(1, { limit: 5, budgetMs: 10_000 })).rejects.toBeInstanceOf(ItflowProtocolError);
    expect(replay.server.requests.length).toBeLessThanOrEqual(25);
  });

  test('a rejected key is an auth error; bad arguments never reach the server', async () => {
    const wrongKey = loadExchanges('latest').find((e) => e.number === 13)!;
    replay.server.script(wrongKey.response);
    await expect(clientFor(recorded).tickets.getTicket(1)).rejects.toBeInstanceOf(ItflowAuthError);
    replay.server.script();
    const client = clientFor(recorded);
    await expect(client.tickets.getTicket(0)).rejects.toThrow(RangeError);
    await expect(client.tickets.listTickets({ limit: 0, offset: 0 })).rejects.toThrow(RangeError);
    await expect(client.tickets.listTickets({ limit: 5, offset: -1 })).rejects.toThrow(RangeError);
    await expect(client.tickets.ticketsForContact(-3, { limit: 1 })).rejects.toThrow(RangeError);
    await expect(client.tickets.ticketsForContact(1, { limit: 1, maxRows: 0 })).rejects.toThrow(RangeError);
    expect(replay.server.requests).toHaveLength(0);
  });
});
