import type { LegacyStore } from '../../src/sandbox/legacy/legacy-store';
import type { LegacyContactRow } from '../../src/sandbox/legacy/schema';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { BotHarness } from '../support/bot-harness';
import { inputsOf, textOf } from '../support/card-inspect';
import { cardsOf, type CardJson } from '../support/connector';

/**
 * The bot against a LEGACY (late-2024) ITFlow: the real app started with ITFLOW_URL pointing at a legacy-flavor
 * sandbox, driven over HTTP like Teams drives it. Legacy's update matches on contact_id only, always writes
 * contact_client_id and blanks whatever it is not sent; a client-bound key silently replaces any client_id with
 * its own; partial updates of rows with an apostrophe fail. The bot must come through all of it without moving,
 * blanking or damaging a single column, and must never show the portal login columns.
 */

let sandbox: Sandbox;
let legacy: LegacyStore;
let admin: BotHarness;
let restricted: BotHarness;
/** Every card either bot answered with in this file, for the final "no secrets anywhere" check. */
const seen: CardJson[] = [];

async function ask(h: BotHarness, text: string): Promise<CardJson> {
  const card = await h.ask(text);
  seen.push(card);
  return card;
}

async function click(h: BotHarness, card: CardJson, title: string | RegExp, typed: Record<string, string> = {}): Promise<CardJson> {
  const next = await h.click(card, title, typed);
  seen.push(next);
  return next;
}

beforeAll(async () => {
  sandbox = await startSandbox({ flavor: 'legacy', seed: 'demo', dataDir: null });
  if (sandbox.legacy === null) throw new Error('not a legacy sandbox');
  legacy = sandbox.legacy;
  admin = await BotHarness.start({ itflow: { sandbox } });
  restricted = await BotHarness.start({ itflow: { sandbox, apiKey: sandbox.restrictedKey } });
});

afterAll(async () => {
  await restricted?.stop();
  await admin?.stop();
  await sandbox?.close();
});

function rowOf(id: number): LegacyContactRow {
  const row = legacy.contactRow(id);
  if (row === null) throw new Error(`no contact ${id}`);
  return row;
}

function idNamed(name: string): number {
  for (let id = 1; id <= sandbox.store.countContacts() + 50; id++) {
    if (legacy.contactRow(id)?.contact_name === name) return id;
  }
  throw new Error(`no contact named ${name}`);
}

const clientIdNamed = (name: string): number => Number(legacy.clientsByName(name, null)[0]?.client_id);

/** Every column but those named must be exactly as before. */
function expectUnchangedExcept(before: LegacyContactRow, after: LegacyContactRow, changed: readonly string[]): void {
  const keep = Object.keys(before).filter((k) => !changed.includes(k)) as (keyof LegacyContactRow)[];
  expect(keep.map((k) => [k, after[k]])).toEqual(keep.map((k) => [k, before[k]]));
}

/** The portal secrets of a row (and its PIN and photo path): none may appear in anything the bot sends. */
function secretsOf(row: LegacyContactRow): string[] {
  return [row.contact_password_hash, row.contact_password_reset_token, row.contact_pin, row.contact_photo].filter(
    (v): v is string => v !== null && v !== '',
  );
}

function expectNoSecrets(cards: readonly CardJson[], rows: readonly LegacyContactRow[]): void {
  const serialized = JSON.stringify(cards);
  const secrets = rows.flatMap(secretsOf);
  expect(secrets.length).toBeGreaterThan(0);
  for (const secret of secrets) expect(serialized).not.toContain(secret);
  expect(serialized).not.toMatch(/password_hash|reset_token|token_expire/i);
}

describe('legacy ITFlow, all-clients key', () => {
  it('finds contacts: both Sallys, from two clients', async () => {
    const text = textOf(await ask(admin, 'find sally'));
    expect(text).toContain('Sally Smith');
    expect(text).toContain('Sally Jones');
  });

  it('shows the portal auth method on the card, and never the portal password, reset token, PIN or photo', async () => {
    const id = idNamed('Sally Smith');
    sandbox.store.updateContactRaw(id, { contact_pin: '918273', contact_photo: 'uploads/clients/1/sally-portrait.jpg' });
    const row = rowOf(id);
    expect(row.contact_auth_method).toBe('local');
    expect(row.contact_password_hash).not.toBeNull();

    const results = await ask(admin, 'find sally smith');
    const card = await ask(admin, `show contact ${id}`);
    expect(textOf(card)).toContain('ITFlow password');
    const form = await click(admin, card, 'Edit');
    expectNoSecrets([results, card, form], [row]);
  });

  it("edits one field of Marcus O'Brien and leaves every other column as it was: client, location, notes, auth method", async () => {
    const id = idNamed("Marcus O'Brien");
    const before = rowOf(id);
    expect(before.contact_notes).toContain('"blue"');

    const form = await click(admin, await ask(admin, `show contact ${id}`), 'Edit');
    expect(inputsOf(form).name?.value).toBe("Marcus O'Brien");
    const saved = await click(admin, form, 'Save', { title: 'Senior Network Administrator' });
    expect(textOf(saved)).toContain('Senior Network Administrator');

    const after = rowOf(id);
    expect(after.contact_title).toBe('Senior Network Administrator');
    expect(after.contact_updated_at).not.toBeNull();
    expectUnchangedExcept(before, after, ['contact_title', 'contact_updated_at']);
  });

  it('edits a portal user and keeps the auth method, the password hash and the reset token', async () => {
    const id = idNamed('Sally Jones');
    const before = rowOf(id);
    expect(before.contact_auth_method).toBe('local');

    const form = await click(admin, await ask(admin, `show contact ${id}`), 'Edit');
    await click(admin, form, 'Save', { department: 'Service Desk' });

    const after = rowOf(id);
    expect(after.contact_department).toBe('Service Desk');
    expectUnchangedExcept(before, after, ['contact_department', 'contact_updated_at']);
  });

  it('adds a contact with a location in the chosen client', async () => {
    const globex = clientIdNamed('Globex');
    const lab = legacy.locationsPage(globex, { limit: 50, offset: 0 }).find((l) => l.location_name === 'Globex R&D Lab');
    expect(lab).toBeDefined();
    const form = await ask(admin, 'add contact');
    expect(inputsOf(form).clientId?.choices?.map((c) => c.value)).toContain(String(globex));
    const count = sandbox.store.countContacts();

    const card = await click(admin, form, /^add/i, {
      clientId: String(globex),
      locationId: String(lab?.location_id),
      name: "Dana O'Hara",
      email: 'dana.ohara@globex.example',
      title: 'Lab Technician',
    });
    expect(textOf(card)).toContain("Dana O'Hara");
    expect(sandbox.store.countContacts()).toBe(count + 1);

    const created = rowOf(idNamed("Dana O'Hara"));
    expect(created).toMatchObject({
      contact_client_id: String(globex),
      contact_location_id: lab?.location_id,
      contact_email: 'dana.ohara@globex.example',
      contact_title: 'Lab Technician',
      contact_auth_method: '',
    });
  });

  it("then edits the new contact, whose name has an apostrophe, without a 500 or a lost field", async () => {
    const id = idNamed("Dana O'Hara");
    const before = rowOf(id);
    const form = await click(admin, await ask(admin, `show contact ${id}`), 'Edit');
    await click(admin, form, 'Save', { extension: '412' });
    const after = rowOf(id);
    expect(after.contact_extension).toBe('412');
    expectUnchangedExcept(before, after, ['contact_extension', 'contact_updated_at']);
  });
});

describe('legacy ITFlow, client-bound key (Acme Corp)', () => {
  it('sees only its own client', async () => {
    const text = textOf(await ask(restricted, 'find sally'));
    expect(text).toContain('Sally Smith');
    expect(text).not.toContain('Sally Jones');
    const hank = idNamed('Hank Scorpio');
    expect(textOf(await ask(restricted, `show contact ${hank}`))).toMatch(/not found|no contact/i);
  });

  it("never moves another client's contact: an Edit form for a Globex contact, saved through the Acme-bound bot, is refused and the row is untouched", async () => {
    const hank = idNamed('Hank Scorpio');
    const before = rowOf(hank);
    // A real form for Hank, built by the all-clients bot (a card left in a shared channel, say).
    const form = await click(admin, await ask(admin, `show contact ${hank}`), 'Edit');

    // Legacy would answer a write for Hank with this key by moving him into Acme and blanking him.
    const answer = await click(restricted, form, 'Save', { title: 'Moved by mistake' });
    expect(textOf(answer)).toMatch(/not found|no contact/i);
    expect(rowOf(hank)).toEqual(before);
    expect(before.contact_client_id).toBe(String(clientIdNamed('Globex')));
  });

  it('refuses to add a contact to another client, and creates nothing in its own client either', async () => {
    const form = await ask(restricted, 'add contact');
    const offered = inputsOf(form).clientId?.choices?.map((c) => c.value) ?? [];
    expect(offered).toEqual([String(sandbox.restrictedClientId)]);
    const count = sandbox.store.countContacts();

    // A client-bound legacy key would put this into Acme, silently.
    const card = await click(restricted, form, /^add/i, { clientId: String(clientIdNamed('Globex')), name: 'Rita Elsewhere', email: 'rita@globex.example' });
    expect(textOf(card)).toMatch(/choose a client/i);
    expect(sandbox.store.countContacts()).toBe(count);
  });

  it('edits its own contacts in place, in its own client', async () => {
    const id = idNamed('John Carter');
    const before = rowOf(id);
    const form = await click(restricted, await ask(restricted, `show contact ${id}`), 'Edit');
    await click(restricted, form, 'Save', { mobile: '+1 (555) 901-0199' });
    const after = rowOf(id);
    expect(after.contact_mobile).toBe('15559010199');
    expectUnchangedExcept(before, after, ['contact_mobile', 'contact_updated_at']);
  });

  it('never logs the API keys', () => {
    const lines = [...admin.logLines, ...restricted.logLines].join('\n');
    expect(lines).not.toContain(sandbox.adminKey);
    expect(lines).not.toContain(sandbox.restrictedKey);
  });
});

describe('across this whole file', () => {
  it('no card either bot answered with, or sent through the connector, shows a portal password, reset token, PIN or photo', () => {
    const portalUsers = legacy.primaryContactIds().map(rowOf);
    expect(portalUsers.every((row) => row.contact_auth_method === 'local' && row.contact_password_hash !== null)).toBe(true);
    const sent = [...admin.connector.calls, ...restricted.connector.calls].flatMap((c) => cardsOf(c.activity));
    expect(seen.length).toBeGreaterThan(10);
    expectNoSecrets([...seen, ...sent], [...portalUsers, rowOf(idNamed('Sally Smith'))]);
  });
});
