import { z } from 'zod';
import type { Contact } from '../itflow/types';
import type { Store } from '../store';

/**
 * What the writers share with every other instance of the bot: the store that holds contact locks and add
 * forms' once-only claims, how long those last, and the announcement of a written contact to the others.
 */
export interface SharedWrites {
  store: Store;
  timing: WriteTiming;
  /** Never throws: the write is done in ITFlow whether or not the others hear of it now. */
  announce(contact: Contact): Promise<void>;
}

/**
 * How long a write holds its contact's lock, or its add form's once-only claim: longer than every ITFlow call
 * one write makes (re-read or email check, the write, the read-back, one more check after a lost answer; each
 * bounded by ITFLOW_TIMEOUT_MS), with a margin for the store's own round trips and a busy event loop. A holder
 * that crashes frees the key after this long; waiting for another holder is bounded by the same time.
 */
export interface WriteTiming {
  leaseMs: number;
  waitMs: number;
}

const ITFLOW_CALLS_PER_WRITE = 4;
const MARGIN_MS = 5000;

export function writeTiming(itflowTimeoutMs: number): WriteTiming {
  const leaseMs = ITFLOW_CALLS_PER_WRITE * itflowTimeoutMs + MARGIN_MS;
  return { leaseMs, waitMs: leaseMs };
}

/** Values in the store and messages on its channels are JSON text: parsed and checked where they are read. */
export function storedJson<S extends z.ZodType>(schema: S) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}
