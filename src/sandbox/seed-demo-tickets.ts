import { ALL_CLIENTS, randomString } from './api-keys';
import { mysqlDateTime } from './php';
import { ticketRow, type TicketSpec } from './seed-tickets';
import type { SandboxStore } from './store';
import type { TicketStore } from './ticket-store';

/**
 * Demo tickets for `npm start`: a few open ones (New, Open, On Hold) for demo contacts at each client, plus
 * resolved and closed ones that an "open tickets" view must leave out. Dates are relative to the sandbox's
 * clock; contacts are found by email, so the ids follow whatever seedDemo inserted.
 */

interface DemoTicket extends Pick<TicketSpec, 'source' | 'subject' | 'details' | 'priority' | 'status'> {
  email: string;
  /** How long ago it was opened. */
  hoursAgo: number;
  /** Resolved (status 4) or closed (status 5) this long after it was opened. */
  doneAfterHours?: number;
}

const DEMO_TICKETS: DemoTicket[] = [
  { email: 'sally@acme.example', source: 'Email', subject: 'Outlook keeps asking for password', details: '<p>Outlook prompts for my password every few minutes.</p>', priority: 'Medium', status: 2, hoursAgo: 50 },
  { email: 'sally@acme.example', source: 'Phone', subject: 'Docking station does not detect monitors', details: '<p>Both monitors stay black since the Windows update.</p>', priority: 'Low', status: 1, hoursAgo: 3 },
  { email: 'sally@acme.example', source: 'Email', subject: 'Printer jam on 2nd floor', details: '<p>The 2nd floor printer jams on every duplex job.</p>', priority: 'Low', status: 4, hoursAgo: 240, doneAfterHours: 48 },
  { email: 'marcus.obrien@acme.example', source: 'Phone', subject: 'Warehouse Wi-Fi drops every afternoon', details: '<p>Scanners lose Wi-Fi between 2 and 4 pm. Waiting on the ISP.</p>', priority: 'High', status: 3, hoursAgo: 170 },
  { email: 'sally.jones@globex.example', source: 'Email', subject: 'Laptop battery swelling', details: '<p>The battery is bulging; replacement ordered.</p>', priority: 'High', status: 3, hoursAgo: 120 },
  { email: 'sally.jones@globex.example', source: 'Portal', subject: 'Cannot access the shared drive', details: '<p>The S: drive shows as disconnected for the whole team.</p>', priority: 'High', status: 2, hoursAgo: 26 },
  { email: 'sally.jones@globex.example', source: 'Email', subject: 'Password reset', details: '<p>Locked out after too many attempts.</p>', priority: 'Low', status: 5, hoursAgo: 480, doneAfterHours: 1 },
  { email: 'bill.lumbergh@initech.example', source: 'Email', subject: 'TPS report template is missing the new cover sheet', details: '<p>Yeah, if you could go ahead and fix that, that would be great.</p>', priority: 'Medium', status: 2, hoursAgo: 22 },
  { email: 'claire.redfield@umbrellahealth.example', source: 'Phone', subject: 'After-hours access for the clinic server upgrade', details: '<p>Please confirm the maintenance window with the practice manager.</p>', priority: 'High', status: 1, hoursAgo: 6 },
];

/** "YYYY-MM-DD HH:MM:SS" (local time, as the sandbox writes it) moved back by some hours. */
function hoursBefore(timestamp: string, hours: number): string {
  const [date = '', time = ''] = timestamp.split(' ');
  const [y = 0, mo = 1, d = 1] = date.split('-').map(Number);
  const [h = 0, mi = 0, s = 0] = time.split(':').map(Number);
  return mysqlDateTime(new Date(y, mo - 1, d, h - hours, mi, s));
}

export function seedDemoTickets(store: SandboxStore, tickets: TicketStore): void {
  const now = store.timestamp();
  tickets.insertUser(1, 'Sandbox Admin');
  // Oldest first, so ticket ids and numbers grow with the creation date as in a real ITFlow.
  const ordered = [...DEMO_TICKETS].sort((a, b) => b.hoursAgo - a.hoursAgo);
  ordered.forEach((demo, i) => {
    const contact = store.contactsByEmail(demo.email, ALL_CLIENTS)[0];
    if (contact === undefined) throw new Error(`demo ticket for an unknown contact: ${demo.email}`);
    const created = hoursBefore(now, demo.hoursAgo);
    const done = demo.doneAfterHours === undefined ? undefined : hoursBefore(now, demo.hoursAgo - demo.doneAfterHours);
    const spec: TicketSpec = {
      ...demo,
      billable: 1,
      client: Number(contact.contact_client_id),
      contact: Number(contact.contact_id),
      location: Number(contact.contact_location_id),
      asset: 0,
      createdBy: 1,
      assignedTo: 1,
      created,
      updated: done ?? hoursBefore(now, Math.max(0, demo.hoursAgo - 1)),
      firstResponse: hoursBefore(now, Math.max(0, demo.hoursAgo - 1)),
      resolved: done,
      closed: demo.status === 5 ? done : undefined,
    };
    tickets.insertTicket(ticketRow(spec, i + 1, randomString(32)));
  });
  tickets.setNextTicketNumber(ordered.length + 1);
}
