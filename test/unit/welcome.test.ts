import { WelcomeOnce } from '../../src/bot/welcome';
import { createLogger, silentLogger } from '../../src/logger';
import { SqliteStore } from '../../src/store/sqlite-store';
import { sleep } from '../support/store-backends';

/** The welcome de-duplication, kept in the store: shared by every instance on it, and never a reason to stay silent. */

let store: SqliteStore;
beforeEach(() => {
  store = new SqliteStore({ file: null, logger: silentLogger });
});
afterEach(() => store.close());

it('welcomes a conversation once across instances on one store, and again after the window', async () => {
  const [a, b] = [new WelcomeOnce(store, silentLogger, 200), new WelcomeOnce(store, silentLogger, 200)];
  expect(await Promise.all([a.claim('19:chat'), b.claim('19:chat')])).toEqual(expect.arrayContaining([true, false]));
  expect(await b.claim('19:other')).toBe(true);
  await sleep(250);
  expect(await b.claim('19:chat')).toBe(true);
});

it('welcomes anyway, and says why in the log, when the store cannot be reached', async () => {
  const lines: string[] = [];
  const welcome = new WelcomeOnce(store, createLogger({ level: 'warn', sink: (line) => lines.push(line) }));
  await store.close();
  expect(await welcome.claim('19:chat')).toBe(true);
  expect(lines.some((line) => line.includes('welcoming anyway'))).toBe(true);
});
