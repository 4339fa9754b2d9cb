import type { Client, ItflowApi } from '../itflow/types';
import type { Contact } from './contact';
import { withinTimeLimit } from '../time-limit';
import type { ClientScope } from './client-scope';
import { withCloseOthers } from './closeness';
import { phoneLookupDigits, type CountryCode } from './phone';
import type { DirectoryPort } from './ports';
import { RESULT_PAGE_SIZE } from './result-page';
import { clientFilterMatches, foldedName, words } from './text';

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

/** Listed per client before filtering; clients whose names start alike share a listing. */
const FEATURED_PER_CLIENT = 50;
/** How long the featured listing is reused; a flag changed meanwhile shows up after at most this long. */
const FEATURED_CACHE_MS = 30_000;

/**
 * Finding contacts within the client scope: from the in-memory directory, with ITFlow's exact email/phone
 * lookups (bounded in time) while it loads, and the featured listing a search with no words shows.
 */
export class ContactFinder {
  private featuredListing: { at: number; contacts: Contact[]; complete: boolean; loaded: number } | null = null;

  constructor(
    private readonly api: ItflowApi,
    private readonly directory: DirectoryPort,
    private readonly scope: ClientScope,
    /** The clients in scope, and their names ('' outside it). */
    private readonly visible: { clients(): Client[]; clientName(id: number): string },
    private readonly exactLookupBudgetMs: number,
    /** Where numbers without a country code are read (DEFAULT_PHONE_REGION). */
    private readonly phoneRegion: CountryCode,
  ) {}

  async find(query: FindQuery, options: FindOptions = {}): Promise<FindResult> {
    const limit = options.limit ?? RESULT_PAGE_SIZE;
    const offset = options.offset ?? 0;
    const text = query.kind === 'email' ? query.email : query.kind === 'phone' ? query.digits : query.text;
    const local = this.directory.search({
      text,
      client: options.client,
      clientIds: this.scope.ids,
      includeArchived: options.includeArchived,
      limit: offset + limit,
      suggest: NEAR_NAMES,
    });
    const loaded = this.directory.status().loaded;
    let hits = local.hits.filter((h) => this.scope.allows(h.contact.clientId));
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
          this.scope.allows(c.clientId) &&
          (options.includeArchived || c.archivedAt === null) &&
          (options.client === undefined || clientFilterMatches(words(options.client), foldedName(this.visible.clientName(c.clientId)))) &&
          !hits.some((h) => h.contact.id === c.id),
      );
      for (const c of remote) this.directory.upsert(c);
      hits = [...fresh.map((contact) => ({ contact, strong: false })), ...hits];
      total += fresh.length;
      if (strong === null && hits.length === 1) strong = hits[0]!.contact;
    }
    const near = (local.near ?? []).filter((c) => this.scope.allows(c.clientId));
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
    const limit = options.limit ?? RESULT_PAGE_SIZE;
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
    const byName = [...this.visible.clients()].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
    for (const client of byName) {
      const local = this.directory.search({ text: '', client: client.name, limit: FEATURED_PER_CLIENT });
      complete &&= local.complete;
      for (const { contact } of local.hits) {
        if (contact.clientId === client.id && (contact.primary || contact.important) && this.scope.allows(contact.clientId)) contacts.push(contact);
      }
    }
    const status = this.directory.status();
    return { contacts, complete: complete && status.state !== 'loading', loaded: status.loaded };
  }

  /**
   * The exact lookup, or null when ITFlow has not answered within the budget (a full table scan on a big, busy
   * server): nobody waits longer for a find. A late answer still reaches the directory for the next find.
   */
  private async boundedExactLookup(query: FindQuery): Promise<Contact[] | null> {
    const lookup = this.exactLookup(query);
    const answer = await withinTimeLimit(lookup, this.exactLookupBudgetMs);
    if (answer.inTime) return answer.value;
    void lookup.then(
      (late) => late.forEach((c) => this.directory.upsert(c)),
      () => undefined,
    );
    return null;
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
}
