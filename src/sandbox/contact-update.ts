import type Database from 'better-sqlite3';
import { CONTACT_COLUMNS, type ContactColumn, type DbRecord, type DbValue } from './schema';
import { INT_COLUMNS } from './statements';

/**
 * UPDATE contacts with MySQL's semantics (only real changes count; contact_updated_at moves only then), kept
 * apart from store.ts because it builds and caches its own statement per set of changed columns.
 */

export type ContactChanges = Partial<Omit<DbRecord<ContactColumn>, 'contact_id'>>;

const WRITABLE_CONTACT_COLUMNS: ReadonlySet<string> = new Set(CONTACT_COLUMNS.filter((c) => c !== 'contact_id'));

export class ContactUpdater {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly timestamp: () => string,
  ) {}

  apply(current: DbRecord<ContactColumn>, changes: ContactChanges): number {
    const values: Record<string, DbValue> = { id: current.contact_id };
    const changed: string[] = [];
    for (const [column, value] of Object.entries(changes)) {
      if (!WRITABLE_CONTACT_COLUMNS.has(column)) throw new RangeError(`not a writable contact column: ${column}`);
      if (value === undefined) continue;
      const next = INT_COLUMNS.has(column) && typeof value === 'string' ? Number(value) : value;
      if (next !== current[column as ContactColumn]) {
        changed.push(column);
        values[column] = next;
      }
    }
    if (changed.length === 0) return 0;
    const columns = [...changed];
    if (!('contact_updated_at' in changes)) {
      columns.push('contact_updated_at');
      values.contact_updated_at = this.timestamp();
    }
    return this.statementFor(columns).run(values).changes;
  }

  private statementFor(columns: readonly string[]): Database.Statement {
    const key = columns.join(',');
    let statement = this.statements.get(key);
    if (statement === undefined) {
      statement = this.db.prepare(`UPDATE contacts SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE contact_id = @id`);
      this.statements.set(key, statement);
    }
    return statement;
  }
}
