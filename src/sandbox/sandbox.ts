import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { silentLogger, type Logger } from '../logger';
import type { AccessLevel } from './api-keys';
import { FaultInjector } from './faults';
import { latestFlavor, type SandboxFlavor } from './flavor';
import { legacyFlavor } from './legacy/flavor';
import { LegacyStore } from './legacy/legacy-store';
import { seedPortalLogins } from './legacy/seed';
import { seedDemo } from './seed-demo';
import { seedDemoTickets } from './seed-demo-tickets';
import { seedFixtures } from './seed-fixtures';
import { seedFixtureTickets } from './seed-tickets';
import { RequestLog } from './request-log';
import { createSandboxServer } from './server';
import { SandboxStore } from './store';
import { TicketStore } from './ticket-store';

/**
 * An ITFlow-compatible contacts API (answers like ITFlow v26.08, or with `flavor: 'legacy'` like a late-2024 build)
 * on a persistent SQLite file: the zero-config default for `npm start` and the server integration tests and the
 * benchmark talk to.
 */

export const SANDBOX_DB_FILE = 'itflow-sandbox.sqlite';
const ADMIN_KEY_NAME = 'sandbox-admin';
const RESTRICTED_KEY_NAME = 'sandbox-restricted';

const optionsSchema = z.object({
  port: z.number().int().min(0).max(65535).default(0),
  host: z.string().min(1).default('127.0.0.1'),
  /** Directory for the database file (created if missing); null for an in-memory database. */
  dataDir: z.string().min(1).nullable().default(null),
  /** What a new database is filled with; an existing one is never reseeded. */
  seed: z.enum(['demo', 'fixtures', 'none']).default('demo'),
  maxBodyBytes: z.number().int().positive().default(1024 * 1024),
  /** Answer as ITFlow v26.08 ('latest') or as the late-2024 build ('legacy', src/sandbox/legacy/). */
  flavor: z.enum(['latest', 'legacy']).default('latest'),
});

export type SandboxOptions = z.input<typeof optionsSchema> & {
  logger?: Logger;
  /** Clock for created/updated/archived timestamps. */
  now?: () => Date;
};

export interface Sandbox {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:54321 */
  url: string;
  /** Sees and writes every client, may delete. */
  adminKey: string;
  /** Bound to one client (restrictedClientId); may read, create and update there, not delete. */
  restrictedKey: string;
  restrictedClientId: number;
  flavor: SandboxFlavor;
  store: SandboxStore;
  /** Tickets, ticket replies and assets (tests add or inspect tickets here). */
  tickets: TicketStore;
  /** The legacy server's view of the same database (rows with portal columns); null for 'latest'. */
  legacy: LegacyStore | null;
  faults: FaultInjector;
  /** Every request answered, with the name of the key it carried (newest 1,000). */
  requestLog: RequestLog;
  /**
   * A key for an ITFlow user (v26.08: keys belong to users): `name` is the user's, `clientIds` the clients they
   * were granted (empty = every client) and `level` their role's permission on contacts (1 read, 2 create and
   * update, 3 delete too). Returns the secret. The legacy flavor binds a key to one client at most.
   */
  createUserKey(user: { name: string; clientIds: readonly number[]; level: AccessLevel }): string;
  /** Deletes the named user's key, as revoking it in ITFlow does: it answers 401 from then on. */
  revokeKey(name: string): void;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const { logger = silentLogger, now, ...rest } = options;
  const settings = optionsSchema.parse(rest);
  if (settings.dataDir !== null) mkdirSync(settings.dataDir, { recursive: true });
  const file = settings.dataDir === null ? null : path.join(settings.dataDir, SANDBOX_DB_FILE);
  const store = SandboxStore.open({ file, now });
  const tickets = new TicketStore(store);
  const legacy = settings.flavor === 'legacy' ? new LegacyStore(store) : null;

  const keys = store.transaction(() => {
    const seededClient = store.isNew ? seed(store, tickets, settings.seed) : 1;
    if (store.isNew && legacy !== null) seedPortalLogins(legacy, settings.seed, store.timestamp());
    return {
      admin: store.ensureApiKey(ADMIN_KEY_NAME, 0, 3),
      restricted: store.ensureApiKey(RESTRICTED_KEY_NAME, seededClient, 2),
    };
  });

  const faults = new FaultInjector();
  const requestLog = new RequestLog();
  const flavor = legacy === null ? latestFlavor(store, tickets) : legacyFlavor(legacy, tickets);
  const server = createSandboxServer({ store, faults, logger, maxBodyBytes: settings.maxBodyBytes, flavor, requestLog });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(settings.port, settings.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    store.close();
    throw error;
  }

  const { port } = server.address() as AddressInfo;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  const url = `http://${host}:${port}`;
  logger.info('ITFlow sandbox listening', {
    url,
    flavor: settings.flavor,
    database: file ?? 'in-memory',
    seeded: store.isNew ? settings.seed : 'existing data',
    contacts: store.countContacts(),
  });

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= new Promise<void>((resolve) => {
      server.close(() => {
        store.close();
        resolve();
      });
      // Keep-alive sockets and requests held by the "hang" fault would otherwise keep close() waiting.
      server.closeAllConnections();
    }));

  return {
    url,
    adminKey: keys.admin.secret,
    restrictedKey: keys.restricted.secret,
    restrictedClientId: keys.restricted.clientId,
    flavor: settings.flavor,
    store,
    tickets,
    legacy,
    faults,
    requestLog,
    createUserKey({ name, clientIds, level }) {
      if (legacy !== null && clientIds.length > 1) throw new RangeError('a legacy ITFlow key is bound to one client at most');
      return store.keys.add({ name, clientIds, accessLevel: level });
    },
    revokeKey(name) {
      if (!store.keys.revoke(name)) throw new RangeError(`no sandbox key named ${name}`);
    },
    close,
  };
}

function seed(store: SandboxStore, tickets: TicketStore, kind: 'demo' | 'fixtures' | 'none'): number {
  switch (kind) {
    case 'demo': {
      const restrictedClient = seedDemo(store);
      seedDemoTickets(store, tickets);
      return restrictedClient;
    }
    case 'fixtures': {
      const restrictedClient = seedFixtures(store);
      seedFixtureTickets(tickets);
      return restrictedClient;
    }
    case 'none':
      return 1;
  }
}
