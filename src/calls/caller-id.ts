/** Caller ID put together: lookup, ringing → card, the HTTP routes. app.ts supplies the notifier (src/bot). */
import type restify from 'restify';
import { incomingCallCard, type TicketSummary } from '../cards/incoming-call';
import type { AdaptiveCardJson } from '../cards/render';
import type { Config } from '../config';
import { TICKETS_WAIT_MS } from '../contacts/open-tickets-cache';
import type { Contact } from '../contacts/contact';
import type { Logger } from '../logger';
import type { Store } from '../store';
import { CallerLookup, type CallerDirectory, type CallerMatch } from './caller-lookup';
import { phoneRegion } from './caller-number';
import { registerCallRoutes } from './http';
import { RingingService, type CallNotifier, type TechnicianRef } from './ringing';
import { withinTimeLimit } from '../time-limit';


export interface CallerIdDeps {
  config: Config['calls'];
  /** DEFAULT_PHONE_REGION. */
  phoneRegion: string;
  directory: CallerDirectory;
  allowedClientIds: readonly number[];
  store: Store;
  notifier: CallNotifier;
  contactLink: (contact: Contact) => string | null;
  /** A contact's open tickets (cached by the reader); absent: the card has no Tickets section. */
  openTickets?: (contact: Contact) => Promise<TicketSummary | null>;
  canVerifyPin: boolean;
  /** The clients a technician may see under ITFLOW_IDENTITY (null: no limit beyond the bot's). */
  visibleClients?: (technician: TechnicianRef) => Promise<ReadonlySet<number> | null>;
  logger: Logger;
}

export interface CallerId {
  lookup: CallerLookup;
  ringing: RingingService;
  routes(server: restify.Server): void;
}

export function createCallerId(deps: CallerIdDeps): CallerId {
  const lookup = new CallerLookup(deps.directory, { region: phoneRegion(deps.phoneRegion), allowedClientIds: new Set(deps.allowedClientIds) });
  const card = async (match: CallerMatch, rawNumber: string): Promise<AdaptiveCardJson> => {
    const callers = await Promise.all(match.contacts.map(async (contact) => ({ contact, tickets: await ticketsWithin(deps, contact) })));
    return incomingCallCard(match.number.kind === 'external' ? match.number.e164 : rawNumber, callers, match.sharedLine, {
      clientName: (id) => lookup.clientName(id),
      contactLink: deps.contactLink,
      // Editing is decided again when the button is pressed (the bot checks the presser's rights).
      canEdit: true,
      canVerifyPin: deps.canVerifyPin,
    });
  };
  const ringing = new RingingService({
    lookup,
    store: deps.store,
    notifier: deps.notifier,
    card,
    extensionEmails: deps.config.extensions,
    ...(deps.visibleClients !== undefined && { visibleClients: deps.visibleClients }),
    logger: deps.logger,
  });
  return {
    lookup,
    ringing,
    routes: (server) =>
      registerCallRoutes(server, {
        token: deps.config.apiToken ?? null,
        lookup,
        ringing,
        contactLink: deps.contactLink,
        twilioAuthToken: deps.config.twilioAuthToken,
        publicBaseUrl: deps.config.publicUrl,
        ringCentralVerificationToken: deps.config.ringCentralVerificationToken,
        logger: deps.logger,
      }),
  };
}

/** Tickets not read within TICKETS_WAIT_MS go without: the card must reach the technician while the phone still rings. */
async function ticketsWithin(deps: CallerIdDeps, contact: Contact): Promise<TicketSummary | null> {
  if (deps.openTickets === undefined) return null;
  const answer = await withinTimeLimit(deps.openTickets(contact).catch(() => null), TICKETS_WAIT_MS);
  return answer.inTime ? answer.value : null;
}
