import { ContactFeed } from '../../src/contacts/contact-feed';
import type { Contact } from '../../src/itflow/types';
import { createLogger, silentLogger } from '../../src/logger';
import { STORE_KEYS } from '../../src/store';
import { SqliteStore } from '../../src/store/sqlite-store';
import { makeContact } from '../support/contacts';
import { sleep, waitFor } from '../support/store-backends';

/**
 * The feed between instances, over the embedded store's in-process bus (the Redis bus is exercised by the
 * multi-instance integration tests): others' changes applied, its own and foreign messages ignored, announcing
 * never failing a write, subscribing retried until the store answers.
 */

class RecordingDirectory {
  readonly upserts: Contact[] = [];
  upsert(contact: Contact): void {
    this.upserts.push(contact);
  }
}

let store: SqliteStore;
const feeds: ContactFeed[] = [];

function feedOn(target: SqliteStore, directory: RecordingDirectory, options: ConstructorParameters<typeof ContactFeed>[2] = {}): ContactFeed {
  const feed = new ContactFeed(target, directory, options);
  feeds.push(feed);
  return feed;
}

beforeEach(() => {
  store = new SqliteStore({ file: null, logger: silentLogger });
});
afterEach(async () => {
  await Promise.all(feeds.splice(0).map((feed) => feed.stop()));
  await store.close();
});

it("applies another instance's contact to this directory, and not its own", async () => {
  const [here, there] = [new RecordingDirectory(), new RecordingDirectory()];
  const mine = feedOn(store, here);
  const theirs = feedOn(store, there);
  mine.start();
  theirs.start();
  await waitFor(() => mine.live() && theirs.live(), 1000, 'both feeds to subscribe');

  const sally = makeContact(7, 'Sally Smith', { email: 'sally@acme.example', notes: 'Line one\nline two' });
  await mine.announce(sally);
  await waitFor(() => there.upserts.length === 1, 1000, 'the other directory to hear it');
  expect(there.upserts).toEqual([sally]);
  await sleep(20);
  expect(here.upserts).toEqual([]);
});

it('ignores messages that are not a contact change of ours, and logs them without their content', async () => {
  const lines: string[] = [];
  const directory = new RecordingDirectory();
  const feed = feedOn(store, directory, { logger: createLogger({ level: 'warn', sink: (line) => lines.push(line) }) });
  feed.start();
  await waitFor(() => feed.live(), 1000, 'the feed to subscribe');

  const valid = { origin: 'other', contact: makeContact(3, 'Marcus') };
  for (const message of ['not json', '{"origin":"other"}', JSON.stringify({ ...valid, contact: { ...valid.contact, id: -1 } }), JSON.stringify({ ...valid, origin: 'x'.repeat(500) }), 'x'.repeat(300_000)]) {
    await store.publish(STORE_KEYS.contactChanges, message);
  }
  await store.publish(STORE_KEYS.contactChanges, JSON.stringify(valid));
  await waitFor(() => directory.upserts.length === 1, 1000, 'the one valid message');
  expect(directory.upserts).toEqual([valid.contact]);
  expect(lines.filter((line) => line.includes('not one of ours'))).toHaveLength(5);
  expect(lines.join('\n')).not.toContain('not json');
});

it('announcing with the store gone logs and returns: the write stands', async () => {
  const lines: string[] = [];
  const feed = feedOn(store, new RecordingDirectory(), { logger: createLogger({ level: 'warn', sink: (line) => lines.push(line) }) });
  await store.close();
  await expect(feed.announce(makeContact(9, 'Dana'))).resolves.toBeUndefined();
  expect(lines.some((line) => line.includes('could not announce'))).toBe(true);
});

it('keeps trying to subscribe until the store answers, and is not live meanwhile', async () => {
  const closed = new SqliteStore({ file: null, logger: silentLogger });
  await closed.close();
  let attempts = 0;
  const flaky = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'subscribe') {
        return (...args: Parameters<SqliteStore['subscribe']>) => (++attempts < 3 ? closed.subscribe(...args) : target.subscribe(...args));
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const directory = new RecordingDirectory();
  const feed = feedOn(flaky, directory, { retryMs: 10 });
  feed.start();
  expect(feed.live()).toBe(false);
  await waitFor(() => feed.live(), 2000, 'the third attempt to subscribe');
  expect(attempts).toBe(3);
  await store.publish(STORE_KEYS.contactChanges, JSON.stringify({ origin: 'other', contact: makeContact(4, 'Priya') }));
  await waitFor(() => directory.upserts.length === 1, 1000, 'the change after subscribing');
});
