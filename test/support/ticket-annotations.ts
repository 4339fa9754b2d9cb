import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TicketStore } from '../../src/sandbox/ticket-store';
import { FIXTURE_DIR, type RecordedExchange } from './fixtures';

/**
 * The ticket creates (fixtures 90–96) carry, below the HTTP exchange, what the lab database held afterwards:
 * the new ticket's row (its random URL key shown as "<32 random chars>"), the next ticket number, or that no
 * row was added. These helpers read those annotations and hold the sandbox's database to them.
 */

export interface DatabaseAnnotation {
  /** The created ticket's id and the columns the recording shows. */
  ticket: { id: number; columns: Record<string, unknown> } | null;
  nextTicketNumber: number;
  /** Set when the recording says no row was added. */
  highestTicketId: number | null;
}

const RANDOM_KEY = '<32 random chars>';

export function databaseAnnotation(exchange: RecordedExchange): DatabaseAnnotation | null {
  const lines = readFileSync(path.join(FIXTURE_DIR, exchange.file), 'utf8').split('\n');
  let ticket: DatabaseAnnotation['ticket'] = null;
  let nextTicketNumber: number | null = null;
  let highestTicketId: number | null = null;
  lines.forEach((line, i) => {
    const row = /^# DB row of ticket (\d+) after this request/.exec(line);
    if (row !== null) ticket = { id: Number(row[1]), columns: JSON.parse((lines[i + 1] ?? '').replace(/^# /, '')) as Record<string, unknown> };
    const next = /^# settings\.config_ticket_next_number now: (\d+)/.exec(line);
    if (next !== null) nextTicketNumber = Number(next[1]);
    const none = /^# no ticket row was added: highest ticket_id is (\d+), config_ticket_next_number (\d+)/.exec(line);
    if (none !== null) {
      highestTicketId = Number(none[1]);
      nextTicketNumber = Number(none[2]);
    }
  });
  return nextTicketNumber === null ? null : { ticket, nextTicketNumber, highestTicketId };
}

/** The stored row has every recorded value (numbers and text compared as MySQL shows them), and the counters match. */
export function expectDatabaseAsAnnotated(annotation: DatabaseAnnotation, tickets: TicketStore): void {
  expect(tickets.nextTicketNumber()).toBe(annotation.nextTicketNumber);
  if (annotation.highestTicketId !== null) expect(tickets.maxTicketId()).toBe(annotation.highestTicketId);
  if (annotation.ticket === null) return;
  expect(tickets.maxTicketId()).toBe(annotation.ticket.id);
  const stored = tickets.ticketRecord(annotation.ticket.id);
  expect(stored).not.toBeNull();
  const actual: Record<string, unknown> = {};
  const expected: Record<string, unknown> = {};
  const row: Record<string, string | number | null> = stored ?? {};
  for (const [column, value] of Object.entries(annotation.ticket.columns)) {
    const got = row[column] ?? null;
    expected[column] = value;
    if (value === RANDOM_KEY) actual[column] = typeof got === 'string' && /^[A-Za-z0-9]{32}$/.test(got) ? RANDOM_KEY : got;
    else actual[column] = got === null || value === null ? got : typeof value === 'number' ? Number(got) : String(got);
  }
  expect(actual).toEqual(expected);
}
