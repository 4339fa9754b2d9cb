import type { ApiRow, DbRecord, DbValue } from './schema';

/**
 * Turns what better-sqlite3 hands back (typed `unknown`) into the sandbox's row types, checking each value,
 * so nothing untyped leaks past the database boundary.
 */

function asObject(raw: unknown): Readonly<Record<string, unknown>> {
  if (typeof raw !== 'object' || raw === null) throw new TypeError('database returned a non-row');
  return raw as Readonly<Record<string, unknown>>;
}

function dbValue(value: unknown, column: string): DbValue {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new TypeError(`unexpected ${typeof value} in column ${column}`);
}

/**
 * The row as mysqli would return it (numbers become strings, NULL stays null), from a raw-mode statement's
 * array in column order, which better-sqlite3 produces about twice as fast as objects.
 */
export function arrayToApiRow<Column extends string>(columns: readonly Column[], raw: unknown): ApiRow<Column> {
  if (!Array.isArray(raw) || raw.length !== columns.length) throw new TypeError('database returned a row of the wrong shape');
  const row = {} as ApiRow<Column>;
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    const value = dbValue(raw[i], column);
    row[column] = value === null ? null : typeof value === 'string' ? value : String(value);
  }
  return row;
}

export function toDbRecord<Column extends string>(columns: readonly Column[], raw: unknown): DbRecord<Column> {
  const source = asObject(raw);
  const record = {} as DbRecord<Column>;
  for (const column of columns) record[column] = dbValue(source[column], column);
  return record;
}
