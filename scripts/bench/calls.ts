import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CallerLookup } from '../../src/calls/caller-lookup';
import { createCallerId } from '../../src/calls/caller-id';
import type { CallNotifier } from '../../src/calls/ringing';
import { buildContactIndex } from '../../src/contacts/search';
import { emptyContact, type Contact } from '../../src/contacts/contact';
import { silentLogger } from '../../src/logger';
import { createStore } from '../../src/store';
import { summarize, type LatencySummary } from './stats';

export interface CallerIdBench {
  contacts: number;
  lookupMs: LatencySummary;
  ringingToCardMs: LatencySummary;
}

/**
 * Caller ID in process at `size` contacts: a number lookup (normalise + the directory's phone-key index + E.164
 * narrowing) over mixed formats, and ringing → Incoming call card handed to the notifier (store once-marker,
 * card rendered), with a notifier that posts nowhere.
 */
export async function measureCallerId(size: number, samples = 5000): Promise<CallerIdBench> {
  const contacts: Contact[] = Array.from({ length: size }, (_, i) => ({
    ...emptyContact(1 + (i % 500)),
    id: i + 1,
    name: `Person ${i}`,
    email: `p${i}@example.com`,
    phone: String(2000000000 + Math.floor(i / 8) * 7919).slice(0, 10),
    mobile: String(3000000000 + i * 13),
    notes: 'Bench contact',
    primary: i % 8 === 0,
  }));
  const index = buildContactIndex(contacts, { clientName: (id) => `Client ${id}`, locationName: () => '' });
  const directory = { search: (q: { text: string; limit?: number }) => ({ ...index.search(q), complete: true }), clientName: (id: number) => `Client ${id}`, get: (id: number) => index.get(id) };
  const lookup = new CallerLookup(directory, { region: 'US' });
  const formats = (c: Contact) => [`+1${c.mobile}`, `1${c.mobile}`, `(${c.mobile.slice(0, 3)}) ${c.mobile.slice(3, 6)}-${c.mobile.slice(6)}`, `011 1 ${c.phone}`];
  const lookupSamples: number[] = [];
  for (let i = 0; i < samples; i++) {
    const c = contacts[(i * 7877) % size]!;
    const numbers = formats(c);
    const started = performance.now();
    lookup.lookup(numbers[i % numbers.length]!);
    lookupSamples.push(performance.now() - started);
  }

  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-calls-'));
  const store = createStore({ dataDir, logger: silentLogger });
  const notifier: CallNotifier = { notify: async () => 'sent' };
  const callerId = createCallerId({
    config: { apiToken: undefined, extensions: new Map(), publicUrl: undefined, twilioAuthToken: undefined, ringCentralVerificationToken: undefined },
    phoneRegion: 'US',
    directory,
    allowedClientIds: [],
    store,
    notifier,
    contactLink: (c) => `https://itflow.example/agent/contact.php?client_id=${c.clientId}&contact_id=${c.id}`,
    canVerifyPin: false,
    logger: silentLogger,
  });
  const ringSamples: number[] = [];
  for (let i = 0; i < 500; i++) {
    const c = contacts[(i * 104729) % size]!;
    const started = performance.now();
    await callerId.ringing.ring({ number: `+1${i % 2 === 0 ? c.mobile : c.phone}`, callId: `bench-${i}`, teamsUserId: 'bench-technician' });
    ringSamples.push(performance.now() - started);
  }
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
  return { contacts: size, lookupMs: summarize(lookupSamples), ringingToCardMs: summarize(ringSamples) };
}
