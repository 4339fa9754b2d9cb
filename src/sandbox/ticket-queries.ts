import type Database from 'better-sqlite3';
import { collationKey } from './php';
import { arrayToApiRow } from './rows';
import type { ApiRow } from './schema';
import type { Page } from './store';

/**
 * The SELECTs of tickets/read.php and assets/read.php, written once for both server generations: each
 * generation supplies its projection (the columns its tables have, in its order) and its client scope.
 * Statements run in raw mode and their column names are checked against the projection once, when prepared.
 */

export interface ReadShape {
  tickets: readonly string[];
  /** ticket_statuses columns the by-id read LEFT JOINs in. */
  statuses: readonly string[];
  assets: readonly string[];
  /** asset_interfaces columns the asset list LEFT JOINs in (the primary interface). */
  interfaces: readonly string[];
  /** Output column → stored column, where a generation named a column differently. */
  renamed?: Readonly<Record<string, string>>;
  /** SQL restricting a client column to the key's scope, with named parameters bound by the caller. */
  scope(column: string): string;
}

/** Named parameters that bind a ReadShape's scope. */
export type ScopeParams = Readonly<Record<string, number | string>>;

/** The asset lookups read.php offers besides asset_id, and the column each compares (MariaDB: case-insensitive). */
export const ASSET_FILTERS = ['asset_type', 'asset_name', 'asset_serial', 'asset_mac', 'asset_uri', 'asset_uri_2'] as const;
export type AssetFilter = (typeof ASSET_FILTERS)[number];
const FILTER_COLUMN: Record<AssetFilter, string> = {
  asset_type: 'a.asset_type',
  asset_name: 'a.asset_name',
  asset_serial: 'a.asset_serial',
  asset_mac: 'i.interface_mac',
  asset_uri: 'a.asset_uri',
  asset_uri_2: 'a.asset_uri_2',
};

export class TicketQueries {
  readonly ticketWithStatusColumns: readonly string[];
  readonly assetWithInterfaceColumns: readonly string[];
  private readonly sql: ReturnType<typeof prepare>;

  constructor(
    db: Database.Database,
    private readonly shape: ReadShape,
  ) {
    this.ticketWithStatusColumns = [...shape.tickets, ...shape.statuses];
    this.assetWithInterfaceColumns = [...shape.assets, ...shape.interfaces];
    this.sql = prepare(db, shape);
  }

  ticketsPage(scope: ScopeParams, page: Page): ApiRow<string>[] {
    return this.rows(this.shape.tickets, this.sql.ticketsPage.all({ ...scope, ...page }));
  }

  /** The ticket with its status row LEFT JOINed (no status row, e.g. a text status: the status columns are null). */
  ticketById(id: number, scope: ScopeParams): ApiRow<string>[] {
    return this.rows(this.ticketWithStatusColumns, this.sql.ticketById.all({ ...scope, id }));
  }

  /** By id: the asset alone, no interface columns. */
  assetById(id: number, scope: ScopeParams): ApiRow<string>[] {
    return this.rows(this.shape.assets, this.sql.assetById.all({ ...scope, id }));
  }

  /** The list: every asset with its primary interface LEFT JOINed (null interface columns without one). */
  assetsPage(scope: ScopeParams, page: Page): ApiRow<string>[] {
    return this.rows(this.assetWithInterfaceColumns, this.sql.assetsPage.all({ ...scope, ...page }));
  }

  /** An exact (case-insensitive) lookup; only the MAC lookup joins the interface in, as ITFlow's does. */
  assetsBy(filter: AssetFilter, value: string, scope: ScopeParams, page: Page): ApiRow<string>[] {
    const columns = filter === 'asset_mac' ? this.assetWithInterfaceColumns : this.shape.assets;
    return this.rows(columns, this.sql.assetsBy[filter].all({ ...scope, ...page, key: collationKey(value) }));
  }

  private rows(columns: readonly string[], raws: unknown[]): ApiRow<string>[] {
    return raws.map((raw) => arrayToApiRow(columns, raw));
  }
}

function prepare(db: Database.Database, shape: ReadShape) {
  const select = (alias: string, columns: readonly string[]) =>
    columns.map((c) => (shape.renamed?.[c] === undefined ? `${alias}.${c}` : `${alias}.${shape.renamed[c]} AS ${c}`)).join(', ');
  const statement = (sql: string, columns: readonly string[]) => {
    const prepared = db.prepare(sql).raw(true);
    const actual = prepared.columns().map((c) => c.name);
    if (actual.join() !== columns.join()) throw new Error(`schema drift: expected columns ${columns.join()}, got ${actual.join()}`);
    return prepared;
  };
  const paged = 'LIMIT @limit OFFSET @offset';
  const withStatus = [...shape.tickets, ...shape.statuses];
  const withInterface = [...shape.assets, ...shape.interfaces];
  const assetList = `SELECT ${select('a', shape.assets)}, ${select('i', shape.interfaces)} FROM assets a ` + 'LEFT JOIN asset_interfaces i ON i.interface_asset_id = a.asset_id AND i.interface_primary = 1';
  const assetsBy = {} as Record<AssetFilter, Database.Statement>;
  for (const filter of ASSET_FILTERS) {
    const where = `WHERE collation_key(${FILTER_COLUMN[filter]}) = @key AND ${shape.scope('a.asset_client_id')} ORDER BY a.asset_id ${paged}`;
    assetsBy[filter] =
      filter === 'asset_mac'
        ? statement(`${assetList} ${where}`, withInterface)
        : statement(`SELECT ${select('a', shape.assets)} FROM assets a ${where}`, shape.assets);
  }
  return {
    ticketsPage: statement(`SELECT ${select('t', shape.tickets)} FROM tickets t WHERE ${shape.scope('t.ticket_client_id')} ORDER BY t.ticket_id ${paged}`, shape.tickets),
    ticketById: statement(
      `SELECT ${select('t', shape.tickets)}, ${select('s', shape.statuses)} FROM tickets t ` +
        `LEFT JOIN ticket_statuses s ON t.ticket_status = s.ticket_status_id WHERE t.ticket_id = @id AND ${shape.scope('t.ticket_client_id')}`,
      withStatus,
    ),
    assetById: statement(`SELECT ${select('a', shape.assets)} FROM assets a WHERE a.asset_id = @id AND ${shape.scope('a.asset_client_id')}`, shape.assets),
    assetsPage: statement(`${assetList} WHERE ${shape.scope('a.asset_client_id')} ORDER BY a.asset_id ${paged}`, withInterface),
    assetsBy,
  };
}
