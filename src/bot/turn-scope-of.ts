import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { Contact } from '../contacts/contact';
import type { ContactService } from '../contacts/contact-service';
import type { Logger } from '../logger';
import type { AccessPolicy } from './access';
import { conversationKindOf, makeCardContext } from './card-context';
import type { ContactTickets } from './contact-tickets';
import type { RecentSaves } from './recent-saves';
import type { IdentityTurns } from './identity-turn';
import { actingOf, teamsUserOf } from './teams-user';
import type { TurnScope } from './turn-scope';
import type { PinVerification } from './verbs/pin-ports';

/** What a turn's scope is built from. */
export interface TurnScopeDeps {
  service: ContactService;
  access: AccessPolicy;
  contactLink: (contact: Contact) => string | null;
  logger: Logger;
  newFormId?: () => string;
  /** Open tickets on contact cards. */
  tickets?: ContactTickets;
  /** Verify PIN on contact and incoming-call cards (src/bot/verbs/verify-pin.ts). */
  pins?: PinVerification;
}

/** Everything a command or card action needs for this turn; null for a tenant outside ALLOWED_TENANT_IDS. */
export function turnScopeOf(context: TurnContext, deps: TurnScopeDeps, recentSaves: RecentSaves, identity: IdentityTurns): TurnScope | null {
  const user = teamsUserOf(context);
  if (!deps.access.tenantAllowed(user)) {
    deps.logger.warn('refused activity from a tenant that is not allowed', { tenantId: user.tenantId });
    return null;
  }
  // The presser's own key and clients when they act personally, re-checked on every turn.
  const acting = actingOf(context);
  const service = identity.serviceFor(acting, user.aadObjectId ?? user.id, deps.service);
  const canEdit = deps.access.canEdit(user) && (acting.kind !== 'personal' || acting.identity.canWrite);
  const tickets = deps.tickets;
  return {
    user,
    canEdit,
    cards: {
      ...makeCardContext(service, deps.contactLink, canEdit, {
        conversation: conversationKindOf(context.activity.conversation?.conversationType),
        botName: context.activity.recipient?.name?.trim() || 'ITFlow',
      }),
      canVerifyPin: deps.pins !== undefined,
      ...(tickets !== undefined && { openTickets: (contact: Contact) => tickets.summary(contact.id) }),
    },
    service,
    logger: deps.logger.child({ conversationId: context.activity.conversation?.id, userId: user.id }),
    newFormId: deps.newFormId ?? randomUUID,
    recentSaves: recentSaves,
    pins: deps.pins,
    ...(tickets !== undefined && { prefetchTickets: (id: number) => tickets.prefetch(id) }),
    personalChat: context.activity.conversation?.conversationType === 'personal',
  };
}
