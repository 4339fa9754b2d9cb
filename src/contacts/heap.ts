/**
 * A full garbage collection on request, for the moment a directory load has finished. A load of 100,000
 * contacts leaves ~70 MB of garbage (page bodies of several MB each, parsed rows, the previous index after a
 * refresh) that V8 would otherwise return only at its next full collection: when the bot is idle, that can be
 * minutes away (V8's idle-time "memory reducer" depends on allocation-rate samples that an idle process stops
 * taking), and meanwhile the process holds the memory. One collection right after the load costs ~50–100 ms
 * once per refresh and returns it at once.
 *
 * Node offers `gc()` only with `--expose-gc`. Setting that flag at run time makes `gc` available to contexts
 * created afterwards, which is how one is obtained here (Jest's leak detector does the same); the flag is
 * cleared again at once. If that ever stops
 * working, collecting is skipped: memory then settles when V8 gets to it, and nothing else changes.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

export function collectGarbage(): void {
  collect ??= obtainGc();
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
