import { ALL_CLIENTS } from '../../src/sandbox/api-keys';
import { BotHarness } from '../support/bot-harness';
import { actionTitled, formValues, inputsOf, textOf } from '../support/card-inspect';
import { cardsOf, type CardJson } from '../support/connector';
import { execute, submit, TESS, type Scope } from '../support/teams-activities';

/**
 * Verify PIN over HTTP as Teams drives it: the PIN card, wrong and right PINs, a contact without a PIN, the
 * per-contact attempt limit, channels (the card goes to the personal chat; nothing to the channel) and the audit.
 * Every activity the bot sends, every invoke answer and every log line is kept, and none may contain a PIN.
 */

const PIN = '4827-QZ';
const OTHER_PIN = '1357-XY';
const SLOW_PIN = '9753-WV';
const PERSONAL = 'a:1personal-chat-with-tess';
const STRANGER = { id: '29:1stranger', name: 'Sam Stranger', aadObjectId: '5a5a5a5a-1111-2222-3333-444444444444' };

let h: BotHarness;
const invokeAnswers: string[] = [];
const ids: Record<string, number> = {};

function idOf(email: string): number {
  const row = h.sandbox.store.contactsByEmail(email, ALL_CLIENTS)[0];
  if (row === undefined) throw new Error(`no contact ${email}`);
  return Number(row.contact_id);
}

beforeAll(async () => {
  h = await BotHarness.start({ env: { ITFLOW_TIMEOUT_MS: '6000' } });
  ids.aisha = idOf('aisha.rahman@acme.example');
  ids.sally = idOf('sally@acme.example');
  ids.john = idOf('john.carter@acme.example');
  ids.dana = idOf('dana.whitfield@acme.example');
  ids.priya = idOf('priya.patel@acme.example');
  h.sandbox.store.updateContactRaw(ids.aisha, { contact_pin: PIN });
  h.sandbox.store.updateContactRaw(ids.john, { contact_pin: OTHER_PIN });
  h.sandbox.store.updateContactRaw(ids.priya, { contact_pin: SLOW_PIN });
  // Tess has talked to the bot in her personal chat, so the bot knows the way there.
  await h.say('help');
});
afterAll(async () => {
  await h?.stop();
});

/** An Action.Execute press; the invoke answer's card (every answer is kept for the leak check). */
async function press(verb: string, data: Record<string, unknown>, scope: Scope = 'personal', from = TESS): Promise<CardJson> {
  const { status, body } = await h.post(execute(verb, data, { ...h.opts(scope, { from }) }));
  invokeAnswers.push(JSON.stringify(body));
  expect(status).toBe(200);
  return (body as { value: CardJson }).value;
}

function audits(): Array<Record<string, unknown>> {
  return h.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'audit' && l.action === 'verify PIN');
}

describe('in a personal chat', () => {
  it('offers Verify PIN on the contact card and answers with a password input that holds nothing', async () => {
    const contact = await h.ask(`show contact ${ids.aisha}`);
    const verify = actionTitled(contact, 'Verify PIN');
    expect(verify.verb).toBe('contact.verifyPin');
    const card = await press(verify.verb!, verify.data!);
    expect(textOf(card)).toContain('Verify PIN — Aisha Rahman');
    const pin = inputsOf(card).pin as unknown as Record<string, unknown>;
    expect(pin).toMatchObject({ type: 'Input.Text', style: 'Password' });
    expect(pin.value).toBeUndefined();
    expect(actionTitled(card, 'Check').data).toEqual({ verb: 'contact.checkPin', contactId: ids.aisha });
  });

  it('answers ✗ for a wrong PIN (with the input again) and ✓ for the right one', async () => {
    const card = await press('contact.verifyPin', { contactId: ids.aisha });
    const wrong = await press('contact.checkPin', { ...actionTitled(card, 'Check').data, ...formValues(card, { pin: '0000' }) });
    expect(textOf(wrong)).toContain('✗ PIN does not match');
    expect(inputsOf(wrong).pin).toBeDefined();
    const right = await press('contact.checkPin', { ...actionTitled(wrong, 'Check').data, ...formValues(wrong, { pin: ` ${PIN} ` }) });
    expect(textOf(right)).toContain('✓ PIN matches');
    expect(textOf(right)).not.toContain('does not match');
    // Case counts: a PIN may hold letters.
    const lower = await press('contact.checkPin', { contactId: ids.aisha, pin: PIN.toLowerCase() });
    expect(textOf(lower)).toContain('✗ PIN does not match');
  });

  it('asks again for an empty PIN without spending an attempt', async () => {
    const before = audits().length;
    const card = await press('contact.checkPin', { contactId: ids.aisha, pin: '   ' });
    expect(textOf(card)).toContain('No PIN typed');
    expect(audits()).toHaveLength(before);
  });

  it('says so for a contact without a PIN, on opening and on checking', async () => {
    const opened = await press('contact.verifyPin', { contactId: ids.sally });
    expect(textOf(opened)).toContain('No PIN on file');
    expect(textOf(opened)).toContain('Sally Smith has no PIN in ITFlow');
    expect(inputsOf(opened).pin).toBeUndefined();
    const checked = await press('contact.checkPin', { contactId: ids.sally, pin: '1234' });
    expect(textOf(checked)).toContain('No PIN on file');
  });

  it('answers an unknown contact as not found', async () => {
    expect(textOf(await press('contact.verifyPin', { contactId: 999999 }))).toMatch(/not found|no contact/i);
    expect(textOf(await press('contact.checkPin', { contactId: 999999, pin: '1' }))).toMatch(/not found|no contact/i);
  });

  it('works through Action.Submit too, answering in the personal chat', async () => {
    const before = h.connector.calls.length;
    const { status } = await h.post(submit({ verb: 'contact.checkPin', contactId: ids.aisha, pin: PIN }, h.opts()));
    expect(status).toBe(200);
    const sent = h.connector.calls.slice(before);
    expect(sent.map((c) => c.conversationId)).toEqual([PERSONAL]);
    expect(textOf(cardsOf(sent[0]!.activity)[0]!)).toContain('✓ PIN matches');
  });
});

describe('rate limit', () => {
  it('allows 5 checks per contact per 15 minutes, then refuses even the right PIN; other contacts are unaffected', async () => {
    for (let i = 0; i < 5; i++) {
      expect(textOf(await press('contact.checkPin', { contactId: ids.john, pin: `wrong-${i}` }))).toContain('✗ PIN does not match');
    }
    const limited = await press('contact.checkPin', { contactId: ids.john, pin: OTHER_PIN });
    expect(textOf(limited)).toContain('Too many PIN attempts');
    expect(textOf(limited)).not.toContain('matches');
    expect(audits().filter((a) => a.contactId === ids.john).map((a) => a.result)).toEqual([...Array<string>(5).fill('mismatch'), 'limited']);
    expect(textOf(await press('contact.checkPin', { contactId: ids.priya, pin: SLOW_PIN }))).toContain('✓ PIN matches');
  });
});

describe('in a channel', () => {
  it('answers the presser with the contact card and sends the PIN card to their personal chat only', async () => {
    const before = h.connector.calls.length;
    const answer = await press('contact.verifyPin', { contactId: ids.aisha }, 'channel');
    expect(textOf(answer)).toContain('Verify PIN opened in your personal chat');
    expect(textOf(answer)).toContain('Aisha Rahman');
    expect(inputsOf(answer).pin).toBeUndefined();
    const sent = h.connector.calls.slice(before);
    expect(sent.map((c) => c.conversationId)).toEqual([PERSONAL]);
    const pinCard = cardsOf(sent[0]!.activity)[0]!;
    expect(textOf(pinCard)).toContain('Verify PIN — Aisha Rahman');
    expect(inputsOf(pinCard).pin).toBeDefined();
  });

  it('tells someone the bot cannot reach privately to message it once, and sends nothing', async () => {
    const before = h.connector.calls.length;
    const answer = await press('contact.verifyPin', { contactId: ids.aisha }, 'groupChat', STRANGER);
    expect(textOf(answer)).toContain('Verify PIN opens in your personal chat');
    expect(h.connector.calls.slice(before)).toEqual([]);
  });

  it('never checks a PIN sent from a channel (no verdict, no attempt spent) and audits the refusal', async () => {
    const before = h.connector.calls.length;
    const answer = await press('contact.checkPin', { contactId: ids.dana, pin: PIN }, 'channel');
    expect(textOf(answer)).toContain('PINs are checked in your personal chat');
    expect(textOf(answer)).not.toMatch(/✓|✗/);
    const { status } = await h.post(submit({ verb: 'contact.checkPin', contactId: ids.aisha, pin: PIN }, h.opts('channel')));
    expect(status).toBe(200);
    const posted = h.connector.calls.slice(before);
    expect(posted.every((c) => !/✓|✗/.test(JSON.stringify(c.activity)))).toBe(true);
    expect(audits().filter((a) => a.contactId === ids.dana)).toEqual([expect.objectContaining({ result: 'refused', reason: 'not a personal chat' })]);
  });
});

describe('when ITFlow is slower than Teams waits', () => {
  it('answers in time without carrying the typed PIN into the retry button', async () => {
    h.sandbox.faults.set({ mode: 'hang', paths: ['contacts/read.php'], count: 1 });
    try {
      const answer = await press('contact.checkPin', { contactId: ids.priya, pin: SLOW_PIN });
      expect(textOf(answer)).toContain('ITFlow is slow to answer');
      expect(actionTitled(answer, 'Try again').data).toEqual({ verb: 'contact.checkPin', contactId: ids.priya });
    } finally {
      h.sandbox.faults.clear();
    }
  }, 15_000);
});

describe('audit and secrecy', () => {
  it('audits every check with the technician, the contact and the verdict', () => {
    const results = audits().filter((a) => a.contactId === ids.aisha).map((a) => a.result);
    expect(results).toEqual(expect.arrayContaining(['mismatch', 'match']));
    const entry = audits().find((a) => a.result === 'match')!;
    expect(entry.changedFields).toEqual([]);
    expect(entry.user).toMatchObject({ aadObjectId: TESS.aadObjectId, name: 'Tess Tech' });
  });

  it('never puts a PIN in any activity, invoke answer or log line', () => {
    expect(invokeAnswers.length).toBeGreaterThan(15);
    expect(h.connector.calls.length).toBeGreaterThan(3);
    const everything = [...h.connector.calls.map((c) => JSON.stringify(c.activity)), ...invokeAnswers, ...h.logLines].join('\n');
    for (const pin of [PIN, OTHER_PIN, SLOW_PIN, PIN.toLowerCase()]) expect(everything).not.toContain(pin);
    // The check did see them: the verdicts above depend on the stored PINs.
    expect(everything).toContain('✓ PIN matches');
  });
});
