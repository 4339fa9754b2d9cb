import type { BotHarness } from '../support/bot-harness';
import { actionTitled, inputsOf, textOf } from '../support/card-inspect';
import { addFormInput, SharedItflow, startInstances, storeHealth, storeUp } from '../support/bot-instances';
import { startRedisServer, type TestRedisServer } from '../support/redis-server';
import { contactNamed, eventually } from '../support/trust-kit';

/**
 * Redis stopped under two running instances: reads keep answering from each directory, every write that needs
 * a lock or a once-only claim is refused with a clear card and nothing reaches ITFlow, /healthz says the store
 * is down, and both instances carry on by themselves when Redis is back. Redis here needs a password, which
 * must never reach a log line.
 */

const PASSWORD = 'redis-pass-5f3a9c';
const UNREACHABLE = /shared state \(Redis\) is unreachable/;

let redis: TestRedisServer;
let itflow: SharedItflow;
let a: BotHarness;
let b: BotHarness;

beforeAll(async () => {
  redis = await startRedisServer({ password: PASSWORD });
  itflow = await SharedItflow.start();
  const env = { REDIS_URL: `redis://:${PASSWORD}@127.0.0.1:${redis.port}`, REDIS_KEY_PREFIX: 'redis-down:', ITFLOW_TIMEOUT_MS: '1000' };
  [a, b] = (await startInstances(2, itflow, env)) as [BotHarness, BotHarness];
});
afterEach(async () => {
  itflow.sandbox.faults.clear();
  if (!redis.running) await redis.start();
  await Promise.all([storeUp(a), storeUp(b)]);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await itflow?.close();
  await redis?.dispose();
  for (const h of [a, b]) {
    expect(h.logLines.some((line) => line.includes('Redis unreachable'))).toBe(true);
    expect(h.logLines.join('\n')).not.toContain(PASSWORD);
  }
});

async function storeDown(h: BotHarness): Promise<void> {
  await eventually('/healthz to report the store down', async () => (await storeHealth(h)).state === 'down', 5000);
}

it('Redis stopped: reads answer, writes are refused with nothing written, /healthz says so, and all recovers by itself', async () => {
  const sally = await contactNamed(a, 'Sally Smith');
  const editForm = await b.execute('contact.edit', { contactId: sally.id });
  const addForm = await a.ask('add contact');
  const typed = addFormInput(addForm, 'During Outage', 'during.outage@example.com');
  const row = itflow.sandbox.store.getContactRow(sally.id);
  const count = itflow.sandbox.store.countContacts();
  const writes = () => itflow.requests('POST', 'contacts/create.php') + itflow.requests('POST', 'contacts/update.php');
  const writesBefore = writes();

  await redis.stop();
  for (const h of [a, b]) {
    await storeDown(h);
    const report = await storeHealth(h);
    expect([report.status, report.kind, report.degraded]).toEqual([503, 'redis', ['store']]);
  }

  expect(textOf(await b.ask('find sally'))).toContain('Sally Smith');
  expect(textOf(await a.execute('contact.view', { contactId: sally.id }))).toContain('Sally Smith');

  const refusedAdd = await a.click(addForm, /^add/i, typed);
  expect(textOf(refusedAdd)).toMatch(UNREACHABLE);
  expect(textOf(refusedAdd)).toMatch(/Nothing was written/);
  expect(inputsOf(refusedAdd).name?.value).toBe('During Outage');
  const refusedSave = await b.click(editForm, 'Save', { title: 'Typed During Outage' });
  expect(textOf(refusedSave)).toMatch(UNREACHABLE);
  expect(inputsOf(refusedSave).title?.value).toBe('Typed During Outage');
  expect(writes()).toBe(writesBefore);
  expect(itflow.sandbox.store.countContacts()).toBe(count);
  expect(itflow.sandbox.store.getContactRow(sally.id)).toEqual(row);

  await redis.start();
  await Promise.all([storeUp(a), storeUp(b)]);
  expect((await storeHealth(a)).degraded).toEqual([]);
  const added = await a.click(refusedAdd, /^add/i);
  expect(textOf(added)).toMatch(/Added to ITFlow/);
  expect(itflow.sandbox.store.countContacts()).toBe(count + 1);
  await eventually('instance B to find the contact added after the outage', async () => textOf(await b.ask('find during.outage@example.com')).includes('During Outage'), 1000);
  const saved = await b.click(refusedSave, 'Save');
  expect(textOf(saved)).toMatch(/Saved by/);
  expect((itflow.sandbox.store.getContactRow(sally.id) as Record<string, unknown>).contact_title).toBe('Typed During Outage');
});

it('Redis stopped in the middle of an Add: that click still answers with the contact, and no later click makes a second one', async () => {
  const form = await a.ask('add contact');
  const typed = addFormInput(form, 'Mid Outage', 'mid.outage@example.com');
  const count = itflow.sandbox.store.countContacts();
  // The create lands in ITFlow but its answer never comes; Redis goes away while the bot waits for it.
  itflow.sandbox.faults.set({ mode: 'afterWriteHang', paths: ['contacts/create.php'], count: 1 });
  const firstClick = a.click(form, /^add/i, typed);
  await eventually('the row to land in ITFlow', () => itflow.sandbox.store.countContacts() === count + 1, 5000);
  await redis.stop();

  const first = await firstClick;
  expect(textOf(first)).toMatch(/Added to ITFlow/);
  expect(textOf(first)).toContain('Mid Outage');
  // The sandbox logs a request when it answers; the lost one never was, so later creates are counted from here.
  const creates = itflow.requests('POST', 'contacts/create.php');
  const duringOutage = await b.click(form, /^add/i, typed);
  expect(textOf(duringOutage)).toMatch(UNREACHABLE);

  await redis.start();
  await Promise.all([storeUp(a), storeUp(b)]);
  // This Redis keeps nothing across a restart, so the form's record is gone: the email check still finds the contact.
  const afterwards = await b.click(form, /^add/i, typed);
  expect(textOf(afterwards)).toMatch(/already has this email/);
  expect(actionTitled(afterwards, 'View existing contact')).toBeDefined();
  expect(itflow.sandbox.store.countContacts()).toBe(count + 1);
  expect(itflow.requests('POST', 'contacts/create.php')).toBe(creates);
});
