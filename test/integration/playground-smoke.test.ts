import {
  ActivityHandler,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
} from 'botbuilder';
import * as restify from 'restify';
import { silentLogger } from '../../src/logger';
import { startPlayground, type PlaygroundHandle } from '../../src/playground/launch';
import { PlaygroundDriver, type BotMessageEvent } from '../support/playground-driver';

/**
 * Proves the playground harness end to end: a real botbuilder CloudAdapter bot (anonymous, as in local runs),
 * the real playground child process, and the driver talking to the playground as its web page would.
 */

const ECHO_CARD_VERB = 'echo';

/** Echoes text, answers "card" with an Action.Execute card and answers that action with a new card. */
class EchoBot extends ActivityHandler {
  readonly rawTexts: string[] = [];

  constructor() {
    super();
    this.onMessage(async (context, next) => {
      this.rawTexts.push(context.activity.text ?? '');
      if (context.activity.value !== undefined && context.activity.value !== null) {
        await context.sendActivity(`submitted ${JSON.stringify(context.activity.value)}`);
      } else {
        const text = TurnContext.removeRecipientMention(context.activity)?.trim() ?? '';
        if (text === 'card') {
          await context.sendActivity({ attachments: [CardFactory.adaptiveCard(echoCard('press the button'))] });
        } else {
          await context.sendActivity(`echo: ${text}`);
        }
      }
      await next();
    });
  }

  protected override onAdaptiveCardInvoke(_context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const note = `${invokeValue.action.verb} ${JSON.stringify(invokeValue.action.data)}`;
    return Promise.resolve({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: echoCard(note) });
  }
}

function echoCard(text: string): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [{ type: 'TextBlock', text }],
    actions: [{ type: 'Action.Execute', title: 'Echo', verb: ECHO_CARD_VERB, data: { n: 1 } }],
  };
}

async function startEchoBot(bot: EchoBot): Promise<{ endpoint: string; close(): Promise<void> }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address();
  return {
    endpoint: `http://127.0.0.1:${port}/api/messages`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}

const fromBot = (conversationId: string) => (event: BotMessageEvent) => event.kind === 'create' && event.conversationId === conversationId;

describe('Agents Playground harness', () => {
  const bot = new EchoBot();
  let botServer: Awaited<ReturnType<typeof startEchoBot>>;
  let playground: PlaygroundHandle;
  let driver: PlaygroundDriver;

  beforeAll(async () => {
    botServer = await startEchoBot(bot);
    playground = await startPlayground({ botEndpoint: botServer.endpoint, port: 0, logger: silentLogger });
    driver = await PlaygroundDriver.connect(playground.url);
  }, 60_000);

  afterAll(async () => {
    await driver?.close();
    await playground?.close();
    await botServer?.close();
  });

  it('serves the profile written to its config file', async () => {
    const config = await driver.config();
    expect(config.currentUser.name).toBe('Tess Tech');
    expect(config.bot).toEqual(playground.profile.bot);
    expect(await driver.conversations()).toEqual({
      personal: playground.profile.personalChatId,
      group: playground.profile.groupChat.id,
      channel: playground.profile.team.id,
      channels: [{ id: playground.profile.team.id, name: 'General' }, playground.profile.team.channel],
    });
  });

  it('delivers a personal-chat message to the bot and streams the reply back', async () => {
    const { personal } = await driver.conversations();
    const sent = await driver.sendText(personal, 'hello there');
    const reply = await driver.nextBotMessage({ predicate: fromBot(personal) });
    expect(reply.message.text).toBe('echo: hello there');
    expect(reply.message.from.id).toBe(playground.profile.bot.id);
    expect(sent.postConversationId ?? undefined).toBeUndefined();
  });

  it('starts a channel thread for an @mention, keeping the <at> markup in the text the bot receives', async () => {
    const { channel } = await driver.conversations();
    const sent = await driver.sendText(channel, 'hello channel', { mentionBot: true });
    const thread = sent.postConversationId ?? '';
    expect(thread).toBe(`${channel};messageid=${sent.messageId}`);
    const reply = await driver.nextBotMessage({ predicate: fromBot(thread) });
    expect(reply.message.text).toBe('echo: hello channel');
    expect(bot.rawTexts).toContain(`<at>${playground.profile.bot.name}</at> hello channel`);
  });

  it('answers an Action.Execute invoke with the card from the bot invoke response', async () => {
    const { personal } = await driver.conversations();
    await driver.sendText(personal, 'card');
    const cardMessage = await driver.nextBotMessage({ predicate: fromBot(personal) });
    expect(cardMessage.message.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');

    const result = await driver.executeAction(personal, cardMessage.message.messageId, { verb: ECHO_CARD_VERB, data: { n: 1 } });
    expect(result.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(result.value).toMatchObject({ body: [{ type: 'TextBlock', text: 'echo {"n":1}' }] });
  });

  it('delivers an Action.Submit as a message carrying the card data', async () => {
    const { personal } = await driver.conversations();
    await driver.sendText(personal, 'card');
    const cardMessage = await driver.nextBotMessage({ predicate: fromBot(personal) });
    await driver.submit(personal, cardMessage.message.messageId, { field: 'value' });
    const reply = await driver.nextBotMessage({ predicate: fromBot(personal) });
    expect(reply.message.text).toBe('submitted {"field":"value"}');
  });
});
