import {
  isOpenTicket,
  newestFirst,
  openTicketsFromScan,
  openTicketsQuery,
  openTicketsView,
  ticketReference,
  ticketStatusName,
  ticketView,
} from '../../src/contacts/tickets';
import { ticketRowSchema } from '../../src/itflow/ticket-schemas';
import type { ContactTickets, Ticket } from '../../src/itflow/ticket-types';
import { loadExchange } from '../support/fixtures';

/** Which tickets are open and how a card lists them: pure rules, checked on the recorded lab tickets and edge cases. */

function recordedTickets(file: string): Ticket[] {
  const body = JSON.parse(loadExchange(file).response.body) as { data: unknown[] };
  return body.data.map((row) => ticketRowSchema.parse(row));
}

const lab = recordedTickets('latest-72-tickets-read-all-default.txt');
const labLegacy = recordedTickets('legacy-72-tickets-read-all-default.txt');

function ticket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: 1,
    prefix: 'TCK-',
    number: 1,
    subject: 'Subject',
    priority: 'Low',
    status: { id: 2, name: null },
    clientId: 1,
    contactId: 1,
    assignedTo: 0,
    source: null,
    createdAt: '2026-11-01 10:00:00',
    updatedAt: null,
    resolvedAt: null,
    closedAt: null,
    archivedAt: null,
    ...overrides,
  };
}

describe('isOpenTicket', () => {
  test('of the twelve lab tickets, New, Open and On Hold are open; Resolved and Closed are not (both generations alike)', () => {
    expect(lab.filter(isOpenTicket).map((t) => t.id)).toEqual([1, 2, 3, 4, 5, 7, 9, 11]);
    expect(labLegacy.filter(isOpenTicket).map((t) => t.id)).toEqual([1, 2, 3, 4, 5, 7, 9, 11]);
    expect(lab.filter((t) => !isOpenTicket(t)).map((t) => t.status.id)).toEqual([4, 5, 5, 4]);
  });

  test('the late-2024 API\'s text status "Open" is open; finished text statuses are not', () => {
    expect(isOpenTicket(ticket({ status: { id: null, name: 'Open' } }))).toBe(true);
    expect(isOpenTicket(ticket({ status: { id: null, name: 'On Hold' } }))).toBe(true);
    for (const name of ['Closed', 'resolved', 'Auto Close', 'auto-closed', '', '  ']) {
      expect([name, isOpenTicket(ticket({ status: { id: null, name } }))]).toEqual([name, false]);
    }
    expect(isOpenTicket(ticket({ status: { id: null, name: null } }))).toBe(false);
  });

  test('custom statuses (ids above 5) are open, as ITFlow counts them; status 0 is not a status', () => {
    expect(isOpenTicket(ticket({ status: { id: 6, name: 'Waiting on vendor' } }))).toBe(true);
    expect(isOpenTicket(ticket({ status: { id: 0, name: null } }))).toBe(false);
  });

  test('a resolved, closed or archived ticket is not open whatever its status says', () => {
    expect(isOpenTicket(ticket({ resolvedAt: '2026-11-02 10:00:00' }))).toBe(false);
    expect(isOpenTicket(ticket({ closedAt: '2026-11-02 10:00:00' }))).toBe(false);
    expect(isOpenTicket(ticket({ archivedAt: '2026-11-02 10:00:00' }))).toBe(false);
    expect(isOpenTicket(ticket({ status: { id: null, name: 'Open' }, resolvedAt: '2026-11-02 10:00:00' }))).toBe(false);
  });
});

describe('ordering and names', () => {
  test('newest first by creation time, then by id; undated tickets last', () => {
    const tickets = [
      ticket({ id: 1, createdAt: '2026-11-01 09:00:00' }),
      ticket({ id: 2, createdAt: null }),
      ticket({ id: 3, createdAt: '2026-11-03 09:00:00' }),
      ticket({ id: 4, createdAt: '2026-11-01 09:00:00' }),
      ticket({ id: 5, createdAt: null }),
    ];
    expect([...tickets].sort(newestFirst).map((t) => t.id)).toEqual([3, 4, 1, 5, 2]);
  });

  test("the status name is ITFlow's when sent, else the built-in one for the id", () => {
    expect(lab.map(ticketStatusName).slice(0, 4)).toEqual(['Open', 'New', 'New', 'On Hold']);
    expect(ticketStatusName(ticket({ status: { id: 2, name: 'Offen' } }))).toBe('Offen');
    expect(ticketStatusName(ticket({ status: { id: 9, name: null } }))).toBe('Status 9');
    expect(ticketStatusName(ticket({ status: { id: null, name: 'Open' } }))).toBe('Open');
    expect(ticketStatusName(ticket({ status: { id: null, name: null } }))).toBe('Unknown');
  });

  test('the reference is prefix and number, as ITFlow shows it', () => {
    expect(lab.map(ticketReference).slice(0, 3)).toEqual(['TCK-1', 'TCK-2', 'TCK-3']);
    expect(ticketReference(ticket({ prefix: '', number: 42 }))).toBe('42');
  });
});

describe('views', () => {
  test("Sally Jones's (contact 6) open tickets, newest first, the latest two shown", () => {
    const view = openTicketsView(
      lab.filter((t) => t.contactId === 6),
      { latest: 2, complete: true },
    );
    expect(view).toEqual({
      count: 3,
      countIsExact: true,
      latest: [
        { id: 7, clientId: 2, reference: 'TCK-7', subject: 'Phone not syncing work email', status: 'On Hold', priority: 'Low', createdAt: '2026-11-10 08:00:00' },
        { id: 5, clientId: 2, reference: 'TCK-5', subject: 'Laptop battery swelling', status: 'Open', priority: 'High', createdAt: '2026-11-06 09:05:00' },
      ],
    });
  });

  test('a view carries nothing but what a card shows', () => {
    expect(Object.keys(ticketView(lab[0]!)).sort()).toEqual(['clientId', 'createdAt', 'id', 'priority', 'reference', 'status', 'subject']);
  });

  test('no tickets, or a negative or fractional "latest", give an empty list without failing', () => {
    expect(openTicketsView([], { latest: 3, complete: true })).toEqual({ count: 0, countIsExact: true, latest: [] });
    expect(openTicketsView(lab, { latest: -1, complete: false }).latest).toEqual([]);
    expect(openTicketsView(lab, { latest: 1.7, complete: false }).latest.map((t) => t.id)).toEqual([11]);
  });

  test('from a scan: the scan\'s match count (exact only when it read to the end) and the latest few', () => {
    const open = lab.filter((t) => t.contactId === 6 && isOpenTicket(t)).reverse();
    const scan = (stoppedBy: ContactTickets['stoppedBy'], matched: number): ContactTickets => ({ tickets: open.slice(0, 2), matched, stoppedBy, rowsRead: 12, requests: 2 });
    expect(openTicketsFromScan(scan('end', 3), 5)).toMatchObject({ count: 3, countIsExact: true });
    const partial = openTicketsFromScan(scan('limit', 3), 1);
    expect(partial).toMatchObject({ count: 3, countIsExact: false });
    expect(partial.latest.map((t) => t.reference)).toEqual(['TCK-7']);
    expect(openTicketsQuery(4)).toEqual({ limit: 4, matches: isOpenTicket });
  });
});
