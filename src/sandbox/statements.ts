import type Database from 'better-sqlite3';
import { scopeSql } from './api-keys';
import { CLIENT_COLUMNS, CONTACT_COLUMNS, type DbValue, LOCATION_COLUMNS } from './schema';

/**
 * The store's prepared statements: one place for every SQL text the sandbox runs, each mirroring the query
 * ITFlow's PHP runs. "Scope" is the key's user's clients (api-keys.ts: scopeSql / scopeParams).
 */

// Integer columns: when a value is omitted they default to 0, text columns to NULL (as in ITFlow's schema).
export const INT_COLUMNS: ReadonlySet<string> = new Set([
  'contact_primary', 'contact_important', 'contact_billing', 'contact_technical', 'contact_location_id',
  'contact_vendor_id', 'contact_user_id', 'contact_client_id',
  'location_primary', 'location_favorite', 'location_contact_id', 'location_client_id',
  'client_lead', 'client_net_terms', 'client_favorite',
]);

/** Positional values for every column but the id, defaults filled in (bulk inserts bind faster by position). */
export function insertValues<Column extends string>(columns: readonly Column[], idColumn: Column, values: Partial<Record<Column, DbValue>>): DbValue[] {
  const out: DbValue[] = [];
  for (const column of columns) {
    if (column !== idColumn) out.push(values[column] ?? (INT_COLUMNS.has(column) ? 0 : null));
  }
  return out;
}

function insertSql(table: string, columns: readonly string[], idColumn: string): string {
  const cols = columns.filter((c) => c !== idColumn);
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;
}

const SCOPE = scopeSql('contact_client_id');

/** A raw-mode statement (rows as arrays: about twice as fast to read), checked once against the expected columns. */
function rowsOf(db: Database.Database, sql: string, columns: readonly string[]): Database.Statement {
  const statement = db.prepare(sql).raw(true);
  const actual = statement.columns().map((c) => c.name);
  if (actual.join() !== columns.join()) throw new Error(`schema drift: expected columns ${columns.join()}, got ${actual.join()}`);
  return statement;
}

export function prepareStatements(db: Database.Database) {
  return {
    contactById: rowsOf(db, `SELECT * FROM contacts WHERE contact_id = @id AND ${SCOPE}`, CONTACT_COLUMNS),
    contactsByEmail: rowsOf(db, `SELECT * FROM contacts WHERE collation_key(contact_email) = @key AND ${SCOPE} ORDER BY contact_id`, CONTACT_COLUMNS),
    // ITFlow's missing parentheses, kept on purpose: a mobile match ignores the key's client scope.
    contactByPhoneOrMobile: rowsOf(db, `SELECT * FROM contacts WHERE contact_mobile = @value OR contact_phone = @value AND ${SCOPE} LIMIT 1`, CONTACT_COLUMNS),
    contactsPage: rowsOf(db, `SELECT * FROM contacts WHERE ${SCOPE} ORDER BY contact_id LIMIT @limit OFFSET @offset`, CONTACT_COLUMNS),
    contactRow: rowsOf(db, 'SELECT * FROM contacts WHERE contact_id = ?', CONTACT_COLUMNS),
    contactRecord: db.prepare('SELECT * FROM contacts WHERE contact_id = ?'),
    contactInClient: db.prepare('SELECT * FROM contacts WHERE contact_id = @id AND contact_client_id = @client'),
    countContacts: db.prepare('SELECT count(*) AS n FROM contacts').pluck(),
    emailInClient: db.prepare('SELECT 1 FROM contacts WHERE collation_key(contact_email) = @key AND contact_client_id = @client LIMIT 1').pluck(),
    clearPrimary: db.prepare('UPDATE contacts SET contact_primary = 0, contact_updated_at = @now WHERE contact_client_id = @client AND contact_primary <> 0'),
    archive: db.prepare(
      'UPDATE contacts SET contact_important = 0, contact_billing = 0, contact_technical = 0, contact_archived_at = @now, contact_updated_at = @now ' +
        'WHERE contact_id = @id AND contact_client_id = @client AND contact_archived_at IS NULL',
    ),
    unarchive: db.prepare(
      'UPDATE contacts SET contact_archived_at = NULL, contact_updated_at = @now WHERE contact_id = @id AND contact_client_id = @client AND contact_archived_at IS NOT NULL',
    ),
    deleteContact: db.prepare('DELETE FROM contacts WHERE contact_id = @id AND contact_client_id = @client'),
    insertContact: db.prepare(insertSql('contacts', CONTACT_COLUMNS, 'contact_id')),
    insertLocation: db.prepare(insertSql('locations', LOCATION_COLUMNS, 'location_id')),
    insertClient: db.prepare(insertSql('clients', CLIENT_COLUMNS, 'client_id')),
    locationById: rowsOf(db, `SELECT * FROM locations WHERE location_id = @id AND ${scopeSql('location_client_id')}`, LOCATION_COLUMNS),
    locationsPage: rowsOf(db, `SELECT * FROM locations WHERE ${scopeSql('location_client_id')} ORDER BY location_id LIMIT @limit OFFSET @offset`, LOCATION_COLUMNS),
    clientsByName: rowsOf(db, `SELECT * FROM clients WHERE collation_key(client_name) = @key AND ${scopeSql('client_id')} ORDER BY client_id`, CLIENT_COLUMNS),
    clientsPage: rowsOf(db, `SELECT * FROM clients WHERE ${scopeSql('client_id')} ORDER BY client_id LIMIT @limit OFFSET @offset`, CLIENT_COLUMNS),
    countClients: db.prepare('SELECT count(*) AS n FROM clients').pluck(),
  };
}
