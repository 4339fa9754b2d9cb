import type { NewContact, NewLocation } from './schema';

/** Compact specs for seed data, expanded to full rows the way ITFlow's web UI would have stored them. */

export interface ContactSpec {
  name: string;
  title: string;
  email: string;
  phone: string;
  extension: string;
  mobile: string;
  notes: string;
  /** Any of "P" primary, "I" important, "B" billing, "T" technical. */
  flags: string;
  department: string;
  clientId: number;
  locationId: number;
  archived?: boolean;
  /** The country code ITFlow's UI stores beside both numbers; '1' when absent. */
  countryCode?: string;
}

export function contactRow(spec: ContactSpec, now: string): NewContact {
  const archived = spec.archived === true;
  return {
    contact_name: spec.name,
    contact_title: spec.title,
    contact_email: spec.email,
    // The UI stores a country code next to each number it saves; the API never does.
    contact_phone_country_code: spec.phone === '' ? null : (spec.countryCode ?? '1'),
    contact_phone: spec.phone,
    contact_extension: spec.extension,
    contact_mobile_country_code: spec.mobile === '' ? null : (spec.countryCode ?? '1'),
    contact_mobile: spec.mobile,
    contact_notes: spec.notes,
    contact_primary: spec.flags.includes('P') ? 1 : 0,
    // Archiving clears these three, as ITFlow's archive does.
    contact_important: !archived && spec.flags.includes('I') ? 1 : 0,
    contact_billing: !archived && spec.flags.includes('B') ? 1 : 0,
    contact_technical: !archived && spec.flags.includes('T') ? 1 : 0,
    contact_created_at: now,
    contact_updated_at: archived ? now : null,
    contact_archived_at: archived ? now : null,
    contact_location_id: spec.locationId,
    contact_department: spec.department,
    contact_client_id: spec.clientId,
  };
}

export interface LocationSpec {
  name: string;
  address: string;
  city: string;
  state: string;
  zip: string;
  phone: string;
  hours: string;
  primary: boolean;
  /** The location's contact (ITFlow sets it, and with it location_updated_at, for primary locations). */
  contactId: number;
  clientId: number;
}

export function locationRow(spec: LocationSpec, now: string): NewLocation {
  return {
    location_name: spec.name,
    location_country: 'United States',
    location_address: spec.address,
    location_city: spec.city,
    location_state: spec.state,
    location_zip: spec.zip,
    location_phone_country_code: '1',
    location_phone: spec.phone,
    location_hours: spec.hours,
    location_primary: spec.primary ? 1 : 0,
    location_created_at: now,
    location_updated_at: spec.contactId === 0 ? null : now,
    location_contact_id: spec.contactId,
    location_client_id: spec.clientId,
  };
}
