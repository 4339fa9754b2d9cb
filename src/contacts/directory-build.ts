/**
 * One load of the directory while it is under way: the fresh generation it fills (built aside from the one served),
 * the bot's writes that must win over the pages' rows, and the progress it logs. directory.ts decides when a load
 * runs and when its generation is swapped in.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Client, Location } from '../itflow/types';
import type { Logger } from '../logger';
import type { Contact } from './contact';
import { buildContactIndex } from './search';
import type { ContactIndex } from './search-types';

/** One generation of the directory: the index and the names it was built with. */
export interface Snapshot {
  index: ContactIndex;
  clients: Client[];
  locations: Location[];
  clientNames: Map<number, string>;
  locationNames: Map<number, string>;
}

export interface Build {
  snapshot: Snapshot | null;
  /** The bot's writes since this build began: they win over the (possibly older) rows the pages bring. */
  upserts: Map<number, Contact>;
}

/** Rows added between yields to the event loop, so a big page never blocks it for long. */
const ROWS_PER_SLICE = 250;
const PROGRESS_LOG_MS = 2000;

export function snapshotOf(clients: Client[], locations: Location[]): Snapshot {
  const clientNames = new Map(clients.map((c) => [c.id, c.name]));
  const locationNames = new Map(locations.map((l) => [l.id, l.name]));
  const index = buildContactIndex([], {
    clientName: (id) => clientNames.get(id) ?? '',
    locationName: (id) => locationNames.get(id) ?? '',
  });
  return { index, clients, locations, clientNames, locationNames };
}

export async function addRows(index: ContactIndex, rows: Contact[], upserts: ReadonlyMap<number, Contact>): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_SLICE) {
    for (const row of rows.slice(start, start + ROWS_PER_SLICE)) {
      if (!upserts.has(row.id)) index.upsert(row);
    }
    await yieldToEventLoop();
  }
}

/** Logs count, rate and (once the end is known) ETA, at most every couple of seconds. */
export function loadProgressLogger(startedAt: number, clock: () => number, logger: Logger): (loaded: number, expected: number | null) => void {
  let lastLog = startedAt;
  return (loaded, expected) => {
    const now = clock();
    if (now - lastLog < PROGRESS_LOG_MS) return;
    lastLog = now;
    const perSecond = Math.round((loaded * 1000) / Math.max(1, now - startedAt));
    const etaSeconds = expected !== null && perSecond > 0 ? Math.ceil((expected - loaded) / perSecond) : undefined;
    logger.info('loading contacts', { loaded, perSecond, ...(etaSeconds !== undefined && { etaSeconds }) });
  };
}
