import type { ContactService } from '../contacts/contact-service';
import type { Acting, Identities, PersonalIdentity } from '../identity';

/**
 * How the bot acts for the sender of this turn (ITFLOW_IDENTITY, src/identity), resolved once when the turn
 * starts, so every command, card action and invoke of the turn — including a button on a card someone else
 * posted — runs with the presser's key and clients, re-checked at the press.
 */

export interface IdentityWiring {
  identities: Identities;
  /** The contact service as one technician sees it: their key for ITFlow, only their clients. */
  personalService(identity: PersonalIdentity): ContactService;
}

/** Per-technician services are kept (their once-per-form memory and locks must outlive a turn), newest 500. */
const MAX_CACHED_SERVICES = 500;

export class IdentityTurns {
  private readonly services = new Map<string, ContactService>();

  constructor(private readonly wiring: IdentityWiring | undefined) {}

  get policy(): Identities['policy'] {
    return this.wiring?.identities.policy ?? 'shared';
  }

  get identities(): Identities | null {
    return this.wiring?.identities ?? null;
  }

  async actingFor(aadObjectId: string | null): Promise<Acting> {
    if (this.wiring === undefined) return { kind: 'shared' };
    return this.wiring.identities.actingFor(aadObjectId ?? undefined);
  }

  /** The service for this turn: the shared one, or the technician's own (kept while their key and clients stay). */
  serviceFor(acting: Acting, userKey: string, shared: ContactService): ContactService {
    if (acting.kind !== 'personal' || this.wiring === undefined) return shared;
    const { identity } = acting;
    const cacheKey = `${userKey}|${identity.keyId}|${[...identity.clientIds].join(',')}|${identity.canWrite}`;
    let service = this.services.get(cacheKey);
    if (service === undefined) {
      service = this.wiring.personalService(identity);
      if (this.services.size >= MAX_CACHED_SERVICES) this.services.delete(this.services.keys().next().value!);
    } else {
      this.services.delete(cacheKey);
    }
    this.services.set(cacheKey, service);
    return service;
  }
}
