import { contactRow, locationRow, type ContactSpec, type LocationSpec } from './seed-helpers';
import type { SandboxStore } from './store';

/**
 * Demo data for `npm start`: four clients with two locations each and a few dozen contacts that exercise
 * what the bot must handle — two Sallys at different clients, apostrophes and accents, shared main lines
 * with extensions, mobiles, notes, every flag, and archived contacts.
 */

interface ClientSpec {
  name: string;
  type: string;
  website: string;
  rate: string;
  abbreviation: string;
  notes: string;
  locations: Omit<LocationSpec, 'clientId' | 'contactId'>[];
  /** Contacts; locationId here is 1 or 2, the client's first or second location. */
  contacts: Omit<ContactSpec, 'clientId'>[];
}

const CLIENTS: ClientSpec[] = [
  {
    name: 'Acme Corp', type: 'Manufacturing', website: 'acme.example', rate: '125.00', abbreviation: 'ACME', notes: 'Managed services since 2019',
    locations: [
      { name: 'Acme HQ', address: '100 Industrial Pkwy', city: 'Springfield', state: 'IL', zip: '62701', phone: '5551010100', hours: 'Mon-Fri 8-5', primary: true },
      { name: 'Acme Warehouse', address: '42 Dock Rd', city: 'Springfield', state: 'IL', zip: '62703', phone: '5551010200', hours: '24/7', primary: false },
    ],
    contacts: [
      { name: 'Sally Smith', title: 'Office Manager', email: 'sally@acme.example', phone: '5551010100', extension: '101', mobile: '5559010101', notes: 'Primary contact. Prefers email; approves purchases under $5k.', flags: 'PIB', department: 'Operations', locationId: 1 },
      { name: 'John Carter', title: 'IT Director', email: 'john.carter@acme.example', phone: '5551010100', extension: '120', mobile: '5559010102', notes: 'Escalation point for outages.', flags: 'IT', department: 'IT', locationId: 1 },
      { name: 'Priya Patel', title: 'Accounts Payable Specialist', email: 'priya.patel@acme.example', phone: '5551010100', extension: '140', mobile: '', notes: 'Send invoices to ap@acme.example as well.', flags: 'B', department: 'Finance', locationId: 1 },
      { name: "Marcus O'Brien", title: 'Network Administrator', email: 'marcus.obrien@acme.example', phone: '5551010200', extension: '210', mobile: '5559010104', notes: 'On-site at the warehouse Tue/Thu. Has the "blue" keycard.', flags: 'T', department: 'IT', locationId: 2 },
      { name: 'Linda Nguyen', title: 'Chief Executive Officer', email: 'linda.nguyen@acme.example', phone: '5551010100', extension: '100', mobile: '5559010105', notes: 'VIP - CC on all outage notices.', flags: 'I', department: 'Executive', locationId: 1 },
      { name: 'José Álvarez', title: 'Warehouse Supervisor', email: 'jose.alvarez@acme.example', phone: '5551010200', extension: '220', mobile: '5559010106', notes: 'Speaks Spanish and English. Night shift lead.', flags: '', department: 'Logistics', locationId: 2 },
      { name: 'Dana Whitfield', title: 'HR Generalist', email: 'dana.whitfield@acme.example', phone: '5551010100', extension: '150', mobile: '', notes: '', flags: '', department: 'Human Resources', locationId: 1 },
      { name: 'Aisha Rahman', title: 'Security Analyst', email: 'aisha.rahman@acme.example', phone: '5551010333', extension: '', mobile: '5559010108', notes: 'Direct line; owns the firewall change calendar.', flags: 'T', department: 'IT', locationId: 1 },
      { name: "Kevin O'Neill", title: 'Help Desk Technician', email: 'kevin.oneill@acme.example', phone: '5551010100', extension: '125', mobile: '5559010109', notes: 'Left the company in March.', flags: 'T', department: 'IT', locationId: 1, archived: true },
    ],
  },
  {
    name: 'Globex', type: 'Technology', website: 'globex.example', rate: '150.00', abbreviation: 'GLBX', notes: 'Break/fix + project work',
    locations: [
      { name: 'Globex Campus', address: '1 Cypress Creek Blvd', city: 'Cypress Creek', state: 'OR', zip: '97001', phone: '5552020100', hours: 'Mon-Fri 9-6', primary: true },
      { name: 'Globex R&D Lab', address: '7 Volcano Way', city: 'Cypress Creek', state: 'OR', zip: '97002', phone: '5552020300', hours: 'By appointment', primary: false },
    ],
    contacts: [
      { name: 'Sally Jones', title: 'Help Desk Lead', email: 'sally.jones@globex.example', phone: '5552020100', extension: '301', mobile: '5559020201', notes: 'Primary contact. Opens most tickets.', flags: 'PT', department: 'IT Support', locationId: 1 },
      { name: 'Hank Scorpio', title: 'President', email: 'hank.scorpio@globex.example', phone: '5552020100', extension: '300', mobile: '5559020202', notes: 'Only call on mobile for P1 incidents.', flags: 'I', department: 'Executive', locationId: 1 },
      { name: 'Frank Grimes', title: 'Systems Engineer', email: 'frank.grimes@globex.example', phone: '5552020300', extension: '', mobile: '5559020203', notes: 'Owns the lab VMware cluster.', flags: 'T', department: 'Engineering', locationId: 2 },
      { name: 'Maria Garcia', title: 'Controller', email: 'maria.garcia@globex.example', phone: '5552020100', extension: '320', mobile: '', notes: 'Net-30; wants PDF invoices.', flags: 'B', department: 'Finance', locationId: 1 },
      { name: 'Tom Becker', title: 'Facilities Coordinator', email: 'tom.becker@globex.example', phone: '5552020100', extension: '330', mobile: '5559020205', notes: '', flags: '', department: 'Facilities', locationId: 1 },
      { name: 'Zoë Müller', title: 'Research Scientist', email: 'zoe.muller@globex.example', phone: '5552020300', extension: '410', mobile: '5559020206', notes: 'Spends three months a year at the Zürich lab.', flags: '', department: 'Research', locationId: 2 },
      { name: 'Chen Wei', title: 'Network Engineer', email: 'chen.wei@globex.example', phone: '5552020100', extension: '340', mobile: '5559020207', notes: 'Backup on-call for the campus network.', flags: 'T', department: 'Engineering', locationId: 1 },
      { name: 'Mindy Simmons', title: 'Project Manager', email: 'mindy.simmons@globex.example', phone: '5552020100', extension: '350', mobile: '5559020208', notes: 'Contract ended.', flags: 'I', department: 'PMO', locationId: 1, archived: true },
    ],
  },
  {
    name: 'Initech', type: 'Software', website: 'initech.example', rate: '135.00', abbreviation: 'INIT', notes: 'TPS reports hosted on-prem',
    locations: [
      { name: 'Initech Austin Office', address: '4120 Freidrich Ln', city: 'Austin', state: 'TX', zip: '78744', phone: '5125550100', hours: 'Mon-Fri 8-5', primary: true },
      { name: 'Initech Data Center', address: '900 Server Row', city: 'Round Rock', state: 'TX', zip: '78664', phone: '5125550200', hours: '24/7', primary: false },
    ],
    contacts: [
      { name: 'Bill Lumbergh', title: 'Division Vice President', email: 'bill.lumbergh@initech.example', phone: '5125550100', extension: '100', mobile: '5125559001', notes: 'Approves all change requests. Yeah.', flags: 'PI', department: 'Executive', locationId: 1 },
      { name: 'Peter Gibbons', title: 'Software Engineer', email: 'peter.gibbons@initech.example', phone: '5125550100', extension: '231', mobile: '', notes: '', flags: 'T', department: 'Engineering', locationId: 1 },
      { name: 'Samir Nagheenanajar', title: 'Software Engineer', email: 'samir.n@initech.example', phone: '5125550100', extension: '232', mobile: '5125559003', notes: '', flags: 'T', department: 'Engineering', locationId: 1 },
      { name: 'Michael Bolton', title: 'Software Engineer', email: 'michael.bolton@initech.example', phone: '5125550100', extension: '233', mobile: '5125559004', notes: 'No relation to the singer.', flags: 'T', department: 'Engineering', locationId: 1 },
      { name: 'Joanna Park', title: 'Accounts Payable', email: 'joanna.park@initech.example', phone: '5125550100', extension: '140', mobile: '', notes: 'Invoices by the 25th.', flags: 'B', department: 'Finance', locationId: 1 },
      { name: 'Tom Smykowski', title: 'Customer Liaison', email: 'tom.smykowski@initech.example', phone: '5125550100', extension: '150', mobile: '5125559006', notes: 'Takes the specs from the customers to the engineers.', flags: '', department: 'Customer Service', locationId: 1 },
      { name: 'Nina Kowalski', title: 'Data Center Manager', email: 'nina.kowalski@initech.example', phone: '5125550200', extension: '10', mobile: '5125559007', notes: 'Badge access list owner.', flags: 'IT', department: 'Operations', locationId: 2 },
      { name: 'Milton Waddams', title: 'Collator', email: 'milton.waddams@initech.example', phone: '5125550100', extension: '199', mobile: '', notes: 'Moved to storage room B. Keep his red stapler.', flags: '', department: 'Operations', locationId: 1, archived: true },
    ],
  },
  {
    name: 'Umbrella Health', type: 'Healthcare', website: 'umbrellahealth.example', rate: '175.00', abbreviation: 'UMBH', notes: 'HIPAA: no PHI in tickets',
    locations: [
      { name: 'Umbrella Raccoon City Clinic', address: '12 Arklay Rd', city: 'Raccoon City', state: 'CO', zip: '80401', phone: '3035550100', hours: 'Mon-Sat 7-7', primary: true },
      { name: 'Umbrella Research Lab', address: '1 Spencer Estate Dr', city: 'Raccoon City', state: 'CO', zip: '80403', phone: '3035550200', hours: 'Mon-Fri 8-6', primary: false },
    ],
    contacts: [
      { name: 'Claire Redfield', title: 'Practice Manager', email: 'claire.redfield@umbrellahealth.example', phone: '3035550100', extension: '101', mobile: '3035559101', notes: 'Primary contact; call before any after-hours work.', flags: 'PIB', department: 'Administration', locationId: 1 },
      { name: 'Leon Kennedy', title: 'IT Coordinator', email: 'leon.kennedy@umbrellahealth.example', phone: '3035550100', extension: '120', mobile: '3035559102', notes: '', flags: 'T', department: 'IT', locationId: 1 },
      { name: 'Ada Wong', title: 'Compliance Officer', email: 'ada.wong@umbrellahealth.example', phone: '3035550100', extension: '130', mobile: '', notes: 'Signs off on BAAs and vendor access.', flags: 'I', department: 'Compliance', locationId: 1 },
      { name: 'Renée Dubois', title: 'Billing Specialist', email: 'renee.dubois@umbrellahealth.example', phone: '3035550100', extension: '140', mobile: '', notes: '', flags: 'B', department: 'Billing', locationId: 1 },
      { name: 'Siobhán Ní Bhriain', title: 'Nurse Manager', email: 'siobhan.nibhriain@umbrellahealth.example', phone: '3035550100', extension: '150', mobile: '3035559105', notes: 'Pronounced "shiv-AWN".', flags: '', department: 'Clinical', locationId: 1 },
      { name: 'Rajesh Iyer', title: 'Lab Director', email: 'rajesh.iyer@umbrellahealth.example', phone: '3035550200', extension: '200', mobile: '3035559106', notes: 'Freezer alarms go to his mobile.', flags: 'IT', department: 'Research', locationId: 2 },
      { name: "Sean D'Arcy", title: 'Facilities Technician', email: 'sean.darcy@umbrellahealth.example', phone: '3035550200', extension: '210', mobile: '3035559107', notes: '', flags: '', department: 'Facilities', locationId: 2 },
      { name: 'Ingrid Søndergaard', title: 'Receptionist', email: 'ingrid.sondergaard@umbrellahealth.example', phone: '3035550100', extension: '100', mobile: '', notes: 'Front desk; can let technicians in.', flags: '', department: 'Administration', locationId: 1 },
      // A UK number stored the way ITFlow's UI stores it: national digits with the trunk zero, country code 44.
      { name: 'Harriet Clarke', title: 'Regional IT Manager', email: 'harriet.clarke@umbrellahealth.example', phone: '02079460958', extension: '12', mobile: '07700900461', notes: 'Runs the London office.', flags: '', department: 'IT', locationId: 2, countryCode: '44' },
    ],
  },
];

/** Seeds the demo data; returns the client the restricted key is bound to (Acme Corp). */
export function seedDemo(store: SandboxStore): number {
  const now = store.timestamp();
  const clientIds = CLIENTS.map((client) => {
    const clientId = store.insertClient({
      client_name: client.name,
      client_type: client.type,
      client_website: client.website,
      client_rate: client.rate,
      client_currency_code: 'USD',
      client_net_terms: 30,
      client_abbreviation: client.abbreviation,
      client_notes: client.notes,
      client_created_at: now,
    });
    const locationIds = client.locations.map((location) => store.insertLocation(locationRow({ ...location, clientId, contactId: 0 }, now)));
    for (const contact of client.contacts) {
      store.insertContact(contactRow({ ...contact, clientId, locationId: locationIds[contact.locationId - 1] ?? 0 }, now));
    }
    return clientId;
  });
  return clientIds[0]!;
}
