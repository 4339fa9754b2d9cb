import { ItflowClient } from '../../src/itflow/client';
import type { Contact } from '../../src/itflow/types';
import { BotHarness } from '../support/bot-harness';
import { actionsOf, actionTitled, inputsOf, leftoverTemplateExpressions, textOf } from '../support/card-inspect';
import { cardsOf, type CardJson } from '../support/connector';
import { submit } from '../support/teams-activities';

/**
 * The working bot end to end: Teams-shaped activities over HTTP into the real server, cards out through the
 * local connector or invoke responses, ITFlow state checked in the sandbox afterwards.
 */
let h: BotHarness;
let itflow: ItflowClient;

beforeAll(async () => {
  h = await BotHarness.start();
  itflow = new ItflowClient({ baseUrl: h.sandbox.url, apiKey: h.sandbox.adminKey });
});
afterAll(async () => {
  await h?.stop();
});

async function contactNamed(name: string): Promise<Contact> {
  for (let offset = 0; ; offset += 500) {
    const page = await itflow.listContacts({ limit: 500, offset });
    const found = page.find((c) => c.name === name);
    if (found) return found;
    if (page.length === 0) throw new Error(`no contact named ${name}`);
  }
}

function expectCleanCard(card: CardJson): void {
  expect(card.type).toBe('AdaptiveCard');
  expect(leftoverTemplateExpressions(card)).toEqual([]);
}

describe('finding contacts', () => {
  it('lists both Sallys for "find sally" in a personal chat', async () => {
    const card = await h.ask('find sally');
    expectCleanCard(card);
    const text = textOf(card);
    expect(text).toContain('Sally Smith');
    expect(text).toContain('Sally Jones');
  });

  it('strips the @mention in a channel and narrows by client', async () => {
    const card = await h.ask('find sally at globex', 'channel');
    const text = textOf(card);
    expect(text).toContain('Sally Jones');
    expect(text).not.toContain('Sally Smith');
  });

  it('opens the contact card directly for an exact email', async () => {
    const sally = await contactNamed('Sally Smith');
    const card = await h.ask(`who is ${sally.email.toUpperCase()}`);
    expect(textOf(card)).toContain('Sally Smith');
    expect(actionsOf(card).map((a) => a.title)).toEqual(expect.arrayContaining(['Edit']));
  });

  it('finds a contact by a formatted phone number', async () => {
    const sally = await contactNamed('Sally Jones');
    const d = sally.mobile || sally.phone;
    const formatted = `+1 (${d.slice(-10, -7)}) ${d.slice(-7, -4)}-${d.slice(-4)}`;
    const card = await h.ask(`lookup ${formatted}`);
    expect(textOf(card)).toContain('Sally Jones');
  });

  it('offers to add a contact when nothing matches', async () => {
    const card = await h.ask('find zebedee quixotic');
    expectCleanCard(card);
    expect(actionsOf(card).some((a) => /add/i.test(a.title))).toBe(true);
  });

  it('answers anything else with the help card, never silence', async () => {
    const replies = await h.say('what is the weather like');
    const cards = replies.flatMap(cardsOf);
    expect(cards).toHaveLength(1);
    expect(textOf(cards[0]!)).toMatch(/find/i);
  });

  it('treats a bare name in a personal chat as a lookup', async () => {
    const card = await h.ask('sally jones');
    expect(textOf(card)).toContain('Sally Jones');
  });

  it('says clearly when a contact id does not exist', async () => {
    const card = await h.ask('show contact 987654');
    expect(textOf(card)).toMatch(/not found|no contact/i);
  });
});

describe('viewing', () => {
  it('opens a contact from the results list (Action.Execute) without secrets', async () => {
    const results = await h.ask('find sally');
    const sally = await contactNamed('Sally Smith');
    const view = actionsOf(results).find((a) => a.verb === 'results.open' && Number(a.data?.contactId) === sally.id);
    expect(view).toBeDefined();
    const card = await h.execute('results.open', view!.data!);
    expectCleanCard(card);
    const text = textOf(card);
    expect(text).toContain('Sally Smith');
    expect(text).toContain(sally.email);
    const raw = h.sandbox.store.getContactRow(sally.id) as Record<string, unknown>;
    const serialized = JSON.stringify(card);
    for (const secret of [raw.contact_pin, raw.contact_photo]) {
      if (typeof secret === 'string' && secret.length > 0) expect(serialized).not.toContain(secret);
    }
  });

  it('works the same through Action.Submit for clients without Universal Actions', async () => {
    const sally = await contactNamed('Sally Jones');
    const before = h.connector.calls.length;
    const { status } = await h.post(submit({ verb: 'contact.view', contactId: String(sally.id) }, h.opts()));
    expect(status).toBe(200);
    const cards = h.connector.calls.slice(before).flatMap((c) => cardsOf(c.activity));
    expect(cards).toHaveLength(1);
    expect(textOf(cards[0]!)).toContain('Sally Jones');
  });
});

describe('editing', () => {
  it('saves only the edited field, keeps every other field, and updates the original card for everyone', async () => {
    const target = await contactNamed('Marcus O\'Brien');
    const rowBefore = h.sandbox.store.getContactRow(target.id) as Record<string, unknown>;
    const contactCard = await h.ask(`show contact ${target.id}`);
    const form = await h.click(contactCard, 'Edit');
    expect(inputsOf(form).name?.value).toBe("Marcus O'Brien");

    h.connector.clear();
    const saved = await h.click(form, 'Save', { title: 'Principal Network Architect' }, { replyToId: 'channel-card-42' });
    expect(textOf(saved)).toContain('Principal Network Architect');

    const rowAfter = h.sandbox.store.getContactRow(target.id) as Record<string, unknown>;
    expect(rowAfter.contact_title).toBe('Principal Network Architect');
    const untouched = Object.keys(rowBefore).filter((k) => !['contact_title', 'contact_updated_at'].includes(k));
    for (const key of untouched) expect([key, rowAfter[key]]).toEqual([key, rowBefore[key]]);

    const updates = h.connector.updates();
    expect(updates).toHaveLength(1);
    expect(updates[0]!.activityId).toBe('channel-card-42');
    expect(textOf(cardsOf(updates[0]!.activity)[0]!)).toContain('Principal Network Architect');
  });

  it('treats a second click on the same Save as a no-op, without writing again', async () => {
    const target = await contactNamed('Sally Smith');
    const form = await h.click(await h.ask(`show contact ${target.id}`), 'Edit');
    await h.click(form, 'Save', { department: 'Front Office' });
    const firstUpdate = (h.sandbox.store.getContactRow(target.id) as Record<string, unknown>).contact_updated_at;
    const again = await h.click(form, 'Save', { department: 'Front Office' });
    expect(textOf(again)).toMatch(/no changes/i);
    expect((h.sandbox.store.getContactRow(target.id) as Record<string, unknown>).contact_updated_at).toBe(firstUpdate);
  });

  it('says "no changes" and does not call ITFlow when the form is saved untouched', async () => {
    const target = await contactNamed('Sally Jones');
    const before = h.sandbox.store.getContactRow(target.id) as Record<string, unknown>;
    const form = await h.click(await h.ask(`show contact ${target.id}`), 'Edit');
    const card = await h.click(form, 'Save');
    expect(textOf(card)).toMatch(/no changes/i);
    expect(h.sandbox.store.getContactRow(target.id)).toEqual(before);
  });

  it('shows a conflict instead of overwriting a change made in ITFlow meanwhile', async () => {
    const target = await contactNamed('Sally Jones');
    const form = await h.click(await h.ask(`show contact ${target.id}`), 'Edit');
    h.sandbox.store.updateContactRaw(target.id, { contact_title: 'Changed in ITFlow' });
    const card = await h.click(form, 'Save', { notes: 'My note from Teams' });
    const text = textOf(card);
    expect(text).toMatch(/conflict|changed/i);
    expect(text).toContain('Changed in ITFlow');
    const row = h.sandbox.store.getContactRow(target.id) as Record<string, unknown>;
    expect(row.contact_title).toBe('Changed in ITFlow');
    expect(row.contact_notes).not.toBe('My note from Teams');

    const forced = await h.click(card, /anyway/i);
    expect(textOf(forced)).toContain('My note from Teams');
    const after = h.sandbox.store.getContactRow(target.id) as Record<string, unknown>;
    expect(after.contact_notes).toBe('My note from Teams');
    expect(after.contact_title).toBe('Changed in ITFlow');
  });

  it('re-renders the form with messages and everything the user typed when input is invalid', async () => {
    const target = await contactNamed('Sally Smith');
    const before = h.sandbox.store.getContactRow(target.id);
    const form = await h.click(await h.ask(`show contact ${target.id}`), 'Edit');
    const card = await h.click(form, 'Save', { name: '   ', email: 'not-an-email', title: 'Typed title' });
    const text = textOf(card);
    expect(text).toMatch(/name is required/i);
    expect(text).toMatch(/email/i);
    const inputs = inputsOf(card);
    expect(inputs.title?.value).toBe('Typed title');
    expect(inputs.email?.value).toBe('not-an-email');
    expect(h.sandbox.store.getContactRow(target.id)).toEqual(before);
  });
});

describe('adding', () => {
  it('prefills the quick-add form from "new contact Name email"', async () => {
    const card = await h.ask('new contact Wendy Walker wendy.walker@acme.example');
    const inputs = inputsOf(card);
    expect(inputs.name?.value).toBe('Wendy Walker');
    expect(inputs.email?.value).toBe('wendy.walker@acme.example');
    expect(inputs.clientId?.choices?.length).toBeGreaterThanOrEqual(3);
  });

  it('creates exactly one contact even when Add is clicked twice', async () => {
    const form = await h.ask('add contact');
    const clientId = inputsOf(form).clientId!.choices![0]!.value;
    const count = h.sandbox.store.countContacts();
    const typed = { clientId, name: 'Quinn Quickadd', email: 'quinn.quickadd@example.com', phone: '(555) 010-4242', title: 'Intern' };
    const [first, second] = await Promise.all([h.click(form, /^add/i, typed), h.click(form, /^add/i, typed)]);
    expect(textOf(first)).toContain('Quinn Quickadd');
    expect(textOf(second)).toContain('Quinn Quickadd');
    expect(h.sandbox.store.countContacts()).toBe(count + 1);
    const created = await contactNamed('Quinn Quickadd');
    expect(created.phone).toBe('5550104242');
    expect(created.clientId).toBe(Number(clientId));
  });

  it('rejects a duplicate email within the client inline, with a way to the existing contact', async () => {
    const sally = await contactNamed('Sally Smith');
    const form = await h.ask('add contact');
    const count = h.sandbox.store.countContacts();
    const card = await h.click(form, /^add/i, { clientId: String(sally.clientId), name: 'Other Sally', email: sally.email });
    expect(textOf(card)).toMatch(/already/i);
    expect(inputsOf(card).name?.value).toBe('Other Sally');
    expect(actionTitled(card, /existing/i).data?.contactId).toBe(sally.id);
    expect(h.sandbox.store.countContacts()).toBe(count);
  });

  it('requires name, email and client, keeping what was typed', async () => {
    const form = await h.ask('add contact');
    const card = await h.click(form, /^add/i, { name: 'Nameonly Person' });
    const text = textOf(card);
    expect(text).toMatch(/email is required/i);
    expect(text).toMatch(/client is required/i);
    expect(inputsOf(card).name?.value).toBe('Nameonly Person');
  });
});
