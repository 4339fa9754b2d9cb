import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { BotHarness } from '../support/bot-harness';
import { inputsOf, textOf } from '../support/card-inspect';
import { invoke } from '../support/teams-activities';
import { contactNamed } from '../support/contacts';

/**
 * A full session — find, view, edit, save, conflict, add, duplicate, and ITFlow failing (401 included) — with
 * everything the bot emitted captured: log lines, activities sent to the connector, invoke answers, /healthz.
 * The API key appears nowhere, in any letter case; PINs, photo paths and portal password columns neither.
 */

interface Captured {
  responses: unknown[];
}

/** Records every HTTP answer the harness receives (invoke responses carry cards). */
function capture(h: BotHarness): Captured {
  const captured: Captured = { responses: [] };
  const post = h.post.bind(h);
  h.post = async (activity) => {
    const answer = await post(activity);
    captured.responses.push(answer.body);
    return answer;
  };
  return captured;
}

async function everythingEmitted(h: BotHarness, captured: Captured): Promise<string> {
  const healthz = await (await fetch(`${h.app.server.url}/healthz`)).text();
  return [...h.logLines, JSON.stringify(h.connector.calls), JSON.stringify(captured.responses), healthz].join('\n');
}

/** A session touching every path, including failures. */
async function fullSession(h: BotHarness, sandbox: Sandbox, sallyName: string): Promise<void> {
  const sally = await contactNamed(h, sallyName);
  const found = await h.ask('find sally');
  expect(textOf(found)).toContain(sallyName);
  await h.ask(sally.email);
  await h.ask(`lookup ${sally.mobile || sally.phone}`);
  const card = await h.ask(`show contact ${sally.id}`);
  const form = await h.click(card, 'Edit');
  await h.click(form, 'Save', { title: 'Secret-free Title' }, { replyToId: 'card-1' });
  const stale = await h.click(card, 'Edit');
  sandbox.store.updateContactRaw(sally.id, { contact_notes: 'Changed in ITFlow meanwhile' });
  await h.click(await h.click(stale, 'Save', { department: 'Mine' }), /anyway/i);

  const addForm = await h.ask('add contact');
  const clientId = String(sally.clientId);
  await h.click(addForm, /^add/i, { clientId, name: 'Newly Added', email: `newly.added.${sandbox.flavor}@example.com` });
  await h.click(await h.ask('add contact'), /^add/i, { clientId, name: 'Dup', email: sally.email });
  await h.post(invoke('composeExtension/query', { commandId: 'searchContacts', parameters: [{ name: 'query', value: 'sally' }] }, h.opts()));

  for (const mode of ['unauthorized', 'forbidden', 'error500', 'garbage', 'hang'] as const) {
    sandbox.faults.set({ mode });
    const failed = await h.execute('contact.view', { contactId: sally.id });
    expect(textOf(failed)).toMatch(/ITFlow/);
    const saveFailed = await h.click(form, 'Save', { title: `During ${mode}` });
    expect(inputsOf(saveFailed).title?.value).toBe(`During ${mode}`);
    await h.click(addForm, /^add/i, { clientId, name: 'Failing Add', email: 'failing.add@example.com' });
    sandbox.faults.clear();
  }
  await expect(h.app.directory.refresh()).resolves.toBeUndefined();
}

describe('latest ITFlow (embedded sandbox, generated key)', () => {
  let h: BotHarness;
  let captured: Captured;
  const PIN = 'pin-zq7731';
  const PHOTO = 'uploads/clients/1/photo-zq7731-sally.jpg';

  beforeAll(async () => {
    h = await BotHarness.start({ env: { ITFLOW_TIMEOUT_MS: '300' } });
    captured = capture(h);
    const sally = await contactNamed(h, 'Sally Smith');
    h.sandbox.store.updateContactRaw(sally.id, { contact_pin: PIN, contact_photo: PHOTO });
    await fullSession(h, h.sandbox, 'Sally Smith');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('never shows the API key, in any case, anywhere', async () => {
    const key = h.sandbox.adminKey;
    expect(key.length).toBeGreaterThanOrEqual(16);
    const all = await everythingEmitted(h, captured);
    expect(h.logLines.length).toBeGreaterThan(100);
    for (const variant of [key, key.toLowerCase(), key.toUpperCase()]) expect(all).not.toContain(variant);
    expect(all).not.toMatch(new RegExp(key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'));
  });

  it('never even hands the key to the logger (nothing had to be redacted)', () => {
    expect(h.logLines.filter((line) => line.includes('[redacted]'))).toEqual([]);
  });

  it('never shows the PIN or the photo path', async () => {
    const all = await everythingEmitted(h, captured);
    expect(all).not.toContain(PIN);
    expect(all).not.toContain('zq7731');
  });
});

describe('legacy ITFlow (portal logins in every row)', () => {
  let sandbox: Sandbox;
  let dataDir: string;
  let h: BotHarness;
  let captured: Captured;
  const HASH = '$2y$10$LegacyHashZq8841NeverShown';
  const TOKEN = 'RESETTOKENZQ8841NEVERSHOWN';

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'itflow-legacy-secrets-'));
    sandbox = await startSandbox({ dataDir, seed: 'demo', flavor: 'legacy' });
    h = await BotHarness.start({ itflow: { sandbox }, env: { ITFLOW_TIMEOUT_MS: '300' } });
    captured = capture(h);
    const sally = await contactNamed(h, 'Sally Jones');
    sandbox.legacy!.setPortalLogin(sally.id, { authMethod: 'local', passwordHash: HASH, resetToken: TOKEN, tokenExpire: '2030-01-01 00:00:00' });
    sandbox.store.updateContactRaw(sally.id, { contact_pin: 'pin-zq8841' });
    await fullSession(h, sandbox, 'Sally Jones');
  });
  afterAll(async () => {
    await h?.stop();
    await sandbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the rows ITFlow sent did carry the portal columns', async () => {
    const sally = await contactNamed(h, 'Sally Jones');
    expect(JSON.stringify(sandbox.legacy!.contactById(sally.id, null))).toContain(HASH.slice(-12));
  });

  it('never shows the key, the password hash, the reset token or the PIN', async () => {
    const all = await everythingEmitted(h, captured);
    for (const secret of [sandbox.adminKey, HASH, TOKEN, 'zq8841']) expect(all.toLowerCase()).not.toContain(secret.toLowerCase());
  });
});
