import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import restify from 'restify';
import { digitsOnly } from '../../src/contacts/phone';
import { fold } from '../../src/contacts/text';
import { ItflowClient } from '../../src/itflow/client';
import type { Contact } from '../../src/contacts/contact';
import { runChild } from './child-side';
import { closeServer, listenOnLoopback } from './listen';

/**
 * Child process: the naive approach, for comparison. No directory: every "find" pages through all of ITFlow's
 * contacts (5,000 per request, one request at a time) and filters them, then answers with a plain-text list.
 */

const PAGE_SIZE = 5000;
const MAX_LISTED = 8;

runChild(async () => {
  const baseUrl = process.env.ITFLOW_URL ?? '';
  const apiKey = process.env.ITFLOW_API_KEY ?? '';
  const itflow = new ItflowClient({ baseUrl, apiKey });
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const server = restify.createServer({ name: 'naive-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await adapter.process(req, res, async (context: TurnContext) => {
      if (context.activity.type !== 'message') return;
      const query = (context.activity.text ?? '').replace(/^\s*find\s+/i, '');
      const hits = await scan(itflow, query);
      const listed = hits.slice(0, MAX_LISTED).map((c) => `${c.name} <${c.email}>`);
      await context.sendActivity(hits.length === 0 ? `No contact matches "${query}".` : `${hits.length} found:\n${listed.join('\n')}`);
    });
  });
  const url = await listenOnLoopback(server);
  return {
    ready: { type: 'ready', url, warmupMs: null, loaded: null, state: null },
    close: async () => {
      await closeServer(server);
      await itflow.close();
    },
  };
});

/** Every contact whose name, email or phone contains each word of the query (digits compared as digits). */
async function scan(itflow: ItflowClient, query: string): Promise<Contact[]> {
  const words = fold(query).split(/\s+/).filter((w) => w !== '' && w !== 'at');
  const hits: Contact[] = [];
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const page = await itflow.listContacts({ limit: PAGE_SIZE, offset });
    for (const contact of page) {
      const haystack = `${fold(contact.name)} ${fold(contact.email)} ${digitsOnly(contact.phone)} ${digitsOnly(contact.mobile)}`;
      if (words.every((w) => haystack.includes(/^\+?[\d().\-\s]+$/.test(w) ? digitsOnly(w) || w : w))) hits.push(contact);
    }
    if (page.length < PAGE_SIZE) return hits;
  }
}
