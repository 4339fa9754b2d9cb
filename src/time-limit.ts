export type TimeLimited<T> = { inTime: true; value: T } | { inTime: false };

/**
 * The work's answer if it comes within `ms`, else `{ inTime: false }`. The work is not cancelled: callers that
 * stop waiting decide what its late answer (or late failure) is still good for.
 */
export async function withinTimeLimit<T>(work: Promise<T>, ms: number): Promise<TimeLimited<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<TimeLimited<T>>((resolve) => {
    timer = setTimeout(() => resolve({ inTime: false }), ms);
  });
  const answered = work.then((value): TimeLimited<T> => ({ inTime: true, value }));
  // A failure after the limit is the caller's to handle on `work`; this copy must not count as unhandled.
  answered.catch(() => undefined);
  try {
    return await Promise.race([answered, late]);
  } finally {
    clearTimeout(timer);
  }
}
