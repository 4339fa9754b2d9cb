import { contactRow, locationRow, type ContactSpec, type LocationSpec } from './seed-helpers';
import type { SandboxStore } from './store';

/**
 * Exactly the lab data the recorded exchanges (test/fixtures/itflow/latest-*.txt) were captured against:
 * clients 1 Acme Corp and 2 Globex, locations 1–4, contacts 1–10. Ids follow insertion order.
 */

const LOCATIONS: LocationSpec[] = [
  { name: 'Acme HQ', address: '100 Industrial Pkwy', city: 'Springfield', state: 'IL', zip: '62701', phone: '5551010100', hours: 'Mon-Fri 8-5', primary: true, contactId: 1, clientId: 1 },
  { name: 'Acme Warehouse', address: '42 Dock Rd', city: 'Springfield', state: 'IL', zip: '62703', phone: '5551010200', hours: '24/7', primary: false, contactId: 0, clientId: 1 },
  { name: 'Globex Campus', address: '1 Cypress Creek Blvd', city: 'Cypress Creek', state: 'OR', zip: '97001', phone: '5552020100', hours: 'Mon-Fri 9-6', primary: true, contactId: 6, clientId: 2 },
  { name: 'Globex R&D Lab', address: '7 Volcano Way', city: 'Cypress Creek', state: 'OR', zip: '97002', phone: '5552020300', hours: 'By appointment', primary: false, contactId: 0, clientId: 2 },
];

type Person = Omit<ContactSpec, 'clientId'>;
const acme = (p: Person): ContactSpec => ({ ...p, clientId: 1 });
const globex = (p: Person): ContactSpec => ({ ...p, clientId: 2 });

const CONTACTS: ContactSpec[] = [
  acme({ name: 'Sally Smith', title: 'Office Manager', email: 'sally@acme.example', phone: '5551010100', extension: '101', mobile: '5559010101', notes: 'Primary contact. Prefers email; approves purchases under $5k.', flags: 'PIB', department: 'Operations', locationId: 1 }),
  acme({ name: 'John Carter', title: 'IT Director', email: 'john.carter@acme.example', phone: '5551010100', extension: '120', mobile: '5559010102', notes: 'Escalation point for outages.', flags: 'IT', department: 'IT', locationId: 1 }),
  acme({ name: 'Priya Patel', title: 'Accounts Payable Specialist', email: 'priya.patel@acme.example', phone: '5551010100', extension: '140', mobile: '', notes: 'Send invoices to ap@acme.example as well.', flags: 'B', department: 'Finance', locationId: 1 }),
  acme({ name: "Marcus O'Brien", title: 'Network Administrator', email: 'marcus.obrien@acme.example', phone: '5551010200', extension: '210', mobile: '5559010104', notes: 'On-site at the warehouse Tue/Thu. Has the "blue" keycard.', flags: 'T', department: 'IT', locationId: 2 }),
  acme({ name: 'Linda Nguyen', title: 'Chief Executive Officer', email: 'linda.nguyen@acme.example', phone: '5551010100', extension: '100', mobile: '5559010105', notes: 'VIP - CC on all outage notices.', flags: 'I', department: 'Executive', locationId: 1 }),
  globex({ name: 'Sally Jones', title: 'Help Desk Lead', email: 'sally.jones@globex.example', phone: '5552020100', extension: '301', mobile: '5559020201', notes: 'Primary contact. Opens most tickets.', flags: 'PT', department: 'IT Support', locationId: 3 }),
  globex({ name: 'Hank Scorpio', title: 'President', email: 'hank.scorpio@globex.example', phone: '5552020100', extension: '300', mobile: '5559020202', notes: 'Only call on mobile for P1 incidents.', flags: 'I', department: 'Executive', locationId: 3 }),
  globex({ name: 'Frank Grimes', title: 'Systems Engineer', email: 'frank.grimes@globex.example', phone: '5552020300', extension: '', mobile: '5559020203', notes: 'Owns the lab VMware cluster.', flags: 'T', department: 'Engineering', locationId: 4 }),
  globex({ name: 'Maria Garcia', title: 'Controller', email: 'maria.garcia@globex.example', phone: '5552020100', extension: '320', mobile: '', notes: 'Net-30; wants PDF invoices.', flags: 'B', department: 'Finance', locationId: 3 }),
  globex({ name: 'Tom Becker', title: 'Facilities Coordinator', email: 'tom.becker@globex.example', phone: '5552020100', extension: '330', mobile: '5559020205', notes: '', flags: '', department: 'Facilities', locationId: 3 }),
];

/** Seeds the fixture data; returns the client the restricted key is bound to (Acme Corp). */
export function seedFixtures(store: SandboxStore): number {
  const now = store.timestamp();
  const base = { client_currency_code: 'USD', client_net_terms: 30, client_created_at: now };
  const acmeId = store.insertClient({ ...base, client_name: 'Acme Corp', client_type: 'Manufacturing', client_website: 'acme.example', client_rate: '125.00', client_abbreviation: 'ACME', client_notes: 'Managed services since 2019' });
  store.insertClient({ ...base, client_name: 'Globex', client_type: 'Technology', client_website: 'globex.example', client_rate: '150.00', client_abbreviation: 'GLBX', client_notes: 'Break/fix + project work' });
  for (const location of LOCATIONS) store.insertLocation(locationRow(location, now));
  for (const contact of CONTACTS) store.insertContact(contactRow(contact, now));
  return acmeId;
}
