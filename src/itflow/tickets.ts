import { performance } from 'node:perf_hooks';
import { type ApiCalls, assertId, parseRows } from './api-calls';
import { ItflowProtocolError, ItflowUnavailableError } from './errors';
import { ticketRowSchema } from './ticket-schemas';
import type { ContactTickets, ContactTicketsQuery, ItflowTicketsApi, Ticket } from './ticket-types';
import type { PageRequest } from './types';

const PATH = 'api/v1/tickets/read.php';

/** Rows per page when reading a contact's tickets backwards (~1.2 KB of JSON per ticket row). */
const SCAN_PAGE = 200;
const DEFAULT_MAX_ROWS = 1_000;
/** A list said to go on past this offset, or needing more probes than this, means the server ignores offset. */
const MAX_OFFSET = 1_000_000_000;
const MAX_PROBES = 64;

/**
 * Ticket reads over tickets/read.php. ITFlow lists tickets only oldest first (ORDER BY ticket_id, LIMIT/OFFSET)
 * with no contact filter and no total count, yet the tickets that matter on a call are the newest. So
 * ticketsForContact reads the list from its end: one request around the count seen by the previous scan
 * usually returns the last page; otherwise (the first time, or after many tickets came or went) one-row
 * probes find the end, about 2·log2(count/200) of them. Then pages of 200 are read backwards until there are
 * enough matches, the first ticket is reached, or the row or time bound is hit. Cost on ITFlow: each request
 * makes MariaDB read and discard `offset` rows, so a scan is a few requests whose cost grows with the ticket
 * count: bounded, not free; callers should cache. `client_id` is not sent: latest ignores it and legacy
 * would drop a contact's tickets filed under another client.
 */
export class ItflowTickets implements ItflowTicketsApi {
  /** Tickets visible at the end of the last scan: where the next one starts looking for the end. */
  private knownCount = 0;

  constructor(private readonly calls: ApiCalls) {}

  async listTickets(page: PageRequest): Promise<Ticket[]> {
    if (!Number.isSafeInteger(page.limit) || page.limit < 1) throw new RangeError(`listTickets: limit must be a whole number ≥ 1 (got ${page.limit})`);
    if (!Number.isSafeInteger(page.offset) || page.offset < 0) throw new RangeError(`listTickets: offset must be a whole number ≥ 0 (got ${page.offset})`);
    return this.page(page.offset, page.limit, this.calls.listTimeoutMs);
  }

  async getTicket(id: number): Promise<Ticket | null> {
    assertId(id, 'getTicket: id');
    const tickets = parseRows(ticketRowSchema, await this.calls.read(PATH, { ticket_id: String(id) }), 'ticket');
    if (tickets.length === 0) return null;
    const match = tickets.find((t) => t.id === id);
    if (match === undefined) throw new ItflowProtocolError(`ITFlow answered a lookup of ticket ${id} with other tickets`);
    return match;
  }

  async ticketsForContact(contactId: number, query: ContactTicketsQuery): Promise<ContactTickets> {
    assertId(contactId, 'ticketsForContact: contactId');
    assertId(query.limit, 'ticketsForContact: limit');
    const maxRows = query.maxRows ?? DEFAULT_MAX_ROWS;
    assertId(maxRows, 'ticketsForContact: maxRows');
    const matches = query.matches ?? (() => true);
    const scan = new Scan(query.budgetMs ?? this.calls.timeoutMs, this.calls.listTimeoutMs, (offset, limit, timeoutMs) => this.page(offset, limit, timeoutMs));

    const tail = await this.readTail(scan);
    if (tail === null) return scan.result([], 0, 'end');
    this.knownCount = tail.offset + tail.rows.length;
    let { offset, rows } = tail;
    const found: Ticket[] = [];
    const seen = new Set<number>();
    let matched = 0;
    for (;;) {
      const fresh = rows.filter((t) => !seen.has(t.id));
      if (rows.length > 0 && fresh.length === 0) throw new ItflowProtocolError(`ITFlow repeated the same ticket page at offset ${offset} of GET ${PATH}`);
      for (const ticket of fresh.reverse()) {
        seen.add(ticket.id);
        if (ticket.contactId !== contactId || !matches(ticket)) continue;
        matched++;
        if (found.length < query.limit) found.push(ticket);
      }
      if (offset === 0) return scan.result(found, matched, 'end');
      if (matched >= query.limit) return scan.result(found, matched, 'limit');
      if (scan.rowsRead >= maxRows) return scan.result(found, matched, 'maxRows');
      const limit = Math.min(SCAN_PAGE, offset, maxRows - scan.rowsRead);
      offset -= limit;
      try {
        rows = await scan.rows(offset, limit);
      } catch (error) {
        // What was found so far is still the newest; the caller learns that older tickets were not read.
        if (scan.outOfTime()) return scan.result(found, matched, 'time');
        throw error;
      }
    }
  }

  /**
   * The last page of the list (up to SCAN_PAGE rows before the end, and the end itself), or null when there
   * are no tickets. When the count seen last time is known, one request around it usually finds the end;
   * otherwise (or when many tickets were added or removed since) one-row probes look for it.
   */
  private async readTail(scan: Scan): Promise<{ offset: number; rows: Ticket[] } | null> {
    let knownRow: number | null = null;
    if (this.knownCount > 0) {
      const offset = Math.max(0, this.knownCount - SCAN_PAGE);
      const window = 2 * SCAN_PAGE;
      const rows = await scan.rows(offset, window);
      if (rows.length > 0 && rows.length < window) return { offset, rows };
      if (rows.length === window) knownRow = offset + window - 1;
    }
    const { lastRow, firstMissing } = await this.findEnd(scan, knownRow);
    if (lastRow < 0) return null;
    const offset = Math.max(0, lastRow + 1 - SCAN_PAGE);
    return { offset, rows: await scan.rows(offset, firstMissing - offset) };
  }

  private async page(offset: number, limit: number, timeoutMs: number): Promise<Ticket[]> {
    const data = await this.calls.read(PATH, { limit: String(limit), offset: String(offset) }, timeoutMs);
    return parseRows(ticketRowSchema, data, 'ticket');
  }

  /**
   * The end of the list within one page: the last offset known to hold a ticket (-1: there are none) and the
   * first known to be past the end, at most SCAN_PAGE apart. Gallops from a known row (or offset 0), then bisects.
   */
  private async findEnd(scan: Scan, knownRow: number | null): Promise<{ lastRow: number; firstMissing: number }> {
    let lastRow = knownRow ?? -1;
    if (lastRow < 0 && !(await scan.probe(0))) return { lastRow: -1, firstMissing: 0 };
    lastRow = Math.max(lastRow, 0);
    let step = SCAN_PAGE;
    while (await scan.probe(lastRow + step)) {
      lastRow += step;
      step *= 2;
    }
    let firstMissing = lastRow + step;
    while (firstMissing - lastRow > SCAN_PAGE) {
      const middle = lastRow + Math.floor((firstMissing - lastRow) / 2);
      if (await scan.probe(middle)) lastRow = middle;
      else firstMissing = middle;
    }
    return { lastRow, firstMissing };
  }
}

/** One scan's clock and counters: every request gets what is left of the budget. */
class Scan {
  rowsRead = 0;
  requests = 0;
  private probes = 0;
  private readonly deadline: number;

  constructor(
    private readonly budgetMs: number,
    private readonly requestTimeoutMs: number,
    private readonly readPage: (offset: number, limit: number, timeoutMs: number) => Promise<Ticket[]>,
  ) {
    this.deadline = performance.now() + budgetMs;
  }

  outOfTime(): boolean {
    return this.deadline - performance.now() <= 0;
  }

  /** Whether a ticket exists at this offset (a one-row page, not counted as rows read). */
  async probe(offset: number): Promise<boolean> {
    if (++this.probes > MAX_PROBES || offset > MAX_OFFSET) throw new ItflowProtocolError(`ITFlow never ended the ticket list (does GET ${PATH} ignore offset?)`);
    return (await this.request(offset, 1)).length > 0;
  }

  async rows(offset: number, limit: number): Promise<Ticket[]> {
    const rows = await this.request(offset, limit);
    this.rowsRead += rows.length;
    return rows;
  }

  result(tickets: Ticket[], matched: number, stoppedBy: ContactTickets['stoppedBy']): ContactTickets {
    return { tickets, matched, stoppedBy, rowsRead: this.rowsRead, requests: this.requests };
  }

  private async request(offset: number, limit: number): Promise<Ticket[]> {
    const left = Math.round(this.deadline - performance.now());
    if (left <= 0) throw new ItflowUnavailableError(`Reading tickets from ITFlow took longer than ${this.budgetMs} ms`);
    this.requests++;
    return this.readPage(offset, limit, Math.min(left, this.requestTimeoutMs));
  }
}
