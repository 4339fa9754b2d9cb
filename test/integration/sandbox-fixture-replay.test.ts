import { loadExchanges } from '../support/fixtures';
import { databaseAnnotation, expectDatabaseAsAnnotated } from '../support/ticket-annotations';
import { expectOnlyLabKeys, expectSameAsRecorded, labelledExchanges, startLabSandbox, type LabKeys, type LabSandbox } from '../support/replay-compare';

/**
 * The acceptance test for the sandbox's faithfulness: every exchange recorded against a real ITFlow v26.08
 * server (test/fixtures/itflow/latest-NN-*.txt) is replayed, in order and against the same lab data, and the
 * sandbox must answer with the same status, Content-Type and body — byte for byte once datetime values
 * (which depend on when the data was created) are masked. Null versus non-null datetimes still count.
 */

const LAB_KEYS: LabKeys = {
  admin: '83UNjd5AZZDbult9NbkeSsIt9kmY6hLY',
  restricted: 'X9K79v0Krhhvg3b100JpYsQOyjocn3DO',
  expired: 'B4SZsn5CQwPVIfRMFossUqqNBM6tQrR9',
  invalid: 'ThisIsNotAValidKey0000000000000000',
};

const exchanges = loadExchanges('latest');
let lab: LabSandbox;

beforeAll(async () => {
  lab = await startLabSandbox('latest', LAB_KEYS);
});

afterAll(async () => {
  await lab.sandbox.close();
});

test('all 99 recorded exchanges are replayed', () => {
  expect(exchanges.map((e) => e.number)).toEqual(Array.from({ length: 99 }, (_, i) => i + 1));
});

test('the ticket creates (90–96) record the database row or counters they left, and those are checked', () => {
  expect(exchanges.filter((e) => databaseAnnotation(e) !== null).map((e) => e.number)).toEqual([90, 91, 92, 93, 94, 95, 96]);
});

test('the transcripts use exactly the keys this test maps (admin, its lower-cased form, restricted, expired, invalid)', () => {
  expectOnlyLabKeys(exchanges, LAB_KEYS);
});

describe.each(labelledExchanges(exchanges))('latest %s', (_label, exchange) => {
  test('status, Content-Type and body match the real server (and the database what the recording saw after it)', async () => {
    expectSameAsRecorded(await lab.replay(exchange), exchange);
    const annotation = databaseAnnotation(exchange);
    if (annotation !== null) expectDatabaseAsAnnotated(annotation, lab.sandbox.tickets);
  });
});
