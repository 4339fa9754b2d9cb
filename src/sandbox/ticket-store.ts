import type Database from 'better-sqlite3';
import { type ApiKey, type ClientScope, scopeOfKey, scopeParams, scopeSql } from './api-keys';
import { arrayToApiRow, toDbRecord } from './rows';
import type { ApiRow, DbRecord, DbValue } from './schema';
import type { Page, SandboxStore } from './store';
import { TicketQueries, type ScopeParams } from './ticket-queries';
import {
  ASSET_COLUMNS,
  type AssetColumn,
  DEFAULT_TICKET_STATUSES,
  INTERFACE_COLUMNS,
  type InterfaceColumn,
  LATEST_INTERFACE_COLUMNS,
  REPLY_EXTRA_COLUMNS,
  TICKET_COLUMNS,
  TICKET_INT_COLUMNS,
  TICKET_REPLY_COLUMNS,
  TICKET_STATUS_COLUMNS,
  TICKET_TABLES_SQL,
  type TicketColumn,
  type TicketReplyColumn,
} from './ticket-schema';

/**
 * Tickets, ticket replies, assets and the bits of users/settings they need, on the sandbox's own database
 * connection (the contacts store is left as it is). Reads are latest's (v26.08): the key's clients plus
 * client 0 — ITFlow's clientScopeSql keeps records that belong to no client visible to restricted users.
 * Writes are shared by both generations; the legacy flavor reads through its own projection
 * (src/sandbox/legacy/legacy-ticket-store.ts).
 */

export type NewTicket = Partial<DbRecord<Exclude<TicketColumn, 'ticket_id'>>> & { ticket_subject: string; ticket_details: string; ticket_created_at: string };
export type NewReply = Partial<DbRecord<Exclude<TicketReplyColumn, 'ticket_reply_id'>>> & { ticket_reply: string; ticket_reply_type: string; ticket_reply_created_at: string };
export type NewAsset = Partial<DbRecord<Exclude<AssetColumn, 'asset_id'>>> & { asset_type: string; asset_name: string; asset_make: string; asset_created_at: string };
export type NewInterface = Partial<DbRecord<Exclude<InterfaceColumn, 'interface_id'>>> & { interface_name: string; interface_created_at: string };

/** Latest: every client, or the user's clients and the records of no client. */
const latestScope = (column: string) => `(${column} = 0 OR ${scopeSql(column)})`;

/** Replies are hidden when archived unless asked for, and may be narrowed to one type. */
export interface ReplyFilter {
  includeArchived: boolean;
  /** Internal, Public or Client; null = all. */
  type: string | null;
}

function insertStatement(db: Database.Database, table: string, columns: readonly string[], idColumn: string) {
  const cols = columns.filter((c) => c !== idColumn);
  const statement = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
  return (values: Readonly<Partial<Record<string, DbValue>>>): number =>
    Number(statement.run(cols.map((c) => values[c] ?? (TICKET_INT_COLUMNS.has(c) ? 0 : null))).lastInsertRowid);
}

function prepare(db: Database.Database) {
  const replyColumns = [...TICKET_REPLY_COLUMNS, ...REPLY_EXTRA_COLUMNS];
  const replySelect =
    `SELECT ${TICKET_REPLY_COLUMNS.map((c) => `tr.${c}`).join(', ')}, t.ticket_prefix, t.ticket_number, t.ticket_subject, t.ticket_client_id, ` +
    'COALESCE(u.user_name, c.contact_name) AS ticket_reply_by_name FROM ticket_replies tr ' +
    'INNER JOIN tickets t ON t.ticket_id = tr.ticket_reply_ticket_id ' +
    "LEFT JOIN users u ON tr.ticket_reply_type != 'Client' AND u.user_id = tr.ticket_reply_by " +
    "LEFT JOIN contacts c ON tr.ticket_reply_type = 'Client' AND c.contact_id = tr.ticket_reply_by " +
    `WHERE ${latestScope('t.ticket_client_id')} AND (@archived = 1 OR tr.ticket_reply_archived_at IS NULL) AND (@type IS NULL OR tr.ticket_reply_type = @type)`;
  const raw = (sql: string) => db.prepare(sql).raw(true);
  return {
    replyColumns,
    replyById: raw(`${replySelect} AND tr.ticket_reply_id = @id LIMIT 1`),
    repliesOfTicket: raw(`${replySelect} AND tr.ticket_reply_ticket_id = @ticket ORDER BY tr.ticket_reply_id LIMIT @limit OFFSET @offset`),
    repliesPage: raw(`${replySelect} ORDER BY tr.ticket_reply_id LIMIT @limit OFFSET @offset`),
    ticketRecord: db.prepare('SELECT * FROM tickets WHERE ticket_id = ?'),
    maxTicketId: db.prepare('SELECT max(ticket_id) FROM tickets').pluck(),
    primaryContact: db.prepare('SELECT contact_id FROM contacts WHERE contact_client_id = ? AND contact_primary = 1 ORDER BY contact_id LIMIT 1').pluck(),
    nextNumber: db.prepare('SELECT config_ticket_prefix, config_ticket_next_number FROM settings WHERE company_id = 1'),
    bumpNumber: db.prepare('UPDATE settings SET config_ticket_next_number = config_ticket_next_number + 1 WHERE company_id = 1'),
    setNextNumber: db.prepare('UPDATE settings SET config_ticket_next_number = ? WHERE company_id = 1'),
    insertStatus: db.prepare('INSERT OR IGNORE INTO ticket_statuses (ticket_status_id, ticket_status_name, ticket_status_color, ticket_status_active) VALUES (?, ?, ?, 1)'),
    insertSettings: db.prepare("INSERT OR IGNORE INTO settings (company_id, config_ticket_prefix, config_ticket_next_number) VALUES (1, 'TCK-', 1)"),
    insertUser: db.prepare('INSERT INTO users (user_id, user_name) VALUES (?, ?)'),
    insertTicket: insertStatement(db, 'tickets', TICKET_COLUMNS, 'ticket_id'),
    insertReply: insertStatement(db, 'ticket_replies', TICKET_REPLY_COLUMNS, 'ticket_reply_id'),
    insertAsset: insertStatement(db, 'assets', ASSET_COLUMNS, 'asset_id'),
    insertInterface: insertStatement(db, 'asset_interfaces', INTERFACE_COLUMNS, 'interface_id'),
  };
}

export class TicketStore {
  /** Latest's ticket and asset reads. */
  readonly latest: TicketQueries;
  private readonly sql: ReturnType<typeof prepare>;

  /** Creates the tables when missing, with ITFlow's five built-in statuses and ticket number settings. */
  constructor(readonly store: SandboxStore) {
    const db = store.connection;
    for (const statement of TICKET_TABLES_SQL) db.exec(statement);
    this.sql = prepare(db);
    store.transaction(() => {
      for (const status of DEFAULT_TICKET_STATUSES) this.sql.insertStatus.run(status.id, status.name, status.color);
      this.sql.insertSettings.run();
    });
    this.latest = new TicketQueries(db, {
      tickets: TICKET_COLUMNS,
      statuses: TICKET_STATUS_COLUMNS,
      assets: ASSET_COLUMNS,
      interfaces: LATEST_INTERFACE_COLUMNS,
      scope: latestScope,
    });
  }

  /** The scope parameters of latest's reads for a key's user. */
  static latestScope(key: ApiKey): ScopeParams {
    return scopeParams(scopeOfKey(key));
  }

  // ---- ticket replies (latest only) ----

  replyById(id: number, scope: ClientScope, filter: ReplyFilter): ApiRow<string>[] {
    return this.replyRows(this.sql.replyById.all({ ...this.replyParams(scope, filter), id }));
  }

  repliesOfTicket(ticketId: number, scope: ClientScope, filter: ReplyFilter, page: Page): ApiRow<string>[] {
    return this.replyRows(this.sql.repliesOfTicket.all({ ...this.replyParams(scope, filter), ticket: ticketId, ...page }));
  }

  repliesPage(scope: ClientScope, filter: ReplyFilter, page: Page): ApiRow<string>[] {
    return this.replyRows(this.sql.repliesPage.all({ ...this.replyParams(scope, filter), ...page }));
  }

  private replyParams(scope: ClientScope, filter: ReplyFilter) {
    return { ...scopeParams(scope), archived: filter.includeArchived ? 1 : 0, type: filter.type };
  }

  private replyRows(raws: unknown[]): ApiRow<string>[] {
    return raws.map((raw) => arrayToApiRow(this.sql.replyColumns, raw));
  }

  // ---- writes ----

  /** create.php's "no contact given": the client's primary contact (the first, if a legacy client has two), else 0. */
  primaryContactOf(clientId: number): number {
    const id: unknown = this.sql.primaryContact.get(clientId);
    return id === undefined ? 0 : Number(id);
  }

  /** settings.config_ticket_next_number, taken and bumped in one step; with the ticket prefix. */
  takeTicketNumber(): { prefix: string; number: number } {
    return this.store.transaction(() => {
      const row = toDbRecord(['config_ticket_prefix', 'config_ticket_next_number'], this.sql.nextNumber.get());
      this.sql.bumpNumber.run();
      return { prefix: String(row.config_ticket_prefix ?? ''), number: Number(row.config_ticket_next_number) };
    });
  }

  insertTicket(values: NewTicket): number {
    return this.sql.insertTicket(values);
  }

  // ---- seeds and tests ----

  insertReply(values: NewReply): number {
    return this.sql.insertReply(values);
  }

  insertAsset(values: NewAsset): number {
    return this.sql.insertAsset(values);
  }

  insertInterface(values: NewInterface): number {
    return this.sql.insertInterface(values);
  }

  insertUser(id: number, name: string): void {
    this.sql.insertUser.run(id, name);
  }

  setNextTicketNumber(next: number): void {
    this.sql.setNextNumber.run(next);
  }

  nextTicketNumber(): number {
    return Number(toDbRecord(['config_ticket_next_number'], this.sql.nextNumber.get()).config_ticket_next_number);
  }

  /** The stored row (numbers as numbers, a legacy text status as text), regardless of any key; null when absent. */
  ticketRecord(id: number): DbRecord<TicketColumn> | null {
    const raw: unknown = this.sql.ticketRecord.get(id);
    return raw === undefined ? null : toDbRecord(TICKET_COLUMNS, raw);
  }

  maxTicketId(): number {
    return Number(this.sql.maxTicketId.get() ?? 0);
  }
}
