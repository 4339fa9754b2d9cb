/**
 * Which ITFlow clients are shown or written, the one rule: ALLOWED_CLIENT_IDS when non-empty (else every client),
 * narrowed, for a technician acting with their own key, to the clients that key may see (even when none).
 */
export class ClientScope {
  /** The allowed client ids; undefined when every client is allowed. */
  readonly ids: ReadonlySet<number> | undefined;

  constructor(allowedClientIds: readonly number[] = [], visibleClientIds?: ReadonlySet<number>) {
    const configured = allowedClientIds.length > 0 ? new Set(allowedClientIds) : undefined;
    this.ids = visibleClientIds === undefined ? configured : new Set([...visibleClientIds].filter((id) => configured === undefined || configured.has(id)));
  }

  allows(clientId: number): boolean {
    return this.ids === undefined || this.ids.has(clientId);
  }
}
