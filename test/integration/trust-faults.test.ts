import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Contact } from '../../src/itflow/types';
import type { FaultMode, FaultSpec } from '../../src/sandbox/faults';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { BotHarness } from '../support/bot-harness';
import { actionsOf, actionTitled, inputsOf, textOf } from '../support/card-inspect';
import { cardsOf, type CardJson } from '../support/connector';
import { message } from '../support/teams-activities';
import { contactNamed, eventually, health, lastHealthLog, sandboxRequests } from '../support/trust-kit';

/**
 * ITFlow failing every way it does in the field, and the Bot Connector throttling: each time a clear card,
 * nothing typed is lost, /healthz tells what is degraded, the bot recovers by itself, and a write whose outcome
 * is unknown is never repeated blindly.
 */

type Failing = Exclude<FaultMode, 'none' | 'pass' | 'afterWrite500' | 'afterWriteHang'>;
const FAILURES: ReadonlyArray<[Failing, RegExp]> = [
  ['error500', /ITFlow is not answering/],
  ['hang', /ITFlow is not answering/],
  ['garbage', /answered something unexpected/],
  ['unauthorized', /did not accept the bot's API key/],
  ['forbidden', /not allowed to do this/],
];

let faultsInjected = 0;
function inject(sandbox: Sandbox, spec: FaultSpec | FaultSpec[]): void {
  faultsInjected += (Array.isArray(spec) ? spec : [spec]).length;
  sandbox.faults.set(spec);
}

describe('ITFlow failing under the embedded sandbox', () => {
  let h: BotHarness;
  let sally: Contact;
  let marcus: Contact;

  beforeAll(async () => {
    h = await BotHarness.start({ env: { ITFLOW_TIMEOUT_MS: '400' } });
    sally = await contactNamed(h, 'Sally Smith');
    marcus = await contactNamed(h, "Marcus O'Brien");
  });
  afterEach(() => h.sandbox.faults.clear());
  afterAll(async () => {
    await h?.stop();
  });

  it.each(FAILURES)('%s: opening a contact answers with a clear card and a Try again button', async (mode, wording) => {
    inject(h.sandbox, { mode });
    const card = await h.execute('contact.view', { contactId: sally.id });
    expect(textOf(card)).toMatch(wording);
    expect(actionTitled(card, 'Try again').data).toMatchObject({ contactId: sally.id });
    expect(JSON.stringify(card)).not.toContain(sally.email);

    h.sandbox.faults.clear();
    expect(textOf(await h.click(card, 'Try again'))).toContain('Sally Smith');
  });

  it.each(FAILURES)('%s: a failed save keeps every typed value and offers Save again', async (mode, wording) => {
    const form = await h.execute('contact.edit', { contactId: marcus.id });
    const before = h.sandbox.store.getContactRow(marcus.id);
    const typed = { title: `Typed during ${mode}`, notes: 'Keep me, please', mobile: '+1 555 777 0000' };
    inject(h.sandbox, { mode });
    const card = await h.click(form, 'Save', typed);
    expect(textOf(card)).toMatch(wording);
    const inputs = inputsOf(card);
    expect([inputs.title?.value, inputs.notes?.value, inputs.mobile?.value]).toEqual([typed.title, typed.notes, typed.mobile]);
    expect(h.sandbox.store.getContactRow(marcus.id)).toEqual(before);

    h.sandbox.faults.clear();
    const saved = await h.click(card, 'Save');
    expect(textOf(saved)).toContain(`Saved by`);
    expect((h.sandbox.store.getContactRow(marcus.id) as Record<string, unknown>).contact_title).toBe(typed.title);
  });

  it.each(FAILURES)('%s: a failed add keeps every typed value, creates nothing, then adds once', async (mode, wording) => {
    const form = await h.ask('add contact');
    const clientId = inputsOf(form).clientId!.choices![0]!.value;
    const typed = { clientId, name: `Fault ${mode}`, email: `fault.${mode}@example.com`, title: 'Typed title', notes: 'Typed notes' };
    const count = h.sandbox.store.countContacts();
    inject(h.sandbox, { mode });
    const card = await h.click(form, /^add/i, typed);
    expect(textOf(card)).toMatch(wording);
    const inputs = inputsOf(card);
    expect([inputs.name?.value, inputs.email?.value, inputs.title?.value, inputs.notes?.value, inputs.clientId?.value]).toEqual([
      typed.name,
      typed.email,
      typed.title,
      typed.notes,
      clientId,
    ]);
    expect(h.sandbox.store.countContacts()).toBe(count);

    h.sandbox.faults.clear();
    expect(textOf(await h.click(card, /^add/i))).toMatch(/Added to ITFlow/);
    expect(textOf(await h.click(card, /^add/i))).toMatch(/Added to ITFlow/);
    expect(h.sandbox.store.countContacts()).toBe(count + 1);
  });

  it('does not wait for a hanging ITFlow twice, but retries fast failures', async () => {
    inject(h.sandbox, { mode: 'hang', paths: ['contacts/read.php'], count: 3 });
    expect(textOf(await h.execute('contact.view', { contactId: sally.id }))).toMatch(/not answering/);
    expect(h.sandbox.faults.remaining()).toBe(2);

    inject(h.sandbox, { mode: 'error500', paths: ['contacts/read.php'], count: 1 });
    expect(textOf(await h.execute('contact.view', { contactId: sally.id }))).toContain('Sally Smith');
    expect(h.sandbox.faults.remaining()).toBe(0);
  });

  it('keeps answering searches from the directory while ITFlow is down, and /healthz says so until it is back', async () => {
    inject(h.sandbox, { mode: 'error500' });
    expect(textOf(await h.execute('contact.view', { contactId: sally.id }))).toMatch(/not answering/);
    expect(textOf(await h.ask('find sally'))).toContain('Sally Smith');
    const down = await health(h);
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ status: 'degraded', checks: { itflow: 'down', directory: 'ready', store: 'up' } });
    // What went wrong is for operators, in the log; /healthz is unauthenticated.
    const logged = lastHealthLog(h.logLines);
    expect(logged?.status).toBe('degraded');
    expect(String(logged?.itflowLastError)).toMatch(/HTTP 500/);

    h.sandbox.faults.clear();
    expect(textOf(await h.execute('contact.view', { contactId: sally.id }))).toContain('Sally Smith');
    const up = await health(h);
    expect([up.status, up.body]).toEqual([200, { status: 'up', checks: { itflow: 'up', directory: 'ready', store: 'up' } }]);
  });

  describe('a create whose answer is lost', () => {
    it('500 after storing the row: verified by email, reported as added, never created twice', async () => {
      const form = await h.ask('add contact');
      const clientId = inputsOf(form).clientId!.choices![0]!.value;
      const typed = { clientId, name: 'Lost Answer', email: 'lost.answer@example.com' };
      const count = h.sandbox.store.countContacts();
      inject(h.sandbox, { mode: 'afterWrite500', paths: ['contacts/create.php'], count: 1 });
      expect(textOf(await h.click(form, /^add/i, typed))).toMatch(/Added to ITFlow/);
      expect(h.sandbox.store.countContacts()).toBe(count + 1);

      expect(textOf(await h.click(form, /^add/i, typed))).toMatch(/Added to ITFlow/);
      const again = await h.click(await h.ask('add contact'), /^add/i, typed);
      expect(textOf(again)).toMatch(/already has this email/);
      expect(h.sandbox.store.countContacts()).toBe(count + 1);
      expect(sandboxRequests(h.logLines, 'POST', 'contacts/create.php')).toBeGreaterThan(0);
    });

    it('hang after storing the row and the read-back failing too: says so, keeps the form, and Add again does not duplicate', async () => {
      const form = await h.ask('add contact');
      const clientId = inputsOf(form).clientId!.choices![0]!.value;
      const typed = { clientId, name: 'Unknown Outcome', email: 'unknown.outcome@example.com', title: 'Typed' };
      const count = h.sandbox.store.countContacts();
      inject(h.sandbox, [
        { mode: 'afterWriteHang', paths: ['contacts/create.php'], count: 1 },
        { mode: 'error500', paths: ['contacts/read.php'] },
      ]);
      const card = await h.click(form, /^add/i, typed);
      expect(textOf(card)).toMatch(/cannot tell whether the change was stored/);
      expect(inputsOf(card).title?.value).toBe('Typed');
      expect(h.sandbox.store.countContacts()).toBe(count + 1);

      h.sandbox.faults.clear();
      const creates = sandboxRequests(h.logLines, 'POST', 'contacts/create.php');
      const retried = await h.click(card, /^add/i);
      expect(textOf(retried)).toMatch(/Added to ITFlow/);
      expect(textOf(retried)).toContain('Unknown Outcome');
      expect(h.sandbox.store.countContacts()).toBe(count + 1);
      expect(sandboxRequests(h.logLines, 'POST', 'contacts/create.php')).toBe(creates);
    });

    it('hang before storing: the read-back finds nothing, and Add again creates it once', async () => {
      const form = await h.ask('add contact');
      const clientId = inputsOf(form).clientId!.choices![0]!.value;
      const typed = { clientId, name: 'Never Landed', email: 'never.landed@example.com' };
      const count = h.sandbox.store.countContacts();
      inject(h.sandbox, { mode: 'hang', paths: ['contacts/create.php'], count: 1 });
      const card = await h.click(form, /^add/i, typed);
      expect(textOf(card)).toMatch(/cannot tell whether the change was stored/);
      expect(h.sandbox.store.countContacts()).toBe(count);
      expect(textOf(await h.click(card, /^add/i))).toMatch(/Added to ITFlow/);
      expect(textOf(await h.click(card, /^add/i))).toMatch(/Added to ITFlow/);
      expect(h.sandbox.store.countContacts()).toBe(count + 1);
    });

    it('an update whose answer is lost is not written again by Save', async () => {
      const form = await h.execute('contact.edit', { contactId: sally.id });
      inject(h.sandbox, { mode: 'afterWrite500', paths: ['contacts/update.php'], count: 1 });
      const card = await h.click(form, 'Save', { department: 'Lost Answer Dept' });
      expect(textOf(card)).toMatch(/cannot tell whether the change was stored/);
      expect(inputsOf(card).department?.value).toBe('Lost Answer Dept');
      const row = h.sandbox.store.getContactRow(sally.id) as Record<string, unknown>;
      expect(row.contact_department).toBe('Lost Answer Dept');

      const updates = sandboxRequests(h.logLines, 'POST', 'contacts/update.php');
      expect(textOf(await h.click(card, 'Save'))).toMatch(/no changes/i);
      expect(sandboxRequests(h.logLines, 'POST', 'contacts/update.php')).toBe(updates);
      expect(h.sandbox.store.getContactRow(sally.id)).toEqual(row);
    });
  });

  describe('the Bot Connector failing', () => {
    it.each([502, 504, 429, 412])('%i twice: the reply is delivered, exactly once', async (status) => {
      h.connector.clear();
      h.connector.failNext = { status, count: 2 };
      faultsInjected += 1;
      const { status: answered } = await h.post(message('help', h.opts()));
      expect(answered).toBe(200);
      expect(h.connector.failNext?.count).toBe(0);
      const cards = h.connector.calls.flatMap((c) => cardsOf(c.activity));
      expect(cards).toHaveLength(1);
      expect(textOf(cards[0]!)).toMatch(/what you can ask/i);
    });

    it('412 twice on the card update after a save: the update lands once', async () => {
      const form = await h.execute('contact.edit', { contactId: sally.id });
      h.connector.clear();
      h.connector.failNext = { status: 412, count: 2 };
      faultsInjected += 1;
      const saved = await h.click(form, 'Save', { extension: '199' }, { replyToId: 'channel-card-7' });
      expect(textOf(saved)).toContain('Saved by');
      expect(h.connector.updates().map((u) => u.activityId)).toEqual(['channel-card-7']);
    });
  });
});

describe('ITFlow down, refusing connections, then back', () => {
  let sandbox: Sandbox;
  let port: number;
  let dataDir: string;
  let h: BotHarness;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'itflow-down-'));
    sandbox = await startSandbox({ dataDir, seed: 'demo' });
    port = Number(new URL(sandbox.url).port);
    h = await BotHarness.start({
      env: { ITFLOW_URL: sandbox.url, ITFLOW_API_KEY: sandbox.adminKey, BOT_ALLOW_ANONYMOUS: 'true', ITFLOW_TIMEOUT_MS: '400' },
    });
  });
  afterAll(async () => {
    await h?.stop();
    await sandbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says so on every path, keeps forms, reports it, and recovers by itself', async () => {
    const sallyCard = await h.ask('find sally smith');
    const form = await h.click(sallyCard, 'Edit');
    const addForm = await h.ask('add contact');

    await sandbox.close();
    faultsInjected += 1;
    const cards: CardJson[] = [
      await h.click(sallyCard, 'Edit'),
      await h.click(form, 'Save', { title: 'Typed while down' }),
      await h.click(addForm, /^add/i, { clientId: inputsOf(addForm).clientId!.choices![0]!.value, name: 'Down Person', email: 'down.person@example.com' }),
    ];
    for (const card of cards) expect(textOf(card)).toMatch(/could not be reached/);
    expect(inputsOf(cards[1]!).title?.value).toBe('Typed while down');
    expect(actionsOf(cards[1]!).some((a) => a.title === 'Save')).toBe(true);
    expect(inputsOf(cards[2]!).name?.value).toBe('Down Person');
    expect(textOf(await h.ask('find sally'))).toContain('Sally Smith');

    // The periodic refresh fails too; both show on /healthz.
    await expect(h.app.directory.refresh()).rejects.toThrow();
    const down = await health(h);
    expect([down.status, down.body]).toEqual([503, { status: 'degraded', checks: { itflow: 'down', directory: 'degraded', store: 'up' } }]);
    expect(down.text).not.toContain(sandbox.adminKey);
    expect(down.text).not.toContain(String(port));
    const logged = lastHealthLog(h.logLines);
    expect([typeof logged?.itflowLastError, typeof logged?.directoryLastError]).toEqual(['string', 'string']);

    sandbox = await startSandbox({ dataDir, port, seed: 'demo' });
    expect(textOf(await h.click(cards[1]!, 'Save'))).toContain('Typed while down');
    await eventually('/healthz is ok again', async () => (await health(h)).status === 200);
    expect((await health(h)).body).toEqual({ status: 'up', checks: { itflow: 'up', directory: 'ready', store: 'up' } });
  });
});

afterAll(() => {
  // Reported in the trust figures (see docs/security.md).
  process.stdout.write(`trust-faults: ${faultsInjected} faults injected\n`);
});
