import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import restify from 'restify';
import { runChild } from './child-side';
import { closeServer, listenOnLoopback } from './listen';

/**
 * Child process: the ceiling. Bare restify + botbuilder (anonymous CloudAdapter, the same body parser as the
 * real server) that echoes each message as plain text: all the HTTP and Bot Framework cost, none of ours.
 */
runChild(async () => {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await adapter.process(req, res, async (context: TurnContext) => {
      if (context.activity.type === 'message') await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
    });
  });
  const url = await listenOnLoopback(server);
  return {
    ready: { type: 'ready', url, warmupMs: null, loaded: null, state: null },
    close: () => closeServer(server),
  };
});
