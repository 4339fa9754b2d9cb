import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ALL_CLIENTS } from '../../src/sandbox/api-keys';
import { startSandbox } from '../../src/sandbox/sandbox';
import type { SandboxStore } from '../../src/sandbox/store';
import { runChild } from './child-side';
import type { SampleContact } from './protocol';

/** Child process: an ITFlow sandbox on a temp dataDir holding BENCH_CONTACTS synthetic contacts. */

const SAMPLE_SIZE = 400;

runChild(async () => {
  const contacts = Number(process.env.BENCH_CONTACTS ?? '0');
  if (!Number.isSafeInteger(contacts) || contacts < 1) throw new Error('BENCH_CONTACTS must be a positive whole number');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'itflow-bench-'));
  const sandbox = await startSandbox({ dataDir, seed: 'none' });
  const started = performance.now();
  sandbox.store.insertSyntheticContacts(contacts);
  const insertMs = performance.now() - started;
  return {
    ready: { type: 'sandbox', url: sandbox.url, apiKey: sandbox.adminKey, contacts, insertMs, sample: sampleOf(sandbox.store, contacts) },
    close: async () => {
      await sandbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

/** Contacts spread evenly over the table, with their client's name, for building queries. */
function sampleOf(store: SandboxStore, contacts: number): SampleContact[] {
  const clientNames = new Map<string, string>();
  for (const row of store.clientsPage(ALL_CLIENTS, { limit: contacts + 1, offset: 0 })) clientNames.set(row.client_id ?? '', row.client_name ?? '');
  const sample: SampleContact[] = [];
  const count = Math.min(SAMPLE_SIZE, contacts);
  for (let i = 0; i < count; i++) {
    const [row] = store.contactsPage(ALL_CLIENTS, { limit: 1, offset: Math.floor((i * contacts) / count) });
    if (row === undefined) continue;
    sample.push({
      id: Number(row.contact_id),
      name: row.contact_name ?? '',
      email: row.contact_email ?? '',
      phone: row.contact_phone ?? '',
      mobile: row.contact_mobile ?? '',
      clientName: clientNames.get(row.contact_client_id ?? '') ?? '',
    });
  }
  return sample;
}
