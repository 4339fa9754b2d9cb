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
