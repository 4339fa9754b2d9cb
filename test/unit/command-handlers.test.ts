import { answerCommand } from '../../src/bot/command-handlers';
import { parseCommand } from '../../src/bot/commands';
import type { TurnScope } from '../../src/bot/turn-scope';
import { ContactDirectory } from '../../src/contacts/directory';
import { ContactService } from '../../src/contacts/contact-service';
import { ItflowClient } from '../../src/itflow/client';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { textOf } from '../support/card-inspect';
import { turnScopeFor } from '../support/turn-scope';
import { oneInstanceWrites } from '../support/shared-writes';

/** What a technician reads when ITFlow is slow while the directory is still warming up. */
let sandbox: Sandbox;
let api: ItflowClient;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo' });
  api = new ItflowClient({ baseUrl: sandbox.url, apiKey: sandbox.adminKey, timeoutMs: 20_000, readRetries: 0 });
});
afterAll(async () => {
  await sandbox.close();
  await api.close();
});

function warmingUpScope(): TurnScope {
  // Never started: the directory is empty and incomplete, so exact lookups go to ITFlow.
  return turnScopeFor(new ContactService(api, new ContactDirectory(api, { refreshSeconds: 3600 }), oneInstanceWrites(), { exactLookupBudgetMs: 200 }));
}

it('says ITFlow is slow, rather than "no match", when an exact lookup times out during warm-up', async () => {
  sandbox.faults.set({ mode: 'hang', paths: ['contacts/read.php'] });
  try {
    const reply = await answerCommand(parseCommand('find sally@acme.example'), warmingUpScope());
    const text = textOf(reply.card);
    expect(text).toMatch(/slow to answer/i);
    expect(text).not.toMatch(/no contacts match|not in itflow yet/i);
  } finally {
    sandbox.faults.clear();
  }
});

it('answers from ITFlow during warm-up when it is quick', async () => {
  const sally = (await api.findContactsByEmail('sally@acme.example'))[0];
  expect(sally).toBeDefined();
  const reply = await answerCommand(parseCommand('find sally@acme.example'), warmingUpScope());
  expect(textOf(reply.card)).toContain(sally!.name);
});
