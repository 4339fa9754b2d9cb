import { z } from 'zod';
import { idText, nullableText, text } from './schemas';
import type { Ticket } from './ticket-types';

/**
 * The wire shape of a ticket row, for both generations: latest's named keys, or legacy's mysqli_fetch_array
 * rows (every column also under "0", "1", …), which z.object reduces to the named keys. Only the columns a
 * Ticket needs are read; ticket_details and ticket_url_key are stripped here and go no further.
 */

const DIGITS = /^\d+$/;

/** ticket_status: a status id ("2"), or on late-2024 API-created tickets the text "Open". */
const statusValue = z.union([z.string(), z.number().int().nonnegative()]).nullish();

export const ticketRowSchema = z
  .object({
    ticket_id: idText(1),
    ticket_prefix: text,
    ticket_number: idText(0),
    ticket_subject: text,
    ticket_priority: text,
    ticket_status: statusValue,
    // Only the by-id read joins ticket_statuses; list rows have no name.
    ticket_status_name: nullableText,
    ticket_client_id: idText(0),
    ticket_contact_id: idText(0),
    ticket_assigned_to: idText(0)
      .nullish()
      .transform((v) => v ?? 0),
    ticket_source: nullableText,
    ticket_created_at: nullableText,
    ticket_updated_at: nullableText,
    ticket_resolved_at: nullableText,
    ticket_closed_at: nullableText,
    ticket_archived_at: nullableText,
  })
  .transform(
    (row): Ticket => ({
      id: row.ticket_id,
      prefix: row.ticket_prefix,
      number: row.ticket_number,
      subject: row.ticket_subject,
      priority: row.ticket_priority,
      status: statusOf(row.ticket_status, row.ticket_status_name),
      clientId: row.ticket_client_id,
      contactId: row.ticket_contact_id,
      assignedTo: row.ticket_assigned_to,
      source: row.ticket_source,
      createdAt: row.ticket_created_at,
      updatedAt: row.ticket_updated_at,
      resolvedAt: row.ticket_resolved_at,
      closedAt: row.ticket_closed_at,
      archivedAt: row.ticket_archived_at,
    }),
  );

function statusOf(value: string | number | null | undefined, joinedName: string | null): Ticket['status'] {
  if (typeof value === 'number') return { id: value, name: joinedName };
  if (value === null || value === undefined || value.trim() === '') return { id: null, name: joinedName };
  if (DIGITS.test(value) && Number.isSafeInteger(Number(value))) return { id: Number(value), name: joinedName };
  // A text status joins no ticket_statuses row: the text is the name.
  return { id: null, name: joinedName ?? value.trim() };
}
