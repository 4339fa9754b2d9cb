import { parseArgs } from 'node:util';
import { startSandbox } from '../src/sandbox/sandbox';

/**
 * Fills the embedded sandbox with an MSP-sized directory, to try the bot at scale (`npm start` afterwards):
 *
 *   npx tsx scripts/seed-sandbox.ts --clients 500 --locations 1000 --contacts 100000 [--data-dir data/sandbox]
 *
 * Adds synthetic clients, locations and contacts to whatever the sandbox holds (a new one gets the demo data
 * first). Stop the bot while this runs; delete the data directory to start again from the demo data.
 */

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '500' },
    locations: { type: 'string', default: '1000' },
    contacts: { type: 'string', default: '100000' },
    'data-dir': { type: 'string', default: process.env.SANDBOX_DATA_DIR ?? 'data/sandbox' },
  },
});

function count(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0 || n > 10_000_000) throw new Error(`--${name} must be a whole number from 0 to 10,000,000`);
  return n;
}

async function main(): Promise<void> {
  const clients = count('clients', values.clients);
  const locations = count('locations', values.locations);
  const contacts = count('contacts', values.contacts);
  const sandbox = await startSandbox({ dataDir: values['data-dir'], seed: 'demo' });
  try {
    const started = Date.now();
    const added = sandbox.store.insertSyntheticContacts(contacts, { clients: Math.max(clients, 1), locations });
    console.log(
      `Added ${added.clients} clients, ${added.locations} locations and ${added.contacts} contacts to ${values['data-dir']} ` +
        `in ${((Date.now() - started) / 1000).toFixed(1)} s; it now holds ${sandbox.store.countClients()} clients and ${sandbox.store.countContacts()} contacts.`,
    );
  } finally {
    await sandbox.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
