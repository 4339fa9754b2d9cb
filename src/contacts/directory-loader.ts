/**
 * Reads every contact from ITFlow, which can only page with LIMIT/OFFSET and never says how many there are.
 * Several pagers run at once and learn the end from the first short or empty page (each may over-fetch one page
 * past it). A page that fails as unavailable (ITFlow answers 500 with an empty body when PHP runs out of memory on
 * a big page) is fetched again in halves, and later pages use the smaller size.
 */
import { ItflowUnavailableError } from '../itflow/errors';
import type { ItflowApi } from '../itflow/types';
import type { Contact } from './contact';

export interface PageLoadOptions {
  pageSize: number;
  concurrency: number;
  minPageSize: number;
  /** Receives each page's rows as it arrives (in any order), and the list's length once a short page told it. */
  onRows(rows: Contact[], knownEnd: number | null): Promise<void>;
  /** Checked before each request: true stops the load with LoadCancelledError. */
  isCancelled(): boolean;
  onPageFailed?(info: { offset: number; limit: number; nextLimit: number | null; error: ItflowUnavailableError }): void;
}

export interface PageLoadResult {
  /** One past the last row, as the short page told. */
  end: number;
  requests: number;
  /** The page size in use at the end (smaller than asked if pages failed). */
  pageSize: number;
}

export class LoadCancelledError extends Error {
  constructor() {
    super('contact load cancelled');
    this.name = 'LoadCancelledError';
  }
}

/** How often a page already at the minimum size is retried before the load gives up. */
const RETRIES_AT_MIN_PAGE = 2;

interface Range {
  offset: number;
  limit: number;
  attempts: number;
}

export async function loadContactPages(api: ItflowApi, options: PageLoadOptions): Promise<PageLoadResult> {
  let pageSize = Math.max(1, Math.floor(options.pageSize));
  const minPageSize = Math.max(1, Math.min(Math.floor(options.minPageSize), pageSize));
  let next = 0;
  let end = Number.POSITIVE_INFINITY;
  let requests = 0;
  // The first failure; pagers stop taking pages once it is set. (An object: closures assign it.)
  const failed: { error: Error | null } = { error: null };
  const retries: Range[] = [];

  const take = (): Range | null => {
    if (failed.error !== null) return null;
    for (let range = retries.shift(); range !== undefined; range = retries.shift()) {
      if (range.offset < end) return range;
    }
    if (next >= end) return null;
    const range = { offset: next, limit: pageSize, attempts: 0 };
    next += pageSize;
    return range;
  };

  const fetchRange = async (range: Range): Promise<void> => {
    let rows: Contact[];
    try {
      requests++;
      rows = await api.listContacts({ limit: range.limit, offset: range.offset });
    } catch (err) {
      if (!(err instanceof ItflowUnavailableError)) throw err;
      if (range.limit > minPageSize) {
        const smaller = Math.max(minPageSize, Math.floor(range.limit / 2));
        pageSize = Math.min(pageSize, smaller);
        options.onPageFailed?.({ offset: range.offset, limit: range.limit, nextLimit: smaller, error: err });
        for (let offset = range.offset; offset < range.offset + range.limit; offset += smaller) {
          retries.push({ offset, limit: Math.min(smaller, range.offset + range.limit - offset), attempts: 0 });
        }
        return;
      }
      const giveUp = range.attempts >= RETRIES_AT_MIN_PAGE;
      options.onPageFailed?.({ offset: range.offset, limit: range.limit, nextLimit: giveUp ? null : range.limit, error: err });
      if (giveUp) throw err;
      retries.push({ ...range, attempts: range.attempts + 1 });
      return;
    }
    if (rows.length < range.limit) end = Math.min(end, range.offset + rows.length);
    await options.onRows(rows, Number.isFinite(end) ? end : null);
  };

  // A pager that ends early is not needed for retries queued later: the pager that queued them is still running.
  const pager = async (): Promise<void> => {
    for (let range = take(); range !== null; range = take()) {
      try {
        if (options.isCancelled()) throw new LoadCancelledError();
        await fetchRange(range);
      } catch (err) {
        failed.error ??= err instanceof Error ? err : new Error(String(err));
        return;
      }
    }
  };

  // allSettled, not all: every pager has stopped before the caller hears of a failure.
  await Promise.allSettled(Array.from({ length: Math.max(1, options.concurrency) }, pager));
  if (failed.error !== null) throw failed.error;
  return { end: Number.isFinite(end) ? end : next, requests, pageSize };
}
