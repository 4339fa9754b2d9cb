import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { loadExchanges } from '../support/fixtures';
import { expectSameAsRecorded, keySubstitution, recordedKeys, replay } from '../support/replay-compare';

/**
 * The acceptance test for the sandbox's faithfulness: every exchange recorded against a real ITFlow v26.08
 * server (test/fixtures/itflow/latest-NN-*.txt) is replayed, in order and against the same lab data, and the
 * sandbox must answer with the same status, Content-Type and body — byte for byte once datetime values
 * (which depend on when the data was created) are masked. Null versus non-null datetimes still count.
 */

const RECORDED_ADMIN_KEY = '83UNjd5AZZDbult9NbkeSsIt9kmY6hLY';
const RECORDED_RESTRICTED_KEY = 'X9K79v0Krhhvg3b100JpYsQOyjocn3DO';
const RECORDED_EXPIRED_KEY = 'B4SZsn5CQwPVIfRMFossUqqNBM6tQrR9';
const RECORDED_INVALID_KEY = 'ThisIsNotAValidKey0000000000000000';

const exchanges = loadExchanges('latest');
let sandbox: Sandbox;
let substitute: (text: string) => string;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'fixtures', dataDir: null });
  // The lab's expired key: a key that exists but whose expiry date has passed.
  const expiredKey = sandbox.store.addApiKey({ name: 'expired', clientId: 0, accessLevel: 3, expiresAt: new Date(Date.now() - 86_400_000) });
  substitute = keySubstitution(
    new Map([
      [RECORDED_ADMIN_KEY, sandbox.adminKey],
      [RECORDED_ADMIN_KEY.toLowerCase(), sandbox.adminKey.toLowerCase()],
      [RECORDED_RESTRICTED_KEY, sandbox.restrictedKey],
      [RECORDED_EXPIRED_KEY, expiredKey],
    ]),
  );
});

afterAll(async () => {
  await sandbox.close();
});

test('all 71 recorded exchanges are replayed', () => {
  expect(exchanges.map((e) => e.number)).toEqual(Array.from({ length: 71 }, (_, i) => i + 1));
});

test('the transcripts use exactly the keys this test maps (admin, its lower-cased form, restricted, expired, invalid)', () => {
  const used = new Set(exchanges.flatMap(recordedKeys));
  expect([...used].sort()).toEqual(
    [RECORDED_ADMIN_KEY, RECORDED_ADMIN_KEY.toLowerCase(), RECORDED_RESTRICTED_KEY, RECORDED_EXPIRED_KEY, RECORDED_INVALID_KEY].sort(),
  );
});

describe.each(exchanges.map((e) => [`${String(e.number).padStart(2, '0')} ${e.name}`, e] as const))('latest %s', (_label, exchange) => {
  test('status, Content-Type and body match the real server', async () => {
    expectSameAsRecorded(await replay(sandbox.url, exchange, substitute), exchange);
  });
});
