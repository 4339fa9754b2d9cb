import {
  clientRowSchema,
  contactRowSchema,
  describeIssues,
  envelopeSchema,
  insertResultSchema,
  isNoResourceMessage,
  locationRowSchema,
} from '../../src/itflow/schemas';
import { loadExchange, RECORDED_SALLY_JONES } from '../support/fixtures';

type Row = Record<string, string | null>;

function firstRow(file: string): Row {
  const body = JSON.parse(loadExchange(file).response.body) as { data: Row[] };
  return body.data[0]!;
}

const latestRow = firstRow('latest-03-read-by-contact_id.txt');
const legacyRow = firstRow('legacy-03-read-by-contact_id.txt');

describe('contactRowSchema', () => {
  it('normalises a latest row (named keys, country codes, no auth method)', () => {
    expect(contactRowSchema.parse(latestRow)).toEqual({
      ...RECORDED_SALLY_JONES,
      createdAt: '2026-11-27 10:55:43',
      authMethod: null,
      phoneCountryCode: '1',
      mobileCountryCode: '1',
    });
  });

  it('normalises a legacy row (every column twice, auth method, portal columns)', () => {
    expect(Object.keys(legacyRow)).toContain('0');
    expect(contactRowSchema.parse(legacyRow)).toEqual({
      ...RECORDED_SALLY_JONES,
      createdAt: '2026-11-27 10:56:10',
      authMethod: 'local',
      phoneCountryCode: null,
      mobileCountryCode: null,
    });
  });

  it('drops PIN, photo and portal password/token values', () => {
    const secrets = { contact_pin: '9876', contact_photo: 'uploads/x.png', contact_password_hash: '$2y$abc', contact_password_reset_token: 'tok123', contact_token_expire: '2031-01-01' };
    const parsed = contactRowSchema.parse({ ...legacyRow, ...secrets, '7': secrets.contact_photo, '8': secrets.contact_pin });
    const json = JSON.stringify(parsed);
    for (const value of Object.values(secrets)) expect(json).not.toContain(value);
  });

  it('reads null text columns as "" and tolerates unknown columns', () => {
    const parsed = contactRowSchema.parse({ ...latestRow, contact_title: null, contact_notes: null, contact_email: null, contact_brand_new_column: 'x' });
    expect(parsed).toMatchObject({ title: '', notes: '', email: '' });
  });

  it('reads a present but null auth method as "" and an absent one as null', () => {
    expect(contactRowSchema.parse({ ...legacyRow, contact_auth_method: null }).authMethod).toBe('');
    expect(contactRowSchema.parse({ ...legacyRow, contact_auth_method: 'azure' }).authMethod).toBe('azure');
    expect(contactRowSchema.parse(latestRow).authMethod).toBeNull();
  });

  it('reads a null location as 0 (no location)', () => {
    expect(contactRowSchema.parse({ ...latestRow, contact_location_id: null }).locationId).toBe(0);
  });

  it.each<[string, Row]>([
    ['without contact_id', withoutKey(latestRow, 'contact_id')],
    ['without contact_name', withoutKey(latestRow, 'contact_name')],
    ['without contact_client_id', withoutKey(latestRow, 'contact_client_id')],
    ['with a non-numeric id', { ...latestRow, contact_id: '6a' }],
    ['with id 0', { ...latestRow, contact_id: '0' }],
    ['with a flag of "2"', { ...latestRow, contact_primary: '2' }],
    ['with a null flag', { ...latestRow, contact_billing: null }],
  ])('rejects a row %s', (_label, row) => {
    expect(contactRowSchema.safeParse(row).success).toBe(false);
  });

  it('describes failures by column, without the values', () => {
    const result = contactRowSchema.safeParse({ ...withoutKey(latestRow, 'contact_name'), contact_id: 'secret-looking-value' });
    expect(result.success).toBe(false);
    if (result.success) return;
    const description = describeIssues(result.error);
    expect(description).toContain('contact_id');
    expect(description).toContain('contact_name');
    expect(description).not.toContain('secret-looking-value');
  });
});

describe('clientRowSchema and locationRowSchema', () => {
  it.each(['latest', 'legacy'])('read %s client rows', (version) => {
    const row = firstRow(`${version}-69-clients-read.txt`);
    expect(clientRowSchema.parse(row)).toEqual({ id: 1, name: 'Acme Corp' });
  });

  it.each(['latest', 'legacy'])('read %s location rows', (version) => {
    const row = firstRow(`${version}-67-locations-read-by-id.txt`);
    expect(locationRowSchema.parse(row)).toEqual({ id: 3, clientId: 2, name: 'Globex Campus', archivedAt: null, primary: true });
    expect(locationRowSchema.parse({ ...row, location_primary: '0' }).primary).toBe(false);
    expect(locationRowSchema.parse({ ...row, location_primary: undefined }).primary).toBe(false);
    expect(locationRowSchema.parse({ ...row, location_primary: 'yes' }).primary).toBe(false);
    expect(locationRowSchema.parse({ ...row, location_archived_at: '2026-01-02 03:04:05' }).archivedAt).toBe('2026-01-02 03:04:05');
  });

  it('rejects rows without their ids', () => {
    expect(clientRowSchema.safeParse({ client_name: 'No Id' }).success).toBe(false);
    expect(locationRowSchema.safeParse({ location_id: '1', location_name: 'No client' }).success).toBe(false);
  });
});

describe('envelope', () => {
  it('accepts the create envelope with a string count and reads its insert id', () => {
    const envelope = envelopeSchema.parse(JSON.parse(loadExchange('latest-22-create-valid.txt').response.body));
    expect(envelope.count).toBe('1');
    expect(insertResultSchema.parse(envelope.data)).toBe(11);
  });

  it('rejects an insert result without a positive insert_id', () => {
    expect(insertResultSchema.safeParse([]).success).toBe(false);
    expect(insertResultSchema.safeParse([{ insert_id: 0 }]).success).toBe(false);
    expect(insertResultSchema.safeParse([{ id: 5 }]).success).toBe(false);
  });

  it('accepts a failure without data and rejects a boolean success', () => {
    const failure = envelopeSchema.parse(JSON.parse(loadExchange('latest-08-read-nonexistent-id.txt').response.body));
    expect(failure).toMatchObject({ success: 'False' });
    expect(failure.data).toBeUndefined();
    expect(envelopeSchema.safeParse({ success: true }).success).toBe(false);
  });

  it('recognises the "No resource" message and nothing else', () => {
    const noResource = (JSON.parse(loadExchange('legacy-09-read-offset-past-end.txt').response.body) as { message: string }).message;
    expect(isNoResourceMessage(noResource)).toBe(true);
    expect(isNoResourceMessage('Auth success but insert query failed')).toBe(false);
    expect(isNoResourceMessage(undefined)).toBe(false);
  });
});

function withoutKey(row: Row, key: string): Row {
  const copy = { ...row };
  delete copy[key];
  return copy;
}
