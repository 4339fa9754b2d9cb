import type { Client, ItflowApi, Location } from '../itflow/types';
import { ClientScope } from './client-scope';
import type { AddFormValues } from './contact-form';
import type { UserEdit, Contact } from './contact';
import { ContactCreator, type CreateOptions, type CreateResult } from './contact-create';
import { ContactFinder, type FindOptions, type FindQuery, type FindResult } from './contact-finder';
import { ContactUpdater, type UpdateResult } from './contact-update';
import { phoneRegion, type CountryCode } from './phone';
import type { ContactReads, DirectoryPort } from './ports';
import type { SharedWrites } from './shared-writes';

export interface ContactServiceOptions {
  /** When non-empty, only contacts of these ITFlow clients are shown or written. */
  allowedClientIds?: number[];
  /**
   * A technician's own clients (src/identity, learned with their key): only these are shown or written, even
   * when the set is empty; combined with allowedClientIds.
   */
  visibleClientIds?: ReadonlySet<number>;
  /** DEFAULT_PHONE_REGION: where numbers without a country code are read. Default 'US'. */
  phoneRegion?: string;
  /** How long a find waits for ITFlow's exact email/phone lookup while the directory loads. Default 2000. */
  exactLookupBudgetMs?: number;
}

/**
 * The bot's one way to the contacts: find / get / create / update, limited to the allowed clients (ClientScope).
 * A facade: finding is ContactFinder's, writes are ContactUpdater's and ContactCreator's, coordinated with the
 * other instances through the store (`shared`).
 */
export class ContactService implements ContactReads {
  private readonly scope: ClientScope;
  private readonly finder: ContactFinder;
  private readonly updater: ContactUpdater;
  private readonly creator: ContactCreator;
  readonly phoneRegion: CountryCode;

  constructor(
    private readonly api: ItflowApi,
    private readonly directory: DirectoryPort,
    shared: SharedWrites,
    options: ContactServiceOptions = {},
  ) {
    this.scope = new ClientScope(options.allowedClientIds, options.visibleClientIds);
    this.phoneRegion = phoneRegion(options.phoneRegion);
    this.finder = new ContactFinder(api, directory, this.scope, this, options.exactLookupBudgetMs ?? 2000, this.phoneRegion);
    this.updater = new ContactUpdater(api, directory, this, shared);
    this.creator = new ContactCreator(api, directory, this, shared);
  }

  isClientAllowed(clientId: number): boolean {
    return this.scope.allows(clientId);
  }

  clients(): Client[] {
    return this.directory.clients().filter((c) => this.scope.allows(c.id));
  }

  locations(): Location[] {
    return this.directory.locations().filter((l) => this.scope.allows(l.clientId));
  }

  find(query: FindQuery, options: FindOptions = {}): Promise<FindResult> {
    return this.finder.find(query, options);
  }

  /** What a search with no words shows: primary and important contacts of every visible client. */
  featured(options: { limit?: number; offset?: number } = {}): FindResult {
    return this.finder.featured(options);
  }

  /** The directory's copy, for when ITFlow cannot be reached; may be stale. */
  cached(contactId: number): Contact | undefined {
    const contact = this.directory.get(contactId);
    return contact !== undefined && this.scope.allows(contact.clientId) ? contact : undefined;
  }

  /** A fresh read from ITFlow; null when missing or outside the allowed clients. */
  async get(contactId: number): Promise<Contact | null> {
    // "show contact 0": no such contact, rather than the client's argument check failing as a bug.
    if (!Number.isSafeInteger(contactId) || contactId < 1) return null;
    const contact = await this.api.getContact(contactId);
    if (contact === null || !this.scope.allows(contact.clientId)) return null;
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
    return this.scope.allows(id) ? this.directory.clientName(id) : '';
  }

  locationName(id: number): string {
    return id === 0 ? '' : this.directory.locationName(id);
  }
}
