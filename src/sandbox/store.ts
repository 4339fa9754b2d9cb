import Database from 'better-sqlite3';
import { ApiKeyStore } from './api-key-store';
import { type AccessLevel, type ApiKey, type ClientScope, scopeParams } from './api-keys';
import { type ContactChanges, ContactUpdater } from './contact-update';
import { collationKey, mysqlDateTime } from './php';
import { arrayToApiRow, toDbRecord } from './rows';
import {
  CLIENT_COLUMNS,
  CONTACT_COLUMNS,
  type ClientRow,
  type ContactColumn,
  type ContactRow,
  type DbRecord,
  LOCATION_COLUMNS,
  type LocationRow,
  type NewClient,
  type NewContact,
  type NewLocation,
  SCHEMA_SQL,
  SCHEMA_VERSION,
} from './schema';
import { insertValues, prepareStatements } from './statements';
import { type SyntheticInsertOptions, type SyntheticInsertResult, insertSyntheticContacts } from './synthetic-insert';

/**
 * The sandbox's SQLite database (better-sqlite3: synchronous, prepared statements, WAL on disk). Methods
 * mirror the queries ITFlow runs, including their quirks; HTTP handlers decide what to call and how to answer.
 * "Scope" is the clients the key's user may reach (api-keys.ts). Tests and the benchmark use it directly
 * (getContactRow, countContacts, insertSyntheticContacts, updateContactRaw, addApiKey; `keys` for users' keys).
 */

export interface StoreOptions {
  /** SQLite file path, or null for an in-memory database. */
  file: string | null;
  /** The clock for created/updated/archived timestamps (tests may pin it). */
  now?: () => Date;
}

export interface Page {
  limit: number;
  offset: number;
}

export class SandboxStore {
  /** True when this open created the database (and it still needs seeding). */
  readonly isNew: boolean;
  /** API keys: users' access, revocation. */
  readonly keys: ApiKeyStore;
  private readonly db: Database.Database;
  private readonly clock: () => Date;
  private readonly sql: ReturnType<typeof prepareStatements>;
  private readonly updater: ContactUpdater;

  private constructor(db: Database.Database, isNew: boolean, clock: () => Date) {
    this.db = db;
    this.isNew = isNew;
    this.clock = clock;
    this.sql = prepareStatements(db);
    this.keys = new ApiKeyStore(db, () => this.timestamp());
    this.updater = new ContactUpdater(db, () => this.timestamp());
  }

  static open(options: StoreOptions): SandboxStore {
    const db = new Database(options.file ?? ':memory:');
    db.pragma('busy_timeout = 5000');
    if (options.file !== null) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('cache_size = -65536');
    }
    db.function('collation_key', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? collationKey(value) : value));
    const version = Number(db.pragma('user_version', { simple: true }));
    const isNew = version === 0;
    if (isNew) {
      db.transaction(() => {
        for (const statement of SCHEMA_SQL) db.exec(statement);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
      })();
    } else if (version !== SCHEMA_VERSION) {
      db.close();
      throw new Error(`sandbox database has schema version ${version}, expected ${SCHEMA_VERSION}; delete the file to start over`);
    }
    return new SandboxStore(db, isNew, options.now ?? (() => new Date()));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** The connection, for a server flavor that keeps its own tables and statements next to these (src/sandbox/legacy). */
  get connection(): Database.Database {
    return this.db;
  }

  /** "Now" as MySQL's NOW() would write it. */
  timestamp(): string {
    return mysqlDateTime(this.clock());
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  // ---- contacts: what the API reads ----

  /** The raw row, exactly as read.php would return it, regardless of any key's scope. */
  getContactRow(id: number): ContactRow | null {
    const raw: unknown = this.sql.contactRow.get(id);
    return raw === undefined ? null : arrayToApiRow(CONTACT_COLUMNS, raw);
  }

  countContacts(): number {
    return Number(this.sql.countContacts.get());
  }

  countClients(): number {
    return Number(this.sql.countClients.get());
  }

  contactById(id: number, scope: ClientScope): ContactRow[] {
    return this.contactRows(this.sql.contactById.all({ id, ...scopeParams(scope) }));
  }

  contactsByEmail(email: string, scope: ClientScope): ContactRow[] {
    return this.contactRows(this.sql.contactsByEmail.all({ key: collationKey(email), ...scopeParams(scope) }));
  }

  contactByPhoneOrMobile(value: string, scope: ClientScope): ContactRow[] {
    return this.contactRows(this.sql.contactByPhoneOrMobile.all({ value, ...scopeParams(scope) }));
  }

  contactsPage(scope: ClientScope, page: Page): ContactRow[] {
    return this.contactRows(this.sql.contactsPage.all({ ...scopeParams(scope), ...page }));
  }

  private contactRows(raws: unknown[]): ContactRow[] {
    return raws.map((raw) => arrayToApiRow(CONTACT_COLUMNS, raw));
  }

  // ---- contacts: what the API writes ----

  contactInClient(id: number, clientId: number): DbRecord<ContactColumn> | null {
    const raw: unknown = this.sql.contactInClient.get({ id, client: clientId });
    return raw === undefined ? null : toDbRecord(CONTACT_COLUMNS, raw);
  }

  emailExistsInClient(email: string, clientId: number): boolean {
    return this.sql.emailInClient.get({ key: collationKey(email), client: clientId }) !== undefined;
  }

  /** ITFlow: UPDATE contacts SET contact_primary = 0 WHERE contact_client_id = …; returns the rows changed. */
  clearPrimaryContacts(clientId: number): number {
    return this.sql.clearPrimary.run({ client: clientId, now: this.timestamp() }).changes;
  }

  insertContact(values: NewContact): number {
    return Number(this.sql.insertContact.run(insertValues(CONTACT_COLUMNS, 'contact_id', values)).lastInsertRowid);
  }

  /**
   * UPDATE … WHERE contact_id AND contact_client_id, with MySQL's semantics: only rows whose values really
   * change count, and contact_updated_at (ON UPDATE CURRENT_TIMESTAMP) moves only then.
   */
  updateContactInClient(id: number, clientId: number, changes: ContactChanges): number {
    const current = this.contactInClient(id, clientId);
    return current === null ? 0 : this.updater.apply(current, changes);
  }

  /**
   * For tests that play "someone edited this contact in ITFlow": writes the given columns directly and, like
   * MySQL's ON UPDATE, sets contact_updated_at to now when anything changed (unless given explicitly).
   */
  updateContactRaw(id: number, fields: ContactChanges): number {
    const raw: unknown = this.sql.contactRecord.get(id);
    return raw === undefined ? 0 : this.updater.apply(toDbRecord(CONTACT_COLUMNS, raw), fields);
  }

  archiveContact(id: number, clientId: number): number {
    return this.sql.archive.run({ id, client: clientId, now: this.timestamp() }).changes;
  }

  unarchiveContact(id: number, clientId: number): number {
    return this.sql.unarchive.run({ id, client: clientId, now: this.timestamp() }).changes;
  }

  deleteContact(id: number, clientId: number): number {
    return this.sql.deleteContact.run({ id, client: clientId }).changes;
  }

  // ---- locations and clients ----

  insertLocation(values: NewLocation): number {
    return Number(this.sql.insertLocation.run(insertValues(LOCATION_COLUMNS, 'location_id', values)).lastInsertRowid);
  }

  insertClient(values: NewClient): number {
    return Number(this.sql.insertClient.run(insertValues(CLIENT_COLUMNS, 'client_id', values)).lastInsertRowid);
  }

  locationById(id: number, scope: ClientScope): LocationRow[] {
    return this.sql.locationById.all({ id, ...scopeParams(scope) }).map((raw) => arrayToApiRow(LOCATION_COLUMNS, raw));
  }

  locationsPage(scope: ClientScope, page: Page): LocationRow[] {
    return this.sql.locationsPage.all({ ...scopeParams(scope), ...page }).map((raw) => arrayToApiRow(LOCATION_COLUMNS, raw));
  }

  clientsByName(name: string, scope: ClientScope): ClientRow[] {
    return this.sql.clientsByName.all({ key: collationKey(name), ...scopeParams(scope) }).map((raw) => arrayToApiRow(CLIENT_COLUMNS, raw));
  }

  clientsPage(scope: ClientScope, page: Page): ClientRow[] {
    return this.sql.clientsPage.all({ ...scopeParams(scope), ...page }).map((raw) => arrayToApiRow(CLIENT_COLUMNS, raw));
  }

  // ---- API keys ----

  /** Stores a key bound to one client (0 = all) and returns its secret; `keys.add` gives a user several clients. */
  addApiKey(key: { name: string; clientId: number; accessLevel: AccessLevel; expiresAt?: Date; secret?: string }): string {
    const { clientId, ...rest } = key;
    return this.keys.add({ ...rest, clientIds: clientId === 0 ? [] : [clientId] });
  }

  /** The named key, created on first use (so its secret survives restarts); returns its secret and client. */
  ensureApiKey(name: string, clientId: number, accessLevel: AccessLevel): { secret: string; clientId: number } {
    return this.keys.ensure(name, clientId, accessLevel);
  }

  findValidApiKey(secret: string): ApiKey | null {
    return this.keys.findValid(secret);
  }

  // ---- bulk data (synthetic-insert.ts) ----

  /** Adds n synthetic contacts (and about n/200 new clients with two locations each, or as options say) in one transaction. */
  insertSyntheticContacts(n: number, options: SyntheticInsertOptions = {}): SyntheticInsertResult {
    return insertSyntheticContacts(this, this.clock(), n, options);
  }
}
