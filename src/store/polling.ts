/**
 * Retries `attempt` until it yields something other than null or `waitMs` has passed (at least one attempt).
 * Pauses start short (a lock held for one quick write frees within milliseconds) and grow to 100 ms, with jitter
 * so waiters on several instances do not retry in lockstep. Errors from `attempt` end the wait at once.
 */
export async function retryUntil<T>(attempt: () => Promise<T | null>, waitMs: number): Promise<T | null> {
  const deadline = Date.now() + waitMs;
  let pause = 5;
  for (;;) {
    const result = await attempt();
    if (result !== null) return result;
    const left = deadline - Date.now();
    if (left <= 0) return null;
    await sleep(Math.min(left, pause + Math.random() * pause));
    pause = Math.min(pause * 2, 100);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
