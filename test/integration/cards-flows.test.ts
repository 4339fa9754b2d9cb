import { BotHarness } from '../support/bot-harness';
import { actionsOf, actionTitled, formValues, inputsOf, leftoverTemplateExpressions, textOf } from '../support/card-inspect';
import { cardsOf, type CardJson } from '../support/connector';
import { BOT, invoke, message, submit, type Scope } from '../support/teams-activities';

/**
 * Issue 11's cards over real HTTP: results that page and lead back, examples that run when tapped, the
 * @mention form in channels, long notes kept out of channels, an inert compose-box preview, and every card
 * action driven the way Teams on a phone sends it (Action.Submit with a clientInfo entity).
 */
let h: BotHarness;
const PAGER_COUNT = 12;
const pagerIds: number[] = [];
let notesId = 0;

beforeAll(async () => {
  h = await BotHarness.start();
  const store = h.sandbox.store;
  for (let i = 1; i <= PAGER_COUNT; i++) {
    const n = String(i).padStart(2, '0');
    pagerIds.push(
      store.insertContact({
        contact_name: `Pagetest Person${n}`,
        contact_email: i % 3 === 0 ? '' : `pagetest${n}@acme.example`,
        contact_phone: i % 2 === 0 ? `55530000${n}` : '',
        contact_client_id: 1,
        contact_created_at: store.timestamp(),
      }),
    );
  }
  notesId = store.insertContact({
    contact_name: 'Notella Longnotes',
    contact_notes: `Gate code 4417 at the back. ${'The alarm panel is behind reception; its code is kept by the office manager. '.repeat(5)}Bank account 99-1234-5678.`,
    contact_client_id: 1,
    contact_created_at: store.timestamp(),
  });
  store.insertContact({ contact_name: '[click](https://evil.example) Markdownperson', contact_client_id: 1, contact_created_at: store.timestamp() });
  await h.app.directory.refresh();
});
afterAll(async () => {
  await h?.stop();
});

function expectClean(card: CardJson): void {
  expect(card.type).toBe('AdaptiveCard');
  expect(leftoverTemplateExpressions(card)).toEqual([]);
}

describe('results that page and lead back', () => {
  it('pages with "Show more", opens a row, and goes back to the same page', async () => {
    const first = await h.ask('find pagetest');
    expectClean(first);
    expect(textOf(first)).toContain(`1–8 of ${PAGER_COUNT} contacts`);
    const second = await h.click(first, 'Show more');
    expect(textOf(second)).toContain(`9–${PAGER_COUNT} of ${PAGER_COUNT} contacts`);
    expect(actionsOf(second).map((a) => a.title)).not.toContain('Show more');
    const secondNames = textOf(second).match(/Pagetest Person\d\d/g) ?? [];
    expect(secondNames).toHaveLength(PAGER_COUNT - 8);
    // No row repeats between the pages.
    for (const name of secondNames) expect(textOf(first)).not.toContain(name);

    const rowOpen = actionsOf(second).find((a) => a.title === 'View contact')!;
    const contact = await h.execute(rowOpen.verb!, rowOpen.data!);
    expect(textOf(contact)).toContain(secondNames[0]!);
    const back = await h.click(contact, 'Back to results');
    expect(textOf(back)).toContain(`9–${PAGER_COUNT} of ${PAGER_COUNT} contacts`);
    expect(textOf(back).match(/Pagetest Person\d\d/g)).toEqual(secondNames);
    const previous = await h.click(back, 'Previous');
    expect(textOf(previous)).toContain(`1–8 of ${PAGER_COUNT} contacts`);
  });

  it('keeps the client filter while paging', async () => {
    const first = await h.ask('find pagetest at globex');
    expect(textOf(first)).not.toContain('Pagetest');
    const acme = await h.ask('find pagetest at acme');
    const more = actionTitled(acme, 'Show more');
    expect(more.data).toMatchObject({ client: 'acme', offset: 8 });
  });

  it('shows client, Call and Email per row where the contact has them', async () => {
    const card = await h.ask('find pagetest');
    const text = textOf(card);
    expect(text).toContain('Acme');
    const links = actionsOf(card).filter((a) => a.type === 'Action.OpenUrl');
    expect(links.filter((a) => a.title === 'Email').every((a) => a.url!.startsWith('mailto:pagetest'))).toBe(true);
    expect(links.filter((a) => a.title === 'Call').every((a) => a.url!.startsWith('tel:'))).toBe(true);
    // Rows 1–8: emails for all but 3 and 6, phones for the even ones.
    expect(links.filter((a) => a.title === 'Email')).toHaveLength(6);
    expect(links.filter((a) => a.title === 'Call')).toHaveLength(4);
  });

  it('a stale or forged page request is answered, never crashes', async () => {
    const card = await h.execute('results.page', { verb: 'results.page', query: 'pagetest', offset: 99999 });
    expect(textOf(card)).toMatch(/No more of \d+ contacts/);
    const bad = await h.execute('results.page', { verb: 'results.page', query: '', offset: -1 });
    expect(textOf(bad)).toMatch(/did not work/i);
    const badOpen = await h.execute('results.open', { verb: 'results.open', query: 'x', contactId: 'abc' });
    expect(textOf(badOpen)).toMatch(/did not work/i);
  });
});

describe('help examples run when tapped', () => {
  /** What Teams sends for an Action.Submit whose data is a messageBack: the text as a message, no value. */
  async function tapExample(card: CardJson, label: string, scope: Scope): Promise<CardJson[]> {
    const action = actionTitled(card, label);
    expect(action.type).toBe('Action.Submit');
    const back = (action.data as { msteams: { type: string; text: string } }).msteams;
    const activity = { ...message(back.text, h.opts(scope)), text: back.text, entities: [] };
    const before = h.connector.calls.length;
    const { status } = await h.post(activity);
    expect(status).toBe(200);
    return h.connector.calls.slice(before).flatMap((c) => cardsOf(c.activity));
  }

  it('in a personal chat an example is a button that runs the command', async () => {
    const help = await h.ask('help');
    const [answer] = await tapExample(help, 'find sally', 'personal');
    expect(textOf(answer!)).toContain('Sally Smith');
  });

  it('in a channel the examples show "@ITFlow …" and still run; the card says to @mention the bot', async () => {
    const help = await h.ask('help', 'channel');
    expect(textOf(help)).toMatch(/@mention me: type @ITFlow/);
    const [answer] = await tapExample(help, `@${BOT.name} find sally`, 'channel');
    expect(textOf(answer!)).toContain('Sally Smith');
  });

  it('the welcome posted in a channel says the bot must be @mentioned, with @mention examples', async () => {
    const before = h.connector.calls.length;
    const install = { ...invoke('x', null, h.opts('channel')), type: 'installationUpdate', action: 'add', name: undefined };
    const { status } = await h.post(install);
    expect(status).toBe(200);
    const [welcome] = h.connector.calls.slice(before).flatMap((c) => cardsOf(c.activity));
    expect(textOf(welcome!)).toMatch(/In a channel I only see messages that @mention me/);
    expect(actionsOf(welcome!).map((a) => a.title)).toContain(`@${BOT.name} find sally`);
  });
});

describe('long notes', () => {
  it('a personal chat gets a preview and the full notes behind "Show more"', async () => {
    const card = await h.ask(`show contact ${notesId}`);
    expect(JSON.stringify(card)).toContain('Bank account 99-1234-5678');
    expect(actionTitled(card, 'Show more').type).toBe('Action.ToggleVisibility');
  });

  it('a channel gets only the preview and where to read the rest', async () => {
    const card = await h.ask(`show contact ${notesId}`, 'channel');
    const json = JSON.stringify(card);
    expect(json).toContain('Gate code 4417');
    expect(json).not.toContain('Bank account');
    expect(textOf(card)).toContain(`show contact ${notesId}`);
  });
});

describe('compose-box preview', () => {
  it('escapes markdown in names, so a link in a name is inert', async () => {
    const { status, body } = await h.post(invoke('composeExtension/query', { commandId: 'findContact', parameters: [{ name: 'query', value: 'markdownperson' }] }, h.opts('channel')));
    expect(status).toBe(200);
    const attachments = (body as { composeExtension: { attachments: Array<{ preview: { content: { title: string } } }> } }).composeExtension.attachments;
    const title = attachments.map((a) => a.preview.content.title).find((t) => t.includes('Markdownperson'))!;
    expect(title).toBe('\\[click\\]\\(https\\://evil.example\\) Markdownperson');
    expect(title).not.toMatch(/(^|[^\\])\[click(^|[^\\])\]\(/);
  });
});

describe('Teams on a phone: every verb through Action.Submit', () => {
  const ANDROID = { type: 'clientInfo', locale: 'en-US', platform: 'Android', timezone: 'Europe/London' };
  let tapped = 0;

  function expectSubmitOnly(card: CardJson): void {
    const types = actionsOf(card).map((a) => a.type);
    expect(types).not.toContain('Action.Execute');
    for (const a of actionsOf(card).filter((x) => x.type === 'Action.Submit')) {
      const data = a.data as Record<string, unknown>;
      // Every verb travels in the data, where a Submit carries it; examples carry a messageBack instead.
      expect(typeof data.verb === 'string' || typeof (data.msteams as { text?: unknown } | undefined)?.text === 'string').toBe(true);
    }
  }

  /** Types a command on the phone; the answer card is posted. */
  async function typeOnPhone(text: string, scope: Scope = 'personal'): Promise<CardJson> {
    const typed = message(text, h.opts(scope));
    const entities = [...((typed.entities as unknown[] | undefined) ?? []), ANDROID];
    const before = h.connector.calls.length;
    const { status } = await h.post({ ...typed, entities });
    expect(status).toBe(200);
    const cards = h.connector.calls.slice(before).filter((c) => c.method === 'POST').flatMap((c) => cardsOf(c.activity));
    expect(cards).toHaveLength(1);
    expectSubmitOnly(cards[0]!);
    return cards[0]!;
  }

  /** Taps a button as Teams mobile sends it: a message with the action's data and the inputs as value. */
  async function tapOnPhone(card: CardJson, title: string | RegExp, typed: Record<string, string> = {}, scope: Scope = 'personal'): Promise<CardJson> {
    const action = actionTitled(card, title);
    expect(action.type).toBe('Action.Submit');
    return sendOnPhone({ ...(action.data ?? {}), ...formValues(card, typed) }, scope);
  }

  async function sendOnPhone(value: Record<string, unknown>, scope: Scope = 'personal'): Promise<CardJson> {
    const replyToId = `phone-card-${++tapped}`;
    const before = h.connector.calls.length;
    const { status } = await h.post({ ...submit(value, { ...h.opts(scope), replyToId }), entities: [ANDROID] });
    expect(status).toBe(200);
    const calls = h.connector.calls.slice(before);
    // The bot replaces the tapped card itself, as an Execute answer would have, and posts nothing new.
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
    const updates = calls.filter((c) => c.method === 'PUT' && c.activityId === replyToId).flatMap((c) => cardsOf(c.activity));
    expect(updates).toHaveLength(1);
    expectClean(updates[0]!);
    expectSubmitOnly(updates[0]!);
    return updates[0]!;
  }

  it('results.page, results.open, Back to results', async () => {
    const first = await typeOnPhone('find pagetest');
    const second = await tapOnPhone(first, 'Show more');
    expect(textOf(second)).toContain(`9–${PAGER_COUNT} of`);
    const contact = await tapOnPhone(second, 'View contact');
    const back = await tapOnPhone(contact, 'Back to results');
    expect(textOf(back)).toContain(`9–${PAGER_COUNT} of`);
  });

  it('contact.edit, contact.save, contact.cancel, contact.view', async () => {
    const id = pagerIds[0]!;
    const contact = await typeOnPhone(`show contact ${id}`);
    const form = await tapOnPhone(contact, 'Edit');
    expect(inputsOf(form).title).toBeDefined();
    const saved = await tapOnPhone(form, 'Save', { title: 'Saved from a phone' });
    expect(textOf(saved)).toContain('Saved from a phone');
    expect((h.sandbox.store.getContactRow(id) as Record<string, unknown>).contact_title).toBe('Saved from a phone');
    const again = await tapOnPhone(saved, 'Edit');
    const cancelled = await tapOnPhone(again, 'Cancel', { title: 'Not saved' });
    expect(textOf(cancelled)).toContain('Saved from a phone');
    expect((h.sandbox.store.getContactRow(id) as Record<string, unknown>).contact_title).toBe('Saved from a phone');
    const viewed = await sendOnPhone({ verb: 'contact.view', contactId: id });
    expect(textOf(viewed)).toContain('Pagetest Person01');
  });

  it('posts the answer when Teams will not update the tapped card', async () => {
    h.connector.failNext = { status: 404, count: 1 };
    const before = h.connector.calls.length;
    const { status } = await h.post({ ...submit({ verb: 'contact.view', contactId: pagerIds[2]! }, { ...h.opts(), replyToId: 'gone-card' }), entities: [ANDROID] });
    expect(status).toBe(200);
    const posted = h.connector.calls.slice(before).filter((c) => c.method === 'POST').flatMap((c) => cardsOf(c.activity));
    expect(posted).toHaveLength(1);
    expect(textOf(posted[0]!)).toContain('Pagetest Person03');
    expectSubmitOnly(posted[0]!);
  });

  it('contact.forceSave from the conflict card', async () => {
    const id = pagerIds[1]!;
    const form = await tapOnPhone(await typeOnPhone(`show contact ${id}`), 'Edit');
    h.sandbox.store.updateContactRaw(id, { contact_title: 'Changed in ITFlow' });
    const conflict = await tapOnPhone(form, 'Save', { notes: 'Phone note' });
    expect(textOf(conflict)).toContain('Changed in ITFlow');
    const forced = await tapOnPhone(conflict, /anyway/i);
    expect(textOf(forced)).toContain('Phone note');
    expect((h.sandbox.store.getContactRow(id) as Record<string, unknown>).contact_notes).toBe('Phone note');
  });

  it('contact.add, contact.addCancel, contact.create, help', async () => {
    const noMatch = await typeOnPhone('find zebedee phoneperson');
    const form = await tapOnPhone(noMatch, /add/i);
    const cancelled = await tapOnPhone(form, 'Cancel');
    expect(textOf(cancelled)).toMatch(/nothing was added/i);
    const form2 = await tapOnPhone(cancelled, 'Add contact');
    const created = await tapOnPhone(form2, 'Add contact', { name: 'Phoebe Phone', email: 'phoebe.phone@acme.example', clientId: '1' });
    expect(textOf(created)).toContain('Phoebe Phone');
    expect(h.sandbox.store.emailExistsInClient('phoebe.phone@acme.example', 1)).toBe(true);
    // "Show all commands" on the welcome card: the help verb.
    const help = await sendOnPhone({ verb: 'help' });
    expect(textOf(help)).toContain('what you can ask');
  });
});

describe('the conflict card says who and when', () => {
  const ALEX = { id: '29:1alex-admin', name: 'Alex Admin', aadObjectId: '0c1d2e3f-1111-4a43-9d1f-1f4f2b2a7c22' };

  it('names the Teams user whose save came through the bot', async () => {
    const id = pagerIds[3]!;
    const tessForm = await h.click(await h.ask(`show contact ${id}`), 'Edit');
    const alexForm = await h.click(await h.ask(`show contact ${id}`), 'Edit', {}, { from: ALEX });
    await h.click(alexForm, 'Save', { title: 'Set by Alex' }, { from: ALEX });
    const conflict = await h.click(tessForm, 'Save', { title: 'Set by Tess' });
    const text = textOf(conflict);
    expect(text).toContain('Someone else changed this contact');
    expect(text).toMatch(/Alex Admin changed it through Teams at \d{4}-\d\d-\d\d \d\d:\d\d UTC\./);
  });

  it('tells a user the other change was their own, from another card', async () => {
    const id = pagerIds[4]!;
    const older = await h.click(await h.ask(`show contact ${id}`), 'Edit');
    const newer = await h.click(await h.ask(`show contact ${id}`), 'Edit');
    await h.click(newer, 'Save', { title: 'First card' });
    const conflict = await h.click(older, 'Save', { title: 'Second card' });
    expect(textOf(conflict)).toContain('You changed this contact in another card');
    expect(textOf(conflict)).toMatch(/You changed it through Teams at .* UTC, in another card\./);
  });

  it('gives ITFlow\'s contact_updated_at when the change was made in ITFlow', async () => {
    const id = pagerIds[6]!;
    const form = await h.click(await h.ask(`show contact ${id}`), 'Edit');
    h.sandbox.store.updateContactRaw(id, { contact_title: 'Edited in ITFlow', contact_updated_at: '2031-04-05 06:07:08' });
    const conflict = await h.click(form, 'Save', { title: 'Mine' });
    expect(textOf(conflict)).toContain('It was changed in ITFlow at 2031-04-05 06:07:08 (ITFlow server time).');
  });
});

describe('"Open in ITFlow" in sandbox mode', () => {
  it('links to a read-only contact page the sandbox serves at ITFlow\'s path, with the text escaped', async () => {
    const id = pagerIds[7]!;
    h.sandbox.store.updateContactRaw(id, { contact_notes: '<script>alert(1)</script> & more', contact_pin: '8642' });
    const card = await h.ask(`show contact ${id}`);
    const url = actionTitled(card, 'Open in ITFlow').url!;
    expect(url).toBe(`${h.sandbox.url}/agent/contact.php?client_id=1&contact_id=${id}`);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('Pagetest Person08');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('8642');
  });

  it('answers not found for a wrong client, a missing id or junk, and refuses writes', async () => {
    const id = pagerIds[7]!;
    for (const query of [`client_id=2&contact_id=${id}`, 'client_id=1', 'client_id=1&contact_id=99999999', 'client_id=x&contact_id=%00']) {
      const res = await fetch(`${h.sandbox.url}/agent/contact.php?${query}`);
      expect([query, res.status]).toEqual([query, 404]);
      expect(await res.text()).not.toContain('Pagetest');
    }
    const post = await fetch(`${h.sandbox.url}/agent/contact.php?client_id=1&contact_id=${id}`, { method: 'POST', body: 'x=1' });
    expect(post.status).toBe(405);
  });
});

describe('add form: an unknown client is said, with the closest offered', () => {
  it('"new contact … at acme corpp" says no client is called that and offers Acme Corp with one tap', async () => {
    const form = await h.ask('new contact Bruce Wayne bruce@wayne.example at acme corpp');
    expectClean(form);
    expect(textOf(form)).toContain('No client is called “acme corpp”. Did you mean one of these?');
    expect(inputsOf(form).clientId?.value ?? '').toBe('');
    const offer = actionTitled(form, 'Acme Corp');
    expect(offer.data).toEqual({ verb: 'contact.add', clientId: 1, name: 'Bruce Wayne', email: 'bruce@wayne.example' });
    // associatedInputs 'none': Teams sends the button's data alone.
    expect(offer).toMatchObject({ type: 'Action.Execute', associatedInputs: 'none' });
    const chosen = await h.execute(offer.verb!, offer.data!);
    const inputs = inputsOf(chosen);
    expect(inputs.clientId?.value).toBe('1');
    expect(inputs.name?.value).toBe('Bruce Wayne');
    expect(inputs.email?.value).toBe('bruce@wayne.example');
    // The client's primary location comes preselected with it.
    expect(inputs.locationId?.value).not.toBe('0');
    expect(textOf(chosen)).not.toContain('No client is called');
  });

  it('with nothing close, says so and asks to pick the client', async () => {
    const form = await h.ask('new contact Bruce Wayne at zzqxv');
    expect(textOf(form)).toContain('No client is called “zzqxv”. Please pick the client in the Client field.');
    expect(actionsOf(form).map((a) => a.title)).toEqual(expect.not.arrayContaining(['Acme Corp']));
  });
});
