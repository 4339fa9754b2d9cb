import type { BotHarness } from '../support/bot-harness';
import { actionsOf, actionTitled, textOf } from '../support/card-inspect';
import { addFormInput, contactIdOf, SharedItflow, startInstances, storeUp } from '../support/bot-instances';
import { startRedisServer, type TestRedisServer } from '../support/redis-server';
import { cardsOf } from '../support/connector';
import { BOT, invoke, TESS } from '../support/teams-activities';
import { eventually } from '../support/trust-kit';
import { contactNamed } from '../support/contacts';

/**
 * Two bot instances behind one Redis, against one ITFlow: what one user does through instance A and another
 * through instance B meets in the store. Writes are counted at the one sandbox both talk to.
 */

const PAT = { id: '29:1pat-partner', name: 'Pat Partner', aadObjectId: '22222222-3333-4444-8555-666666666666' };
const ROUNDS = 4;

let redis: TestRedisServer;
let itflow: SharedItflow;
let a: BotHarness;
let b: BotHarness;

beforeAll(async () => {
  redis = await startRedisServer();
  itflow = await SharedItflow.start();
  [a, b] = (await startInstances(2, itflow, { REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'multi-instance:' })) as [BotHarness, BotHarness];
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await itflow?.close();
  await redis?.dispose();
});

describe('the same contact saved through both instances at once', () => {
  it.each(Array.from({ length: ROUNDS }, (_, i) => i))('round %i: one write; the other user gets the conflict card; both directories show the winner', async (round) => {
    const target = await contactNamed(a, 'Priya Patel');
    const form = await a.execute('contact.edit', { contactId: target.id });
    const writesBefore = itflow.requests('POST', 'contacts/update.php');
    const mine = `Tess via A ${round}`;
    const theirs = `Pat via B ${round}`;
    const [viaA, viaB] = await Promise.all([a.click(form, 'Save', { title: mine }, { from: TESS }), b.click(form, 'Save', { title: theirs }, { from: PAT })]);

    expect(itflow.requests('POST', 'contacts/update.php') - writesBefore).toBe(1);
    const aSaved = /Saved by Tess/.test(textOf(viaA));
    const [winner, loser, loserCard] = aSaved ? [mine, theirs, viaB] : [theirs, mine, viaA];
    expect(textOf(aSaved ? viaA : viaB)).toMatch(/Saved by/);
    expect(textOf(loserCard)).not.toMatch(/Saved by/);
    expect(actionTitled(loserCard, /apply mine anyway/i)).toBeDefined();
    expect(textOf(loserCard)).toContain(winner);
    expect(JSON.stringify(loserCard)).toContain(loser);
    expect((itflow.sandbox.store.getContactRow(target.id) as Record<string, unknown>).contact_title).toBe(winner);
    await eventually('both directories to hold the saved title', () => [a, b].every((h) => h.app.directory.get(target.id)?.title === winner), 1000);
  });
});

describe('a double-clicked Add delivered to both instances', () => {
  it('creates one contact and answers both clicks with it', async () => {
    const form = await a.ask('add contact');
    const typed = addFormInput(form, 'Both Instances', 'both.instances@example.com');
    const count = itflow.sandbox.store.countContacts();
    const creates = itflow.requests('POST', 'contacts/create.php');

    const [viaA, viaB] = await Promise.all([a.click(form, /^add/i, typed), b.click(form, /^add/i, typed)]);
    expect(itflow.sandbox.store.countContacts() - count).toBe(1);
    expect(itflow.requests('POST', 'contacts/create.php') - creates).toBe(1);
    for (const card of [viaA, viaB]) {
      expect(textOf(card)).toMatch(/Added to ITFlow/);
      expect(textOf(card)).not.toMatch(/already has this email/);
    }
    expect(contactIdOf(viaA)).toBe(contactIdOf(viaB));
  });
});

describe('a contact created through instance A', () => {
  it('is found through instance B within 1 s, without B reloading its directory', async () => {
    const email = 'found.on.b@example.com';
    expect(textOf(await b.ask(`find ${email}`))).toMatch(/no contact|no match|not find/i);
    const contactReads = itflow.requests('GET', 'contacts/read.php');
    const clientReads = itflow.requests('GET', 'clients/read.php');
    const form = await a.ask('add contact');
    const added = await a.click(form, /^add/i, addFormInput(form, 'Found On Bee', email));
    expect(textOf(added)).toMatch(/Added to ITFlow/);
    const createdAt = Date.now();

    await eventually('instance B to find the new contact', async () => textOf(await b.ask(`find ${email}`)).includes('Found On Bee'), 1000);
    expect(Date.now() - createdAt).toBeLessThanOrEqual(1000);
    expect(b.app.directory.get(contactIdOf(added))?.email).toBe(email);
    // A's email check and read-back only: B answered from its directory, which did not reload from ITFlow.
    expect(itflow.requests('GET', 'contacts/read.php') - contactReads).toBe(2);
    expect(itflow.requests('GET', 'clients/read.php') - clientReads).toBe(0);
  });
});

describe('an instance restarted between two clicks on Add', () => {
  it('still makes one contact, and answers the second click with it', async () => {
    const form = await a.ask('add contact');
    const typed = addFormInput(form, 'Restart Between', 'restart.between@example.com');
    const count = itflow.sandbox.store.countContacts();
    const first = await a.click(form, /^add/i, typed);
    expect(textOf(first)).toMatch(/Added to ITFlow/);

    await a.restart();
    await storeUp(a);
    const again = await a.click(form, /^add/i, typed);
    const onB = await b.click(form, /^add/i, typed);
    for (const card of [again, onB]) expect(textOf(card)).toMatch(/Added to ITFlow/);
    expect([contactIdOf(again), contactIdOf(onB)]).toEqual([contactIdOf(first), contactIdOf(first)]);
    expect(itflow.sandbox.store.countContacts() - count).toBe(1);
  });
});

describe('Teams announcing one install twice, each announcement reaching another instance', () => {
  function installEvent(h: BotHarness, type: 'installationUpdate' | 'conversationUpdate', extra: Record<string, unknown>): Record<string, unknown> {
    const base = Object.fromEntries(Object.entries(invoke('unused', undefined, h.opts('groupChat'))).filter(([key]) => key !== 'name' && key !== 'value'));
    return { ...base, type, conversation: { id: '19:installed-twice@thread.v2', conversationType: 'groupChat', isGroup: true }, ...extra };
  }

  it('welcomes once', async () => {
    const before = [a.connector.calls.length, b.connector.calls.length];
    const answers = await Promise.all([
      a.post(installEvent(a, 'installationUpdate', { action: 'add' })),
      b.post(installEvent(b, 'conversationUpdate', { membersAdded: [BOT] })),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const welcomes = [a, b].flatMap((h, i) => h.connector.calls.slice(before[i]).flatMap((c) => cardsOf(c.activity)));
    expect(welcomes).toHaveLength(1);
    expect(textOf(welcomes[0]!)).toMatch(/I look up ITFlow contacts/);
    // The examples are buttons: their titles say them.
    expect(actionsOf(welcomes[0]!).map((a) => a.title).join('\n')).toMatch(/find sally/i);
  });
});
