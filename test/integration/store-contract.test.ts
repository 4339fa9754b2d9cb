import { runOnce, StillPendingError } from '../../src/store/run-once';
import { type Lease, type Store, StoreUnavailableError } from '../../src/store/store';
import { Inbox, RedisBackend, sleep, SqliteBackend, type StoreBackend } from '../support/store-backends';

/**
 * The store contract, run against both implementations. Two store objects on one namespace stand for two bot
 * instances (or one instance before and after a restart). Expiry is checked with short real time-to-lives.
 */
const backends: StoreBackend[] = [new SqliteBackend(), new RedisBackend()];

describe.each(backends)('store contract: $name', (backend) => {
  let a: Store;
  let b: Store;
  let open: () => Promise<Store>;

  beforeAll(() => backend.setup());
  afterAll(() => backend.teardown());
  beforeEach(async () => {
    ({ open } = backend.fresh());
    [a, b] = await Promise.all([open(), open()]);
  });
  afterEach(() => backend.closeAll());

  describe('locks', () => {
    it('are exclusive across instances until released', async () => {
      const lease = (await a.acquire('contact:8', 5000, 0))!;
      expect(lease).toMatchObject({ key: 'contact:8' });
      expect(await b.acquire('contact:8', 5000, 0)).toBeNull();
      expect(await a.acquire('contact:8', 5000, 0)).toBeNull();
      expect(await b.acquire('contact:9', 5000, 0)).not.toBeNull();
      expect(await lease.release()).toBe(true);
      expect(await lease.release()).toBe(false);
      expect(await b.acquire('contact:8', 5000, 0)).not.toBeNull();
    });

    it('let exactly one of many simultaneous callers in', async () => {
      const attempts = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).acquire('race', 5000, 0));
      const leases = (await Promise.all(attempts)).filter((l): l is Lease => l !== null);
      expect(leases).toHaveLength(1);
    });

    it('wait for a holder to release, and the next fence is higher', async () => {
      const first = (await a.acquire('k', 5000, 0))!;
      const waiting = b.acquire('k', 3000, 3000);
      await sleep(150);
      await first.release();
      const second = (await waiting)!;
      expect(second).not.toBeNull();
      expect(second.fence).toBeGreaterThan(first.fence);
      expect(second.token).not.toBe(first.token);
    });

    it('give up after waitMs while the holder keeps it', async () => {
      await a.acquire('k', 5000, 0);
      const started = Date.now();
      expect(await b.acquire('k', 5000, 200)).toBeNull();
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    });

    it('expire after their time-to-live; the old holder can then neither release nor extend', async () => {
      const stale = (await a.acquire('k', 150, 0))!;
      await sleep(300);
      const fresh = (await b.acquire('k', 5000, 0))!;
      expect(fresh).not.toBeNull();
      expect(fresh.fence).toBeGreaterThan(stale.fence);
      expect(await stale.release()).toBe(false);
      expect(await stale.extend(5000)).toBe(false);
      expect(await a.acquire('k', 5000, 0)).toBeNull();
      expect(await fresh.release()).toBe(true);
    });

    it('can be extended by their holder', async () => {
      const lease = (await a.acquire('k', 200, 0))!;
      expect(await lease.extend(3000)).toBe(true);
      await sleep(350);
      expect(await b.acquire('k', 5000, 0)).toBeNull();
      expect(await lease.release()).toBe(true);
    });

    it('hand out ever-increasing fences across keys, instances and restarts', async () => {
      const fences: number[] = [];
      for (const [store, key] of [[a, 'x'], [b, 'y'], [a, 'z']] as const) {
        const lease = (await store.acquire(key, 5000, 0))!;
        fences.push(lease.fence);
        await lease.release();
      }
      await a.close();
      const restarted = await open();
      fences.push((await restarted.acquire('x', 5000, 0))!.fence);
      expect(fences).toEqual([...fences].sort((p, q) => p - q));
      expect(new Set(fences).size).toBe(fences.length);
    });

    it('reject a non-positive time-to-live', async () => {
      await expect(a.acquire('k', 0, 0)).rejects.toThrow(RangeError);
      await expect(a.acquire('k', 100, -1)).rejects.toThrow(RangeError);
      await expect(a.markOnce('k', 1.5)).rejects.toThrow(RangeError);
    });
  });

  describe('idempotency', () => {
    it('claims once; others see pending, then the recorded result', async () => {
      const first = await a.claim('add:form-1', 5000);
      expect(first.state).toBe('claimed');
      expect(await b.claim('add:form-1', 5000)).toEqual({ state: 'pending' });
      await a.complete('add:form-1', '{"contactId":42}', 60_000);
      expect(await b.claim('add:form-1', 5000)).toEqual({ state: 'done', value: '{"contactId":42}' });
      expect(await a.claim('add:form-1', 5000)).toEqual({ state: 'done', value: '{"contactId":42}' });
    });

    it('gives exactly one of many simultaneous claimers the work', async () => {
      const outcomes = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claim('c', 5000)));
      expect(outcomes.filter((o) => o.state === 'claimed')).toHaveLength(1);
      expect(outcomes.filter((o) => o.state === 'pending')).toHaveLength(19);
    });

    it('abandon frees only its own pending claim, never a result', async () => {
      const claimed = await a.claim('c', 5000);
      if (claimed.state !== 'claimed') throw new Error('expected to claim');
      expect(await b.abandon('c', 'someone-else')).toBe(false);
      expect(await b.claim('c', 5000)).toEqual({ state: 'pending' });
      expect(await a.abandon('c', claimed.token)).toBe(true);
      const again = await b.claim('c', 5000);
      expect(again.state).toBe('claimed');
      await b.complete('c', 'result', 60_000);
      expect(await b.abandon('c', again.state === 'claimed' ? again.token : '')).toBe(false);
      expect(await a.claim('c', 5000)).toEqual({ state: 'done', value: 'result' });
    });

    it('frees a pending claim after its time-to-live (the claimer crashed) and forgets results after theirs', async () => {
      await a.claim('crashed', 150);
      await a.claim('finished', 5000);
      await a.complete('finished', 'v', 150);
      await sleep(300);
      expect((await b.claim('crashed', 5000)).state).toBe('claimed');
      expect((await b.claim('finished', 5000)).state).toBe('claimed');
    });

    it('runOnce runs the work once for simultaneous callers on two instances and answers both with its result', async () => {
      let runs = 0;
      const work = async () => {
        runs++;
        await sleep(200);
        return 'contact-77';
      };
      const options = { pendingTtlMs: 5000, resultTtlMs: 60_000, waitMs: 3000 };
      const [first, second] = await Promise.all([runOnce(a, 'f', options, work), runOnce(b, 'f', options, work)]);
      expect(runs).toBe(1);
      expect([first.value, second.value]).toEqual(['contact-77', 'contact-77']);
      expect([first.ranHere, second.ranHere].sort()).toEqual([false, true]);
      expect(await runOnce(b, 'f', options, work)).toEqual({ value: 'contact-77', ranHere: false });
      expect(runs).toBe(1);
    });

    it('runOnce lets a later call retry after the work failed, and says when the first is still running', async () => {
      const options = { pendingTtlMs: 5000, resultTtlMs: 60_000, waitMs: 100 };
      await expect(runOnce(a, 'f', options, async () => Promise.reject(new Error('ITFlow down')))).rejects.toThrow('ITFlow down');
      expect(await runOnce(b, 'f', options, async () => 'second try')).toEqual({ value: 'second try', ranHere: true });
      const slow = runOnce(a, 'g', options, () => sleep(400).then(() => 'slow'));
      await sleep(50);
      await expect(runOnce(b, 'g', options, async () => 'duplicate')).rejects.toThrow(StillPendingError);
      expect((await slow).value).toBe('slow');
    });
  });

  describe('once-markers', () => {
    it('are true once per key across instances, and again after their time-to-live', async () => {
      expect(await a.markOnce('welcome:u1', 200)).toBe(true);
      expect(await b.markOnce('welcome:u1', 200)).toBe(false);
      expect(await a.markOnce('welcome:u2', 200)).toBe(true);
      const simultaneous = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).markOnce('m', 5000)));
      expect(simultaneous.filter(Boolean)).toHaveLength(1);
      await sleep(350);
      expect(await b.markOnce('welcome:u1', 200)).toBe(true);
    });
  });

  describe('hashes', () => {
    it('store, overwrite, list and delete fields, shared between instances', async () => {
      expect(await a.hashGet('extensions', '201')).toBeUndefined();
      expect(await a.hashGetAll('extensions')).toEqual(new Map());
      await a.hashSet('extensions', '201', 'user-a');
      await a.hashSet('extensions', '202', 'user-b');
      await b.hashSet('extensions', '201', 'user-c');
      await b.hashSet('references', '201', '{"conversation":{"id":"x"}}');
      expect(await b.hashGet('extensions', '201')).toBe('user-c');
      expect(await a.hashGetAll('extensions')).toEqual(new Map([['201', 'user-c'], ['202', 'user-b']]));
      expect(await b.hashDelete('extensions', '201')).toBe(true);
      expect(await b.hashDelete('extensions', '201')).toBe(false);
      expect(await a.hashGetAll('extensions')).toEqual(new Map([['202', 'user-b']]));
      expect(await a.hashGet('references', '201')).toBe('{"conversation":{"id":"x"}}');
    });

    it('keep any string exactly, including empty, unicode and prototype-like names', async () => {
      const values = ['', 'Zoë 🚀 "quoted" \\ \n line', 'x'.repeat(100_000)];
      for (const [i, value] of values.entries()) await a.hashSet('odd', `__proto__${i}`, value);
      await a.hashSet('odd', '__proto__', 'plain');
      const all = await b.hashGetAll('odd');
      expect([...all.values()].sort()).toEqual([...values, 'plain'].sort());
      expect(all.get('__proto__')).toBe('plain');
    });
  });

  describe('pub/sub', () => {
    it('delivers to every subscriber on the channel, including the publisher, and stops after unsubscribe', async () => {
      const [inboxA, inboxB, other] = [new Inbox(), new Inbox(), new Inbox()];
      const stopA = await a.subscribe('directory', inboxA.push);
      await b.subscribe('directory', inboxB.push);
      await b.subscribe('elsewhere', other.push);
      await b.publish('directory', 'contact:42');
      expect(await inboxA.waitFor(1)).toEqual(['contact:42']);
      expect(await inboxB.waitFor(1)).toEqual(['contact:42']);
      await stopA();
      await a.publish('directory', 'contact:43');
      expect(await inboxB.waitFor(2)).toEqual(['contact:42', 'contact:43']);
      expect(inboxA.messages).toEqual(['contact:42']);
      expect(other.messages).toEqual([]);
    });

    it('keeps delivering to other handlers when one throws', async () => {
      const inbox = new Inbox();
      await a.subscribe('c', () => {
        throw new Error('bad handler');
      });
      await a.subscribe('c', inbox.push);
      await b.publish('c', 'still delivered');
      expect(await inbox.waitFor(1)).toEqual(['still delivered']);
    });
  });

  it('keeps its state across a restart (a new store object on the same data)', async () => {
    const lease = (await a.acquire('held', 60_000, 0))!;
    await a.complete('done', 'v', 60_000);
    await a.claim('pending', 60_000);
    await a.markOnce('welcomed', 60_000);
    await a.hashSet('keys', 'user', 'ciphertext');
    await Promise.all([a.close(), b.close()]);
    expect(a.health()).toBe('down');
    await expect(a.hashGet('keys', 'user')).rejects.toThrow(StoreUnavailableError);
    const restarted = await open();
    expect(restarted.health()).toBe('up');
    expect(await restarted.acquire('held', 1000, 0)).toBeNull();
    expect((await restarted.acquire('other', 1000, 0))!.fence).toBeGreaterThan(lease.fence);
    expect(await restarted.claim('done', 1000)).toEqual({ state: 'done', value: 'v' });
    expect(await restarted.claim('pending', 1000)).toEqual({ state: 'pending' });
    expect(await restarted.markOnce('welcomed', 1000)).toBe(false);
    expect(await restarted.hashGet('keys', 'user')).toBe('ciphertext');
  });
});
