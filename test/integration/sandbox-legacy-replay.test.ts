import type { Sandbox } from '../../src/sandbox/sandbox';
import type { LegacyStore } from '../../src/sandbox/legacy/legacy-store';
import { loadExchanges } from '../support/fixtures';
import { databaseAnnotation, expectDatabaseAsAnnotated } from '../support/ticket-annotations';
import { expectOnlyLabKeys, expectSameAsRecorded, labelledExchanges, startLabSandbox, type LabKeys, type LabSandbox } from '../support/replay-compare';

/**
 * The legacy flavor's faithfulness: every exchange recorded against the late-2024 ITFlow server
 * (test/fixtures/itflow/legacy-NN-*.txt) is replayed in order against the same lab data, and the sandbox must
 * answer with the same status, Content-Type and body, byte for byte once datetimes are masked — the doubled
 * mysqli_fetch_array keys in their interleaved order, the auth method and portal columns, the 500s with empty
 * bodies, the 404 page for archive/unarchive, and the update that moves and blanks contacts. Afterwards the
 * database itself is checked for what those exchanges did to it. No exchange is skipped or loosened: every
 * recorded quirk is emulated exactly (what the recordings do not cover is listed in src/sandbox/README.md).
 */

const LAB_KEYS: LabKeys = {
  admin: 'oVbGpi1VvltDHdfVo2UKqoJx0NLoRoll',
  restricted: 'rM8NbAHO1lLzWLB2vTS83eXNEuAnKXTb',
  expired: '7b0DzvinqE3ISH84UzVNajJ0D1rNTA5C',
  invalid: 'ThisIsNotAValidKey0000000000000000',
};

const exchanges = loadExchanges('legacy');
let lab: LabSandbox;
let legacy: LegacyStore;

function legacyStoreOf(s: Sandbox): LegacyStore {
  if (s.legacy === null) throw new Error('not a legacy sandbox');
  return s.legacy;
}

beforeAll(async () => {
  lab = await startLabSandbox('legacy', LAB_KEYS);
  legacy = legacyStoreOf(lab.sandbox);
});

afterAll(async () => {
  await lab.sandbox.close();
});

test('all 99 recorded legacy exchanges are replayed', () => {
  expect(exchanges.map((e) => e.number)).toEqual(Array.from({ length: 99 }, (_, i) => i + 1));
});

test('the ticket creates (90–96) record the database row or counters they left, and those are checked', () => {
  expect(exchanges.filter((e) => databaseAnnotation(e) !== null).map((e) => e.number)).toEqual([90, 91, 92, 93, 94, 95, 96]);
});

test('the transcripts use exactly the keys this test maps (admin, its lower-cased form, restricted, expired, invalid)', () => {
  expectOnlyLabKeys(exchanges, LAB_KEYS);
});

test('the legacy lab data differs from latest only in its portal columns: the two primary contacts sign in locally', () => {
  const auth = (id: number) => legacy.contactRow(id)?.contact_auth_method;
  expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(auth)).toEqual(['local', '', '', '', '', 'local', '', '', '', '']);
  expect(legacy.contactRow(1)).toMatchObject({ contact_password_hash: null, contact_password_reset_token: null, contact_token_expire: null });
});

describe.each(labelledExchanges(exchanges))('legacy %s', (_label, exchange) => {
  test('status, Content-Type and body match the real server (and the database what the recording saw after it)', async () => {
    expectSameAsRecorded(await lab.replay(exchange), exchange);
    const annotation = databaseAnnotation(exchange);
    if (annotation !== null) expectDatabaseAsAnnotated(annotation, lab.sandbox.tickets);
  });
});

// Runs after the replay (jest keeps declaration order within a file): what the recorded writes did to the rows.
describe('the database after the replay', () => {
  test('an update with a wrong client_id and a location moved Marcus O\'Brien to Globex and blanked every field not sent (48)', () => {
    expect(legacy.contactRow(4)).toMatchObject({
      contact_name: "Marcus O'Brien",
      contact_client_id: '2',
      contact_location_id: '3',
      contact_title: '',
      contact_email: '',
      contact_phone: '',
      contact_mobile: '',
      contact_notes: '',
      contact_department: '',
      contact_technical: '0',
    });
  });

  test('an update without client_id moved Frank Grimes to client 0 (50), a restricted key moved Hank Scorpio into its own client (52)', () => {
    expect(legacy.contactRow(8)).toMatchObject({ contact_client_id: '0', contact_email: '', contact_location_id: '4' });
    expect(legacy.contactRow(7)).toMatchObject({ contact_client_id: '1', contact_email: '', contact_location_id: '1' });
  });

  test('the failed writes changed nothing: partial update of an apostrophe row (43), wrong client without location (46)', () => {
    expect(legacy.contactRow(1)).toMatchObject({ contact_name: 'Sally Smith', contact_client_id: '1', contact_auth_method: 'local', contact_title: 'Office Manager' });
  });

  test('setting a primary left the other primary in place: Acme has two (54)', () => {
    expect([1, 5].map((id) => legacy.contactRow(id)?.contact_primary)).toEqual(['1', '1']);
  });

  test('a client-bound key created "in Globex" landed in its own client (32), and the full update wrote the auth method (35)', () => {
    expect(legacy.contactRow(14)).toMatchObject({ contact_name: 'Rita Was Here', contact_client_id: '1' });
    expect(legacy.contactRow(2)?.contact_auth_method).toBe('azure');
  });
});
