/**
 * ALLOWED_CLIENT_IDS, the one rule: when the list is non-empty, only contacts, clients and locations of those
 * ITFlow clients are shown or written; when it is empty, every client is.
 */
export class ClientScope {
  /** The allowed client ids; undefined when every client is allowed. */
  readonly ids: ReadonlySet<number> | undefined;

  constructor(allowedClientIds: readonly number[] = []) {
    this.ids = allowedClientIds.length > 0 ? new Set(allowedClientIds) : undefined;
  }

  allows(clientId: number): boolean {
    return this.ids === undefined || this.ids.has(clientId);
  }
}
