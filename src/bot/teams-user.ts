import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Acting } from '../identity';
import type { TeamsUser } from './access';

/** Where ContactsBot.run leaves the sender's looked-up UPN for teamsUserOf. */
const UPN_KEY = Symbol('itflow-contacts.upn');
/** Where ContactsBot.run leaves how the bot acts for the sender this turn (src/identity). */
const ACTING_KEY = Symbol('itflow-contacts.acting');

const optionalText = z.string().optional().catch(undefined);
/** The sender as the activity describes it; anything malformed reads as absent (and so never as allowed). */
const senderSchema = z.object({
  from: z.object({ id: optionalText, name: optionalText, aadObjectId: optionalText }).catch({}),
  conversation: z.object({ tenantId: optionalText }).catch({}),
  channelData: z.object({ tenant: z.object({ id: optionalText }).catch({}) }).catch({ tenant: {} }),
});

/** For this turn: the sender's user principal name, as the Bot Connector told it (null: unknown). */
export function rememberUpn(context: TurnContext, upn: string | null): void {
  context.turnState.set(UPN_KEY, upn);
}

export function teamsUserOf(context: TurnContext): TeamsUser {
  const { from, conversation, channelData } = senderSchema.parse(context.activity);
  return {
    id: from.id ?? 'unknown',
    name: from.name?.trim() || 'someone',
    aadObjectId: from.aadObjectId ?? null,
    upn: context.turnState.get<string | null | undefined>(UPN_KEY) ?? null,
    tenantId: conversation.tenantId ?? channelData.tenant.id ?? null,
  };
}

/** For this turn: whose key and clients the bot acts with for the sender. */
export function rememberActing(context: TurnContext, acting: Acting): void {
  context.turnState.set(ACTING_KEY, acting);
}

export function actingOf(context: TurnContext): Acting {
  return context.turnState.get<Acting | undefined>(ACTING_KEY) ?? { kind: 'shared' };
}
