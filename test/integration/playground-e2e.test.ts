import { ItflowClient } from '../../src/itflow/client';
import { silentLogger } from '../../src/logger';
import { startPlayground, type PlaygroundHandle } from '../../src/playground/launch';
import { BotHarness } from '../support/bot-harness';
import { actionsOf, actionTitled, formValues, inputsOf, textOf } from '../support/card-inspect';
import type { CardJson } from '../support/connector';
import { PlaygroundDriver, type BotMessageEvent } from '../support/playground-driver';

/**
 * The real app (embedded ITFlow sandbox, anonymous bot) chatted with through the real Microsoft 365 Agents
 * Playground, the way a technician would use it in Teams: the playground sends its own Teams-shaped activities
 * (its tenant, ids and mention markup), and serves the Bot Connector API the bot answers to.
 */

let h: BotHarness;
let playground: PlaygroundHandle;
let driver: PlaygroundDriver;

beforeAll(async () => {
  h = await BotHarness.start();
  playground = await startPlayground({ botEndpoint: `${h.app.server.url}/api/messages`, port: 0, logger: silentLogger });
  driver = await PlaygroundDriver.connect(playground.url);
}, 60_000);

afterAll(async () => {
  await driver?.close();
  await playground?.close();
  await h?.stop();
});

const created = (conversationId: string) => (e: BotMessageEvent) => e.kind === 'create' && e.conversationId === conversationId;

function cardOf(event: BotMessageEvent): CardJson {
  const attachment = event.message.attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  if (attachment === undefined) throw new Error(`no card in the bot's message: ${JSON.stringify(event.message.text)}`);
  return attachment.content as CardJson;
}

async function contactId(name: string): Promise<number> {
  const itflow = new ItflowClient({ baseUrl: h.sandbox.url, apiKey: h.sandbox.adminKey });
  try {
    for (let offset = 0; ; offset += 500) {
      const page = await itflow.listContacts({ limit: 500, offset });
      const found = page.find((c) => c.name === name);
      if (found !== undefined) return found.id;
      if (page.length < 500) throw new Error(`no contact named ${name}`);
    }
  } finally {
    await itflow.close();
  }
}

it('uses the playground\'s tenant, which the default configuration allows', async () => {
  const config = await driver.config();
  expect(config.tenantId).toBe('00000000-0000-0000-0000-0000000000001');
});

it('answers an @mention in a channel with the results card, in the thread', async () => {
  const { channel } = await driver.conversations();
  const sent = await driver.sendText(channel, 'find sally', { mentionBot: true });
  const thread = sent.postConversationId ?? '';
  const reply = await driver.nextBotMessage({ predicate: created(thread) });
  const text = textOf(cardOf(reply));
  expect(text).toContain('Sally Smith');
  expect(text).toContain('Sally Jones');
});

it('opens a contact from the results with Action.Execute', async () => {
  const { personal } = await driver.conversations();
  await driver.sendText(personal, 'find sally');
  const results = await driver.nextBotMessage({ predicate: created(personal) });
  const jones = await contactId('Sally Jones');
  const view = actionsOf(cardOf(results)).find((a) => a.verb === 'results.open' && Number(a.data?.contactId) === jones);
  expect(view).toBeDefined();
  const result = await driver.executeAction(personal, results.message.messageId, { verb: 'results.open', data: view!.data });
  expect(result.type).toBe('application/vnd.microsoft.card.adaptive');
  const card = result.value as CardJson;
  expect(textOf(card)).toContain('Sally Jones');
  expect(textOf(card)).toContain('sally.jones@globex.example');
});

it('edits and saves a contact: the new card comes back, the posted card is updated, ITFlow has the change', async () => {
  const { personal } = await driver.conversations();
  const id = await contactId('Frank Grimes');
  await driver.sendText(personal, `show contact ${id}`);
  const shown = await driver.nextBotMessage({ predicate: created(personal) });

  const edit = actionTitled(cardOf(shown), 'Edit');
  const form = (await driver.executeAction(personal, shown.message.messageId, { verb: edit.verb ?? '', data: edit.data })).value as CardJson;
  expect(inputsOf(form).name?.value).toBe('Frank Grimes');

  const save = actionTitled(form, 'Save');
  const data = { ...(save.data ?? {}), ...formValues(form, { title: 'Lab Infrastructure Lead' }) };
  const saved = await driver.executeAction(personal, shown.message.messageId, { verb: save.verb ?? '', data });
  expect(textOf(saved.value as CardJson)).toContain('Lab Infrastructure Lead');

  const updated = await driver.nextBotMessage({ predicate: (e) => e.kind === 'update' && e.conversationId === personal });
  expect(textOf(cardOf(updated))).toContain('Lab Infrastructure Lead');
  expect((h.sandbox.store.getContactRow(id) as Record<string, unknown>).contact_title).toBe('Lab Infrastructure Lead');
});

it('answers a compose-box search (composeExtension/query) with contact cards to insert', async () => {
  const { group } = await driver.conversations();
  const answer = await driver.invoke(group, {
    name: 'composeExtension/query',
    value: { commandId: 'findContact', parameters: [{ name: 'query', value: 'sally at acme' }], queryOptions: { skip: 0, count: 10 } },
  });
  const result = answer.composeExtension as { type: string; attachments: Array<{ content: CardJson; preview: { content: { title: string } } }> };
  expect(result.type).toBe('result');
  expect(result.attachments.map((a) => a.preview.content.title)).toEqual(['Sally Smith ★']);
  expect(textOf(result.attachments[0]!.content)).toContain('sally@acme.example');
});

it('welcomes when the app is installed', async () => {
  const { group } = await driver.conversations();
  await driver.install(group);
  const welcome = await driver.nextBotMessage({ predicate: created(group) });
  // The examples are buttons, in the @mention form in a group chat.
  expect([textOf(cardOf(welcome)), ...actionsOf(cardOf(welcome)).map((a) => a.title)].join('\n')).toMatch(/@.+ find sally/i);
});

it('opens the add-contact dialog of the message action and creates the contact from it', async () => {
  const { group } = await driver.conversations();
  const messagePayload = {
    id: '1700000000999',
    from: { user: { id: 'user-id-2', displayName: 'Omar Owner' } },
    body: { contentType: 'html', content: '<p>Thanks,<br>Omar Owner<br>Facilities Manager<br>Mobile: 512-555-9111<br>omar.owner@initech.example</p>' },
  };
  const opened = await driver.invoke(group, { name: 'composeExtension/fetchTask', value: { commandId: 'addFromMessage', commandContext: 'message', messagePayload } });
  const task = opened.task as { type: string; value: { card: { content: CardJson } } };
  expect(task.type).toBe('continue');
  const form = task.value.card.content;
  expect(inputsOf(form).email?.value).toBe('omar.owner@initech.example');

  const add = actionTitled(form, 'Add contact');
  const data = { ...(add.data ?? {}), ...formValues(form) };
  const submitted = await driver.invoke(group, { name: 'composeExtension/submitAction', value: { commandId: 'addFromMessage', commandContext: 'message', data } });
  const result = submitted.composeExtension as { type: string; attachments: Array<{ content: CardJson }> };
  expect(result.type).toBe('result');
  expect(textOf(result.attachments[0]!.content)).toContain('Omar Owner');
  expect(await contactId('Omar Owner')).toBeGreaterThan(0);
});

it('unfurls a pasted ITFlow contact link', async () => {
  const { group } = await driver.conversations();
  const id = await contactId('Sally Smith');
  const answer = await driver.invoke(group, { name: 'composeExtension/queryLink', value: { url: `${h.sandbox.url}/agent/contact.php?contact_id=${id}` } });
  const result = answer.composeExtension as { attachments: Array<{ content: CardJson }> };
  expect(textOf(result.attachments[0]!.content)).toContain('Sally Smith');
});
