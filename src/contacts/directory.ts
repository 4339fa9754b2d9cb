/**
 * The in-memory, searchable copy of every ITFlow contact (ITFlow's API cannot search by name). Loaded in the
 * background at start, rebuilt every `refreshSeconds`. A refresh builds a new index aside and swaps it in only
 * when complete; until the first load completes, searches answer from what has arrived so far. The bot's own
 * writes are applied at once, to the served index and to one being built.
 */
import { ItflowUnavailableError } from '../itflow/errors';
import type { Client, ItflowApi, Location } from '../itflow/types';
import type { Contact } from './contact';
import { Redactor, silentLogger, type Logger } from '../logger';
import { addRows, loadProgressLogger, snapshotOf, type Build, type Snapshot } from './directory-build';
import { loadContactPages, LoadCancelledError } from './directory-loader';
import { settleHeapAfterLoad } from './heap';
import type { DirectoryPort, DirectoryStatus } from './ports';
import type { SearchHit, SearchQuery } from './search-types';

export interface ContactDirectoryOptions {
  refreshSeconds: number;
  /**
   * Each refresh comes up to this fraction of refreshSeconds earlier or later, at random (0.1: ±10 %), so
   * instances started together spread their loads on ITFlow instead of paging through it in step. Default 0.
   */
  refreshJitter?: number;
  /** Contacts per request; ITFlow fails pages of ~40,000 with php-fpm's default memory limit. Default 5000. */
  pageSize?: number;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  /** The page size never shrinks below this after failures. Default 100. */
  minPageSize?: number;
  /** After a failed load, the next attempt comes this soon, doubling per failure up to refreshSeconds. Default 5000. */
  retryAfterFailureMs?: number;
  logger?: Logger;
  now?: () => number;
}

export interface DirectorySearchResult {
  hits: SearchHit[];
  total: number;
  /** False until a full load has completed: name matches may be missing. */
  complete: boolean;
}

/**
 * From this many contacts on, a finished load is followed by a full garbage collection, and the heap's growth
 * is kept modest (see heap.ts): below it the load's garbage is a few MB and a collection would only cost time.
 */
const COLLECT_AFTER_LOADING = 10_000;
/** setTimeout fires at once for delays past 2^31 - 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const redactor = new Redactor([]);

export class ContactDirectory implements DirectoryPort {
  private served: Snapshot = snapshotOf([], []);
  private complete = false;
  private building: Build | null = null;
  private refreshing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private stopped = false;
  private state: DirectoryStatus['state'] = 'loading';
  private lastRefreshAt: number | null = null;
  private lastError: string | null = null;
  private readonly firstAttempt: Promise<void>;
  private settleFirstAttempt: () => void = () => undefined;

  private readonly refreshMs: number;
  private readonly refreshJitter: number;
  private readonly pageSize: number;
  private readonly concurrency: number;
  private readonly minPageSize: number;
  private readonly retryAfterFailureMs: number;
  private consecutiveFailures = 0;
  private readonly logger: Logger;
  private readonly now: () => number;

  constructor(
    private readonly api: ItflowApi,
    options: ContactDirectoryOptions,
  ) {
    this.refreshMs = Math.min(MAX_TIMER_MS, Math.max(1, options.refreshSeconds) * 1000);
    this.refreshJitter = Math.min(Math.max(options.refreshJitter ?? 0, 0), 0.5);
    this.pageSize = options.pageSize ?? 5000;
    this.concurrency = options.concurrency ?? 4;
    this.minPageSize = options.minPageSize ?? 100;
    this.retryAfterFailureMs = Math.max(1, options.retryAfterFailureMs ?? 5000);
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
    this.firstAttempt = new Promise((resolve) => (this.settleFirstAttempt = resolve));
  }

  /** Starts the first load in the background, then refreshes every refreshSeconds. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    void this.refreshThenSchedule();
  }

  /** Resolves once the first load (begun by start() or refresh()) has finished, successfully or not: status() tells which. */
  whenReady(): Promise<void> {
    return this.firstAttempt;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.refreshing?.catch(() => undefined);
  }

  status(): DirectoryStatus {
    return { state: this.state, loaded: this.served.index.size, lastRefreshAt: this.lastRefreshAt, lastError: this.lastError };
  }

  search(query: SearchQuery): DirectorySearchResult {
    return { ...this.served.index.search(query), complete: this.complete };
  }

  get(id: number): Contact | undefined {
    return this.served.index.get(id);
  }

  /** Makes the bot's own create or update visible at once, and keeps it through a refresh already under way. */
  upsert(contact: Contact): void {
    this.served.index.upsert(contact);
    const build = this.building;
    if (build === null) return;
    build.upserts.set(contact.id, contact);
    if (build.snapshot !== null && build.snapshot !== this.served) build.snapshot.index.upsert(contact);
  }

  clients(): Client[] {
    return this.served.clients;
  }

  locations(): Location[] {
    return this.served.locations;
  }

  clientName(id: number): string {
    return this.served.clientNames.get(id) ?? '';
  }

  locationName(id: number): string {
    return this.served.locationNames.get(id) ?? '';
  }

  /** Reloads everything now (joining a refresh already running). Rejects if it fails; the old data stays served. */
  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refreshThenSchedule(): Promise<void> {
    let failed = false;
    try {
      await this.refresh();
    } catch {
      // load() has logged it and recorded it in status().
      failed = true;
    }
    if (this.stopped) return;
    // ITFlow being down should not leave the directory stale for a whole refresh period once it is back.
    this.consecutiveFailures = failed ? this.consecutiveFailures + 1 : 0;
    const jittered = Math.min(MAX_TIMER_MS, Math.round(this.refreshMs * (1 + this.refreshJitter * (2 * Math.random() - 1))));
    const delayMs = failed ? Math.min(this.refreshMs, this.retryAfterFailureMs * 2 ** Math.min(this.consecutiveFailures - 1, 30)) : jittered;
    this.timer = setTimeout(() => void this.refreshThenSchedule(), delayMs);
    this.timer.unref();
  }

  private async load(): Promise<void> {
    const startedAt = this.now();
    const build: Build = { snapshot: null, upserts: new Map() };
    this.building = build;
    this.logger.info(this.complete ? 'refreshing contact directory' : 'loading contact directory', {
      pageSize: this.pageSize,
      concurrency: this.concurrency,
    });
    try {
      const [clients, locations] = await Promise.all([this.api.listClients(), this.api.listLocations()]);
      const snapshot = snapshotOf(clients, locations);
      for (const contact of build.upserts.values()) snapshot.index.upsert(contact);
      build.snapshot = snapshot;
      // Until one load completes, a partial index beats an empty one.
      if (!this.complete) this.served = snapshot;

      const progress = loadProgressLogger(startedAt, () => this.now(), this.logger);
      const result = await loadContactPages(this.api, {
        pageSize: this.pageSize,
        concurrency: this.concurrency,
        minPageSize: this.minPageSize,
        isCancelled: () => this.stopped,
        onRows: async (rows, knownEnd) => {
          await addRows(snapshot.index, rows, build.upserts);
          progress(snapshot.index.size, knownEnd);
        },
        onPageFailed: ({ offset, limit, nextLimit, error }) =>
          this.logger.warn('contact page failed', { offset, limit, retryWithLimit: nextLimit, error: describeError(error) }),
      });

      snapshot.index.compact();
      this.served = snapshot;
      this.complete = true;
      this.state = 'ready';
      this.lastRefreshAt = this.now();
      this.lastError = null;
      this.logger.info('contact directory loaded', {
        contacts: snapshot.index.size,
        clients: clients.length,
        locations: locations.length,
        requests: result.requests,
        pageSize: result.pageSize,
        ms: this.now() - startedAt,
      });
      // The pages' garbage and, after a refresh, the previous index: returned now rather than whenever V8 gets to it.
      if (snapshot.index.size >= COLLECT_AFTER_LOADING) settleHeapAfterLoad();
    } catch (err) {
      if (err instanceof LoadCancelledError || this.stopped) return;
      this.state = 'degraded';
      this.lastError = describeError(err);
      this.logger.warn(this.complete ? 'contact directory refresh failed; keeping the previous copy' : 'contact directory load failed', {
        error: this.lastError,
        loaded: this.served.index.size,
      });
      throw err;
    } finally {
      if (this.building === build) this.building = null;
      this.settleFirstAttempt();
    }
  }
}

/** For status() and logs: the error's kind and message, never a URL's api_key. */
function describeError(err: unknown): string {
  if (err instanceof Error) {
    const status = err instanceof ItflowUnavailableError && err.status !== null ? ` (HTTP ${err.status})` : '';
    return redactor.redact(`${err.name}: ${err.message}${status}`);
  }
  return 'unexpected failure';
}
