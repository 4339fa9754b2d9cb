import type { Client, Contact, ItflowApi, Location } from '../itflow/types';
import type { AddFormValues } from './contact-form';
import type { UserEdit } from './contact';
import { ContactCreator, type CreateOptions, type CreateResult } from './contact-create';
import { ContactUpdater, type UpdateResult } from './contact-update';
import { clientFilterMatches, foldedName, words } from './text';
import { withCloseOthers } from './closeness';
import { phoneLookupDigits, phoneRegion, type CountryCode } from './phone';
import type { ContactReads, DirectoryPort } from './ports';
import type { SharedWrites } from './shared-writes';

export type { CreateResult } from './contact-create';
export type { Difference, UpdateResult } from './contact-update';

export type FindQuery =
  | { kind: 'email'; email: string }
  | { kind: 'phone'; digits: string }
  | { kind: 'text'; text: string };

export interface FindOptions {
  client?: string;
  includeArchived?: boolean;
  limit?: number;
  /** Hits to skip, for paging (message-extension results). */
  offset?: number;
}

export interface FindResult {
  hits: Contact[];
  total: number;
  /** The one contact the query clearly means, when there is one. */
  strong: Contact | null;
  /** False while the directory is still loading: name matches may be missing. */
  complete: boolean;
  loaded: number;
  /** True when ITFlow's exact lookup (used while loading) took too long and the hits come from the directory alone. */
  exactLookupTimedOut?: boolean;
  /** Archived contacts that match but are hidden (the search did not include archived ones). */
  archivedMatches?: number;
  /** With no match: contacts whose names are near the query by typo, nearest first. */
  didYouMean?: Contact[];
}

/** How many near names a name search offers ("Did you mean …", or listed beside a lone hit). */
const NEAR_NAMES = 4;

export interface ContactServiceOptions {
  /** When non-empty, only contacts of these ITFlow clients are shown or written. */
  allowedClientIds?: number[];
  /**
   * A technician's own clients (src/identity, learned with their key): only these are shown or written, even
   * when the set is empty; combined with allowedClientIds.
   */
  visibleClientIds?: ReadonlySet<number>;
  /** How long a find waits for ITFlow's exact email/phone lookup while the directory loads. Default 2000. */
  exactLookupBudgetMs?: number;
  /** DEFAULT_PHONE_REGION: where numbers without a country code are read. Default 'US'. */
  phoneRegion?: string;
}

/**
 * Find / get / create / update, limited to the allowed clients. Finding is from the in-memory directory (with
 * ITFlow's exact lookups while it loads); writes go through ContactUpdater and ContactCreator, coordinated with
 * the other instances through the store (`shared`).
 */
export class ContactService implements ContactReads {
  private readonly allowed: Set<number> | null;
  private readonly updater: ContactUpdater;
  private readonly creator: ContactCreator;
  private featuredListing: { at: number; contacts: Contact[]; complete: boolean; loaded: number } | null = null;
  private readonly exactLookupBudgetMs: number;
  readonly phoneRegion: CountryCode;

  constructor(
    private readonly api: ItflowApi,
    private readonly directory: DirectoryPort,
    shared: SharedWrites,
    options: ContactServiceOptions = {},
  ) {
    const configured = options.allowedClientIds && options.allowedClientIds.length > 0 ? new Set(options.allowedClientIds) : null;
    const personal = options.visibleClientIds;
    this.allowed = personal === undefined ? configured : new Set([...personal].filter((id) => configured === null || configured.has(id)));
    this.updater = new ContactUpdater(api, directory, this, shared);
    this.creator = new ContactCreator(api, directory, this, shared);
    this.exactLookupBudgetMs = options.exactLookupBudgetMs ?? 2000;
    this.phoneRegion = phoneRegion(options.phoneRegion);
  }

  isVisible(contact: Contact): boolean {
    return this.allowed === null || this.allowed.has(contact.clientId);
  }

  isClientAllowed(clientId: number): boolean {
    return this.allowed === null || this.allowed.has(clientId);
  }

  clients(): Client[] {
    return this.directory.clients().filter((c) => this.isClientAllowed(c.id));
  }

  locations(): Location[] {
    return this.directory.locations().filter((l) => this.isClientAllowed(l.clientId));
  }

  async find(query: FindQuery, options: FindOptions = {}): Promise<FindResult> {
    const limit = options.limit ?? 8;
    const offset = options.offset ?? 0;
    const text = query.kind === 'email' ? query.email : query.kind === 'phone' ? query.digits : query.text;
    const local = this.directory.search({
      text,
      client: options.client,
      clientIds: this.allowed ?? undefined,
      includeArchived: options.includeArchived,
      limit: offset + limit,
      suggest: NEAR_NAMES,
    });
    const loaded = this.directory.status().loaded;
    let hits = local.hits.filter((h) => this.isVisible(h.contact));
    let strong = hits.length > 0 && hits[0]!.strong ? hits[0]!.contact : null;
    let total = local.total - (local.hits.length - hits.length);

    // Exact lookups go to ITFlow while the directory is incomplete, so they work during warm-up.
    let exactLookupTimedOut = false;
    if (!local.complete && query.kind !== 'text') {
      const lookup = await this.boundedExactLookup(query);
      exactLookupTimedOut = lookup === null;
      const remote = lookup ?? [];
      const fresh = remote.filter(
        (c) =>
          this.isVisible(c) &&
          (options.includeArchived || c.archivedAt === null) &&
          (options.client === undefined || clientFilterMatches(words(options.client), foldedName(this.clientName(c.clientId)))) &&
          !hits.some((h) => h.contact.id === c.id),
      );
      for (const c of remote) this.directory.upsert(c);
      hits = [...fresh.map((contact) => ({ contact, strong: false })), ...hits];
      total += fresh.length;
      if (strong === null && hits.length === 1) strong = hits[0]!.contact;
    }
    const near = (local.near ?? []).filter((c) => this.isVisible(c));
    const listing = withCloseOthers(hits.slice(offset, offset + limit).map((h) => h.contact), Math.max(total, hits.length), strong === null ? near : [], offset === 0);
    return {
      hits: listing.hits,
      total: listing.total,
      ...(listing.didYouMean.length > 0 && { didYouMean: listing.didYouMean }),
      ...((local.archived ?? 0) > 0 && { archivedMatches: local.archived }),
      strong,
      complete: local.complete,
      loaded,
      ...(exactLookupTimedOut && { exactLookupTimedOut }),
    };
  }

  /**
   * Primary and important contacts of every visible client, clients by name: what a search with no words
   * shows. Built from the directory's per-client listing, which ranks primary, then important, first.
   */
  featured(options: { limit?: number; offset?: number } = {}): FindResult {
    const limit = options.limit ?? 8;
    const offset = options.offset ?? 0;
    const now = Date.now();
    // Listing every client costs ~0.7 s at 100,000 contacts and 2,000 clients; Teams pages through the list.
    let listing = this.featuredListing;
    if (listing === null || !listing.complete || now - listing.at > FEATURED_CACHE_MS) {
      listing = { at: now, ...this.listFeatured() };
      this.featuredListing = listing;
    }
    const { contacts, complete, loaded } = listing;
    // The listing may be a little old; the cards show the directory's current copy of each contact.
    const hits = contacts.slice(offset, offset + limit).map((c) => this.directory.get(c.id) ?? c);
    return { hits, total: contacts.length, strong: null, complete, loaded };
  }

  private listFeatured(): { contacts: Contact[]; complete: boolean; loaded: number } {
    const contacts: Contact[] = [];
    let complete = true;
    const byName = [...this.clients()].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
    for (const client of byName) {
      const local = this.directory.search({ text: '', client: client.name, limit: FEATURED_PER_CLIENT });
      complete &&= local.complete;
      for (const { contact } of local.hits) {
        if (contact.clientId === client.id && (contact.primary || contact.important) && this.isVisible(contact)) contacts.push(contact);
      }
    }
    const status = this.directory.status();
    return { contacts, complete: complete && status.state !== 'loading', loaded: status.loaded };
  }

  /** The directory's copy, for when ITFlow cannot be reached; may be stale. */
  cached(contactId: number): Contact | undefined {
    const contact = this.directory.get(contactId);
    return contact !== undefined && this.isVisible(contact) ? contact : undefined;
  }

  /** A fresh read from ITFlow; null when missing or outside the allowed clients. */
  async get(contactId: number): Promise<Contact | null> {
    // "show contact 0": no such contact, rather than the client's argument check failing as a bug.
    if (!Number.isSafeInteger(contactId) || contactId < 1) return null;
    const contact = await this.api.getContact(contactId);
    if (contact === null || !this.isVisible(contact)) return null;
    this.directory.upsert(contact);
    return contact;
  }

  /** Saves the user's edit (null: the form's version token is not ours), merged into a fresh row. */
  update(contactId: number, edit: UserEdit | null, opts: { force?: boolean } = {}): Promise<UpdateResult> {
    return this.updater.update(contactId, edit, opts);
  }

  /** Creates once per form id, across instances: a repeated submission of the same form answers with the first outcome. */
  create(formId: string, form: AddFormValues, options: CreateOptions = {}): Promise<CreateResult> {
    return this.creator.create(formId, form, options);
  }

  /**
   * The exact lookup, or null when ITFlow has not answered within the budget (a full table scan on a big, busy
   * server): nobody waits longer for a find. A late answer still reaches the directory for the next find.
   */
  private async boundedExactLookup(query: FindQuery): Promise<Contact[] | null> {
    const lookup = this.exactLookup(query);
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.exactLookupBudgetMs);
    });
    try {
      const answer = await Promise.race([lookup, budget]);
      if (answer === null) {
        void lookup.then(
          (late) => late.forEach((c) => this.directory.upsert(c)),
          () => undefined,
        );
      }
      return answer;
    } finally {
      clearTimeout(timer);
    }
  }

  private async exactLookup(query: FindQuery): Promise<Contact[]> {
    if (query.kind === 'email') return this.api.findContactsByEmail(query.email);
    if (query.kind === 'phone') {
      // ITFlow matches stored digits exactly and returns one arbitrary row, and a mobile match escapes the key's
      // client scope: treat it as a hint and read the row again by id, which honours the scope.
      let hit: Contact | null = null;
      for (const digits of phoneLookupDigits(query.digits, this.phoneRegion)) {
        hit = await this.api.findContactByPhone(digits);
        if (hit !== null) break;
      }
      const confirmed = hit === null ? null : await this.api.getContact(hit.id);
      return confirmed === null ? [] : [confirmed];
    }
    return [];
  }

  locationProblem(clientId: number, locationId: number): string | null {
    if (locationId === 0) return null;
    const location = this.directory.locations().find((l) => l.id === locationId);
    if (location === undefined) return 'Choose a location from the list';
    if (location.clientId !== clientId) {
      const owner = this.clientName(location.clientId) || 'another client';
      const chosen = this.clientName(clientId);
      return `${location.name} belongs to ${owner}. Choose one of ${chosen === '' ? "this client's" : `${chosen}'s`} locations, or (none).`;
    }
    return null;
  }

  clientExists(clientId: number): boolean {
    return this.directory.clients().some((c) => c.id === clientId);
  }

  /** A client's name, '' when unknown or outside the allowed clients. */
  clientName(id: number): string {
    return this.isClientAllowed(id) ? this.directory.clientName(id) : '';
  }

  locationName(id: number): string {
    return id === 0 ? '' : this.directory.locationName(id);
  }
}

/** Listed per client before filtering; clients whose names start alike share a listing. */
const FEATURED_PER_CLIENT = 50;
/** How long the featured listing is reused; a flag changed meanwhile shows up after at most this long. */
const FEATURED_CACHE_MS = 30_000;
