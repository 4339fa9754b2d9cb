import type Database from 'better-sqlite3';
import { collationKey } from '../php';
import { arrayToApiRow, toDbRecord } from '../rows';
import type { DbRecord, DbValue } from '../schema';
import type { Page, SandboxStore } from '../store';
import {
  LEGACY_CLIENT_COLUMNS,
  LEGACY_CONTACT_COLUMNS,
  LEGACY_LOCATION_COLUMNS,
  PORTAL_COLUMNS,
  PORTAL_TABLE_SQL,
  type LegacyClientColumn,
  type LegacyContactColumn,
  type LegacyContactRow,
  type LegacyLocationColumn,
  type LegacyRow,
} from './schema';

/**
 * The legacy server's queries, on the sandbox's own database connection: contacts joined with their portal
 * login columns, locations and clients projected to the late-2024 columns. Read scope is legacy's
 * `LIKE '$client_id'`: a client id, or null for the `'%'` of an all-clients key. Writes go through the shared
 * store where the two generations agree (insert, delete) and through here where legacy differs (an update
 * matched on contact_id alone that also writes contact_client_id and contact_auth_method).
 */

/** null = every client (legacy's `LIKE '%'`); a number = exactly that client, 0 included. */
export type LegacyScope = number | null;

/** Everything legacy's contact UPDATE writes, already cleaned by its contact_model.php. */
export interface LegacyContactValues {
  contact_name: string;
  contact_title: string;
  contact_department: string;
  contact_email: string;
  contact_phone: string;
  contact_extension: string;
  contact_mobile: string;
  contact_notes: string;
  contact_auth_method: string;
  contact_primary: number;
  contact_important: number;
  contact_billing: number;
  contact_technical: number;
  contact_location_id: number;
  contact_client_id: number;
}

export interface PortalLogin {
  authMethod: string;
  passwordHash?: string | null;
  resetToken?: string | null;
  tokenExpire?: string | null;
}

const CONTACT_SELECT =
  `SELECT ${LEGACY_CONTACT_COLUMNS.map((c) => ((PORTAL_COLUMNS as readonly string[]).includes(c) ? portalColumn(c) : `c.${c}`)).join(', ')} ` +
  'FROM contacts c LEFT JOIN legacy_contact_portal p ON p.contact_id = c.contact_id';

function portalColumn(column: string): string {
  // A contact with no portal row reads like one created through the legacy API: auth method "", no login.
  return column === 'contact_auth_method' ? `COALESCE(p.${column}, '') AS ${column}` : `p.${column}`;
}

const scopeOf = (column: string) => `(@all = 1 OR ${column} = @client)`;
const scopeParams = (scope: LegacyScope) => ({ all: scope === null ? 1 : 0, client: scope ?? 0 });

function prepare(db: Database.Database) {
  const raw = (sql: string) => db.prepare(sql).raw(true);
  return {
    contactById: raw(`${CONTACT_SELECT} WHERE c.contact_id = @id AND ${scopeOf('c.contact_client_id')}`),
    contactsByEmail: raw(`${CONTACT_SELECT} WHERE collation_key(c.contact_email) = @key AND ${scopeOf('c.contact_client_id')} ORDER BY c.contact_id`),
    // Legacy's missing parentheses too: a mobile match ignores the key's client scope.
    contactByPhoneOrMobile: raw(`${CONTACT_SELECT} WHERE c.contact_mobile = @value OR c.contact_phone = @value AND ${scopeOf('c.contact_client_id')} LIMIT 1`),
    contactsPage: raw(`${CONTACT_SELECT} WHERE ${scopeOf('c.contact_client_id')} ORDER BY c.contact_id LIMIT @limit OFFSET @offset`),
    contactRow: raw(`${CONTACT_SELECT} WHERE c.contact_id = ?`),
    contactRecord: db.prepare(`${CONTACT_SELECT} WHERE c.contact_id = ?`),
    contactInClient: db.prepare(`${CONTACT_SELECT} WHERE c.contact_id = @id AND c.contact_client_id = @client`),
    updateContact: db.prepare(
      'UPDATE contacts SET contact_name = @contact_name, contact_title = @contact_title, contact_department = @contact_department, ' +
        'contact_email = @contact_email, contact_phone = @contact_phone, contact_extension = @contact_extension, contact_mobile = @contact_mobile, ' +
        'contact_notes = @contact_notes, contact_primary = @contact_primary, contact_important = @contact_important, contact_billing = @contact_billing, ' +
        'contact_technical = @contact_technical, contact_location_id = @contact_location_id, contact_client_id = @contact_client_id, ' +
        'contact_updated_at = @now WHERE contact_id = @id',
    ),
    setAuthMethod: db.prepare(
      'INSERT INTO legacy_contact_portal (contact_id, contact_auth_method) VALUES (@id, @auth) ' +
        'ON CONFLICT (contact_id) DO UPDATE SET contact_auth_method = excluded.contact_auth_method',
    ),
    setPortalLogin: db.prepare(
      'INSERT OR REPLACE INTO legacy_contact_portal (contact_id, contact_auth_method, contact_password_hash, contact_password_reset_token, contact_token_expire) ' +
        'VALUES (@id, @auth, @hash, @token, @expire)',
    ),
    deletePortal: db.prepare('DELETE FROM legacy_contact_portal WHERE contact_id = ?'),
    primaryContactIds: db.prepare('SELECT contact_id FROM contacts WHERE contact_primary = 1 ORDER BY contact_id').pluck(),
    locationById: raw(`SELECT ${LEGACY_LOCATION_COLUMNS.join(', ')} FROM locations WHERE location_id = @id AND ${scopeOf('location_client_id')}`),
    locationsPage: raw(`SELECT ${LEGACY_LOCATION_COLUMNS.join(', ')} FROM locations WHERE ${scopeOf('location_client_id')} ORDER BY location_id LIMIT @limit OFFSET @offset`),
    clientsByName: raw(`SELECT ${LEGACY_CLIENT_COLUMNS.join(', ')} FROM clients WHERE collation_key(client_name) = @key AND ${scopeOf('client_id')} ORDER BY client_id`),
    clientsPage: raw(`SELECT ${LEGACY_CLIENT_COLUMNS.join(', ')} FROM clients WHERE ${scopeOf('client_id')} ORDER BY client_id LIMIT @limit OFFSET @offset`),
  };
}

const WRITTEN_COLUMNS = [
  'contact_name', 'contact_title', 'contact_department', 'contact_email', 'contact_phone', 'contact_extension', 'contact_mobile',
  'contact_notes', 'contact_auth_method', 'contact_primary', 'contact_important', 'contact_billing', 'contact_technical',
  'contact_location_id', 'contact_client_id',
] as const satisfies ReadonlyArray<keyof LegacyContactValues>;

export class LegacyStore {
  private readonly sql: ReturnType<typeof prepare>;

  /** Creates the portal side table when missing; the latest tables are left as they are. */
  constructor(readonly store: SandboxStore) {
    store.connection.exec(PORTAL_TABLE_SQL);
    this.sql = prepare(store.connection);
  }

  // ---- reads, as read.php files run them ----

  contactById(id: number, scope: LegacyScope): LegacyContactRow[] {
    return this.contactRows(this.sql.contactById.all({ id, ...scopeParams(scope) }));
  }

  contactsByEmail(email: string, scope: LegacyScope): LegacyContactRow[] {
    return this.contactRows(this.sql.contactsByEmail.all({ key: collationKey(email), ...scopeParams(scope) }));
  }

  contactByPhoneOrMobile(value: string, scope: LegacyScope): LegacyContactRow[] {
    return this.contactRows(this.sql.contactByPhoneOrMobile.all({ value, ...scopeParams(scope) }));
  }

  contactsPage(scope: LegacyScope, page: Page): LegacyContactRow[] {
    return this.contactRows(this.sql.contactsPage.all({ ...scopeParams(scope), ...page }));
  }

  locationById(id: number, scope: LegacyScope): LegacyRow<LegacyLocationColumn>[] {
    return this.sql.locationById.all({ id, ...scopeParams(scope) }).map((raw) => arrayToApiRow(LEGACY_LOCATION_COLUMNS, raw));
  }

  locationsPage(scope: LegacyScope, page: Page): LegacyRow<LegacyLocationColumn>[] {
    return this.sql.locationsPage.all({ ...scopeParams(scope), ...page }).map((raw) => arrayToApiRow(LEGACY_LOCATION_COLUMNS, raw));
  }

  clientsByName(name: string, scope: LegacyScope): LegacyRow<LegacyClientColumn>[] {
    return this.sql.clientsByName.all({ key: collationKey(name), ...scopeParams(scope) }).map((raw) => arrayToApiRow(LEGACY_CLIENT_COLUMNS, raw));
  }

  clientsPage(scope: LegacyScope, page: Page): LegacyRow<LegacyClientColumn>[] {
    return this.sql.clientsPage.all({ ...scopeParams(scope), ...page }).map((raw) => arrayToApiRow(LEGACY_CLIENT_COLUMNS, raw));
  }

  /** The row exactly as the legacy read.php returns it (named keys), regardless of any key's scope; for tests. */
  contactRow(id: number): LegacyContactRow | null {
    const raw: unknown = this.sql.contactRow.get(id);
    return raw === undefined ? null : arrayToApiRow(LEGACY_CONTACT_COLUMNS, raw);
  }

  private contactRows(raws: unknown[]): LegacyContactRow[] {
    return raws.map((raw) => arrayToApiRow(LEGACY_CONTACT_COLUMNS, raw));
  }

  // ---- writes ----

  /** update.php's `SELECT * … WHERE contact_id AND contact_client_id = $client_id`. */
  contactInClient(id: number, clientId: number): DbRecord<LegacyContactColumn> | null {
    const raw: unknown = this.sql.contactInClient.get({ id, client: clientId });
    return raw === undefined ? null : toDbRecord(LEGACY_CONTACT_COLUMNS, raw);
  }

  /**
   * `UPDATE contacts SET … WHERE contact_id = $contact_id`: no client check, and contact_client_id is one of
   * the columns written. Returns MySQL's affected rows: 1 only when a value really changes (and then
   * contact_updated_at moves, ON UPDATE CURRENT_TIMESTAMP), else 0.
   */
  updateContact(id: number, values: LegacyContactValues): number {
    const raw: unknown = this.sql.contactRecord.get(id);
    if (raw === undefined) return 0;
    const current = toDbRecord(LEGACY_CONTACT_COLUMNS, raw);
    if (WRITTEN_COLUMNS.every((column) => sameValue(current[column], values[column]))) return 0;
    return this.store.transaction(() => {
      this.sql.updateContact.run({ ...values, id, now: this.store.timestamp() });
      this.sql.setAuthMethod.run({ id, auth: values.contact_auth_method });
      return 1;
    });
  }

  /** create.php's INSERT: the shared contacts row, plus the auth method it sets. Returns the new id. */
  insertContact(values: LegacyContactValues): number {
    const { contact_auth_method: auth, ...contact } = values;
    return this.store.transaction(() => {
      const id = this.store.insertContact({ ...contact, contact_created_at: this.store.timestamp() });
      if (auth !== '') this.sql.setAuthMethod.run({ id, auth });
      return id;
    });
  }

  /** delete.php: `DELETE … WHERE contact_id AND contact_client_id`; returns the rows deleted. */
  deleteContact(id: number, clientId: number): number {
    return this.store.transaction(() => {
      const deleted = this.store.deleteContact(id, clientId);
      if (deleted > 0) this.sql.deletePortal.run(id);
      return deleted;
    });
  }

  /** Gives a contact a client-portal login (what ITFlow's web UI stores); for seeds and tests. */
  setPortalLogin(id: number, login: PortalLogin): void {
    this.sql.setPortalLogin.run({
      id,
      auth: login.authMethod,
      hash: login.passwordHash ?? null,
      token: login.resetToken ?? null,
      expire: login.tokenExpire ?? null,
    });
  }

  primaryContactIds(): number[] {
    return this.sql.primaryContactIds.all().map(Number);
  }
}

/** MySQL's "did this column change": NULL differs from '', numbers compare as numbers. */
function sameValue(current: DbValue, next: string | number): boolean {
  if (current === null) return false;
  return typeof next === 'number' ? Number(current) === next : current === next;
}
