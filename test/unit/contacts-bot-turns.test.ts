import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { AccessPolicy } from '../../src/bot/access';
import { ContactsBot } from '../../src/bot/contacts-bot';
import { ContactDirectory } from '../../src/contacts/directory';
import { ContactService } from '../../src/contacts/contact-service';
import { silentLogger } from '../../src/logger';
import { actionsOf, textOf } from '../support/card-inspect';
import type { CardJson } from '../support/connector';
import { FakeItflow } from '../support/fake-itflow';
import { oneInstanceWrites } from '../support/shared-writes';

/**
 * ContactsBot's routing turn by turn, with botbuilder's TestAdapter (no HTTP): typed text becomes a command,
 * an Action.Submit message and an Action.Execute invoke reach the same card verbs, and each answers with one card.
 */

let api: FakeItflow;
let directory: ContactDirectory;
let bot: ContactsBot;
let shared: ReturnType<typeof oneInstanceWrites>;

beforeAll(async () => {
  api = new FakeItflow('latest');
  directory = new ContactDirectory(api, { refreshSeconds: 3600, logger: silentLogger });
  await directory.refresh();
  shared = oneInstanceWrites();
  bot = new ContactsBot({
    store: shared.store,
    service: new ContactService(api, directory, shared),
    access: new AccessPolicy({ allowedTenantIds: [], editorIds: [], readOnly: false }),
    contactLink: () => null,
    itflowBaseUrl: 'https://itflow.test.invalid',
    logger: silentLogger,
    newFormId: () => 'form-1',
  });
});
afterAll(async () => {
  await directory.stop();
  await shared.store.close();
});

function adapter(): TestAdapter {
  return new TestAdapter((context) => bot.run(context));
}

function cardIn(activity: Partial<Activity>): CardJson {
  expect(activity.type).toBe(ActivityTypes.Message);
  expect(activity.attachments).toHaveLength(1);
  expect(activity.attachments![0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return activity.attachments![0]!.content as CardJson;
}

const sallySmith = () => [...api.contacts.values()].find((c) => c.name === 'Sally Smith')!;

describe('ContactsBot turns', () => {
  it('answers typed text with the results card of the command it reads', async () => {
    await adapter()
      .send('find sally')
      .assertReply((activity) => {
        const card = cardIn(activity);
        expect(textOf(card)).toContain('Sally Smith');
        expect(textOf(card)).toContain('Sally Jones');
        expect(actionsOf(card).filter((a) => a.verb === 'results.open')).toHaveLength(2);
      });
  });

  it('reads a bare name as a lookup, and anything else as a request for help', async () => {
    await adapter()
      .send('marcus at acme')
      .assertReply((activity) => {
        expect(textOf(cardIn(activity))).toContain('marcus@acme.example');
      })
      .send('what is the weather like')
      .assertReply((activity) => {
        expect(activity.text).toBe("Sorry, I didn't understand that. Here is what I can do:");
        expect(actionsOf(cardIn(activity)).length).toBeGreaterThan(0);
      });
  });

  it('reads past the @mention in a channel message', async () => {
    await adapter()
      .send({ type: ActivityTypes.Message, text: '<at>ITFlow</at> show contact ' + sallySmith().id })
      .assertReply((activity) => {
        expect(textOf(cardIn(activity))).toContain('sally@acme.example');
      });
  });

  it('answers an Action.Submit card verb with the card it asks for', async () => {
    const sally = sallySmith();
    await adapter()
      .send({ type: ActivityTypes.Message, value: { verb: 'contact.edit', contactId: String(sally.id) } })
      .assertReply((activity) => {
        const card = cardIn(activity);
        expect(textOf(card)).toContain('Sally Smith');
        expect(actionsOf(card).map((a) => a.verb)).toContain('contact.save');
      });
  });

  it('answers an Action.Execute invoke with an invoke response carrying the card', async () => {
    const sally = sallySmith();
    await adapter()
      .send({ type: ActivityTypes.Invoke, name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'contact.view', data: { contactId: sally.id } } } })
      .assertReply((activity) => {
        expect(activity.type).toBe('invokeResponse');
        const response = activity.value as { status: number; body: { statusCode: number; type: string; value: CardJson } };
        expect(response.status).toBe(200);
        expect(response.body.type).toBe('application/vnd.microsoft.card.adaptive');
        expect(textOf(response.body.value)).toContain('sally@acme.example');
      });
  });

  it('answers an unknown card verb with a polite card, not an error', async () => {
    await adapter()
      .send({ type: ActivityTypes.Message, value: { verb: 'contact.delete', contactId: '1' } })
      .assertReply((activity) => {
        expect(textOf(cardIn(activity))).toMatch(/That button did not work/);
      });
  });
});
