import { ContactService } from '../../src/contacts/contact-service';
import { loadingDirectory } from '../support/loading-directory';
import { ItflowClient } from '../../src/itflow/client';
import type { Contact } from '../../src/itflow/types';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { oneInstanceWrites } from '../support/shared-writes';

/**
 * ITFlow's phone lookup lets a mobile match escape the API key's client scope (recorded exchange latest-21).
 * While the directory is still loading the bot asks ITFlow directly, so it must not show what the key may not see.
 */

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'fixtures', dataDir: null });
});
afterAll(async () => {
  await sandbox.close();
});

it('does not reveal another client’s contact found by mobile through a client-restricted key', async () => {
  const restricted = new ItflowClient({ baseUrl: sandbox.url, apiKey: sandbox.restrictedKey });
  // The leak is real: ITFlow itself answers with Sally Jones (Globex) to an Acme-only key.
  expect((await restricted.findContactByPhone('5559020201'))?.name).toBe('Sally Jones');

  const upserted: Contact[] = [];
  const service = new ContactService(restricted, loadingDirectory(upserted), oneInstanceWrites());
  const result = await service.find({ kind: 'phone', digits: '5559020201' });
  expect(result.hits).toEqual([]);
  expect(upserted).toEqual([]);
  await restricted.close();
});

it('still finds the key’s own contacts by phone while loading', async () => {
  const restricted = new ItflowClient({ baseUrl: sandbox.url, apiKey: sandbox.restrictedKey });
  const service = new ContactService(restricted, loadingDirectory([]), oneInstanceWrites());
  const sally = (await restricted.findContactsByEmail('sally@acme.example'))[0]!;
  const digits = sally.mobile || sally.phone;
  const result = await service.find({ kind: 'phone', digits });
  expect(result.hits.map((c) => c.name)).toContain('Sally Smith');
  await restricted.close();
});
