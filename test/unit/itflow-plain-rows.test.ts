import fc from 'fast-check';
import { contactRowSchema, readPlainContactRow, StringPool } from '../../src/itflow/schemas';
import { loadExchanges } from '../support/fixtures';

/**
 * readPlainContactRow is the quick path for big pages; contactRowSchema stays the definition. For every row the
 * quick path either declines (null) or returns exactly what the schema returns, and it declines every row the
 * schema rejects.
 */

function recordedContactRows(): unknown[] {
  const rows: unknown[] = [];
  for (const exchange of [...loadExchanges('latest'), ...loadExchanges('legacy')]) {
    if (!exchange.request.path.endsWith('contacts/read.php') || exchange.response.status !== 200) continue;
    const body = JSON.parse(exchange.response.body) as { data?: unknown[] };
    rows.push(...(body.data ?? []));
  }
  return rows;
}

describe('readPlainContactRow', () => {
  test('reads every recorded contact row (latest and legacy) exactly as the schema does', () => {
    const rows = recordedContactRows();
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) {
      const plain = readPlainContactRow(row, new StringPool());
      expect(plain).not.toBeNull();
      expect(plain).toEqual(contactRowSchema.parse(row));
    }
  });

  const id = fc.oneof(
    fc.integer({ min: 0, max: 10_000 }).map(String),
    fc.integer({ min: -5, max: 10_000 }),
    fc.constantFrom('', '01', '1.5', '-3', ' 7', '99999999999999999999', 1.5, Number.MAX_SAFE_INTEGER + 1, null, true),
  );
  const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(null, undefined, 0, false, ['x']));
  const flag = fc.constantFrom('0', '1', 0, 1, '2', 'true', true, null, undefined, '');
  const row = fc.record(
    {
      contact_id: id,
      contact_name: text,
      contact_client_id: id,
      contact_title: text,
      contact_department: text,
      contact_email: text,
      contact_phone: text,
      contact_extension: text,
      contact_mobile: text,
      contact_notes: text,
      contact_primary: flag,
      contact_important: flag,
      contact_billing: flag,
      contact_technical: flag,
      contact_location_id: fc.oneof(id, fc.constant(undefined)),
      contact_phone_country_code: text,
      contact_mobile_country_code: text,
      contact_auth_method: text,
      contact_created_at: text,
      contact_updated_at: text,
      contact_archived_at: text,
      0: text,
    },
    { requiredKeys: ['contact_id', 'contact_name', 'contact_client_id', 'contact_primary', 'contact_important', 'contact_billing', 'contact_technical'] },
  );

  test('agrees with the schema on arbitrary rows, valid or not', () => {
    fc.assert(
      fc.property(fc.oneof(row, fc.constantFrom(null, 'row', 7, [], [1])), (raw) => {
        const plain = readPlainContactRow(raw, new StringPool());
        const parsed = contactRowSchema.safeParse(raw);
        if (!parsed.success) expect(plain).toBeNull();
        else if (plain !== null) expect(plain).toEqual(parsed.data);
      }),
      { numRuns: 3000 },
    );
  });

  test('accepts rows built from valid values', () => {
    const valid = fc.record({
      contact_id: fc.integer({ min: 1, max: 1_000_000 }).map(String),
      contact_name: fc.string(),
      contact_client_id: fc.integer({ min: 0, max: 1000 }).map(String),
      contact_title: fc.option(fc.string(), { nil: null }),
      contact_email: fc.string(),
      contact_primary: fc.constantFrom('0', '1'),
      contact_important: fc.constantFrom('0', '1'),
      contact_billing: fc.constantFrom('0', '1'),
      contact_technical: fc.constantFrom('0', '1'),
      contact_location_id: fc.option(fc.integer({ min: 0, max: 99 }).map(String), { nil: null }),
      contact_created_at: fc.option(fc.constant('2025-01-02 03:04:05'), { nil: null }),
    });
    fc.assert(
      fc.property(valid, (raw) => {
        const plain = readPlainContactRow(raw, new StringPool());
        expect(plain).not.toBeNull();
        expect(plain).toEqual(contactRowSchema.parse(raw));
      }),
    );
  });
});

describe('StringPool', () => {
  test('gives back the same text, pooled or not (past its bounds)', () => {
    const pool = new StringPool(2, 5);
    for (const text of ['abc', 'abc', 'de', 'fgh', 'toolong', '']) expect(pool.intern(text)).toBe(text);
  });
});
