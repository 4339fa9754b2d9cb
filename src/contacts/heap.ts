/**
 * Keeping the process's memory near what a big directory actually holds.
 *
 * 1. A full garbage collection right after a load. Loading 100,000 contacts leaves ~70 MB of garbage (page bodies
 *    of several MB each, parsed rows, the previous index after a refresh) that V8 would otherwise return only at
 *    its next full collection: when the bot is idle that can be minutes away (V8's idle-time "memory reducer"
 *    depends on allocation-rate samples that an idle process stops taking). One collection costs ~50–100 ms once
 *    per refresh and returns the memory at once; a second one a few seconds later, when the load's allocation
 *    rate has died down, lets V8 also shrink its young generation back (by ~30 MB).
 * 2. A modest heap growth factor. After each full collection V8 lets the heap grow to a multiple of what survived
 *    before collecting again; on a server-sized machine that multiple is up to 4, so with a directory's ~80 MB
 *    alive a busy bot swings between ~300 and ~420 MB. Growing by 100 % instead keeps it near 300 MB, for a full
 *    collection every ~80 MB of promoted garbage (every several seconds under heavy load, mostly on V8's
 *    background threads). This sets no limit: the heap still grows as far as the live data needs.
 *
 * Node offers `gc()` only with `--expose-gc`, and V8's flags at start-up; both are set here at run time instead
 * (Jest's leak detector obtains `gc` the same way). If either stops working in a later Node, that step is
 * skipped and memory settles when V8 gets to it; nothing else changes.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The heap may grow this much past what the last full collection kept (V8's own choice: up to 300). */
const HEAP_GROWTH_PERCENT = 100;
/** V8 shrinks its young generation in a collection only when little has been allocated lately. */
const QUIET_AFTER_LOAD_MS = 5000;

let collect: (() => void) | null | undefined;
let growthSet = false;
let later: NodeJS.Timeout | null = null;

/** After a big load: collect its garbage now, and from then on let the heap grow modestly. */
export function settleHeapAfterLoad(): void {
  if (!growthSet) {
    growthSet = true;
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWTH_PERCENT}`);
  }
  collectGarbage();
  if (later !== null) clearTimeout(later);
  later = setTimeout(() => {
    later = null;
    collectGarbage();
  }, QUIET_AFTER_LOAD_MS);
  // Never what keeps the process alive.
  later.unref();
}

export function collectGarbage(): void {
  collect ??= obtainGc();
  // The second collection returns the pages the first one emptied.
  collect?.();
  collect?.();
}

function obtainGc(): (() => void) | null {
  const exposed: unknown = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return exposed as () => void;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  } finally {
    // Only this one function is wanted: contexts made later (vm, test runners) get no `gc`.
    setFlagsFromString('--no-expose-gc');
  }
}
