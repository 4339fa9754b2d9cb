import { retryUntil } from './polling';
import type { Store } from './store';

/**
 * "Do this once" on top of `Store.claim`: the first caller across all instances runs `work` and records its
 * result; callers arriving while it runs wait for that result (up to `waitMs`); callers arriving later get it
 * at once. A claimer that crashes frees the key after `pendingTtlMs`, and the next caller runs `work` again, so
 * `pendingTtlMs` must exceed the longest `work` (for an ITFlow create: its timeout, with a margin).
 */
export interface RunOnceOptions {
  pendingTtlMs: number;
  resultTtlMs: number;
  waitMs: number;
}

export interface RunOnceResult {
  value: string;
  /** True when this call ran `work`; false when it answered with an earlier call's result. */
  ranHere: boolean;
}

/** Another caller is still doing the work after `waitMs`; its result is not known yet. */
export class StillPendingError extends Error {
  override readonly name = 'StillPendingError';
  constructor(readonly key: string) {
    super('the same request is still being processed');
  }
}

/**
 * Runs `work` at most once per key (within the result's time-to-live). If `work` throws, the claim is dropped
 * so a retry may run it again. If recording the result fails (the store went down after `work` succeeded), the
 * `StoreUnavailableError` propagates and the pending mark stays until `pendingTtlMs`: callers meanwhile wait or
 * are told it is still in progress rather than running `work` a second time.
 */
export async function runOnce(
  store: Store,
  key: string,
  options: RunOnceOptions,
  work: () => Promise<string>,
): Promise<RunOnceResult> {
  const outcome = await retryUntil(async () => {
    const found = await store.claim(key, options.pendingTtlMs);
    return found.state === 'pending' ? null : found;
  }, options.waitMs);
  if (outcome === null) throw new StillPendingError(key);
  if (outcome.state === 'done') return { value: outcome.value, ranHere: false };
  let value: string;
  try {
    value = await work();
  } catch (error) {
    await store.abandon(key, outcome.token).catch(() => false);
    throw error;
  }
  await store.complete(key, value, options.resultTtlMs);
  return { value, ranHere: true };
}
