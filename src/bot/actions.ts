import type { Logger } from '../logger';
import type { TeamsUser } from './access';
import { audit } from './audit';
import { messageReply } from './replies';
import { MESSAGES } from './user-messages';
import type { Reply, TurnScope } from './turn-scope';
import { cardVerbNamed } from './verbs';
import { contactRef, type CardVerb } from './verbs/verb';

/**
 * A card action, from an Action.Execute invoke or an Action.Submit message: the verb is looked up, the user's
 * right to write checked, the data parsed by the verb's schema, and the verb run.
 */
export async function runAction(verb: string, data: Record<string, unknown>, turn: TurnScope): Promise<Reply> {
  const action = cardVerbNamed(verb);
  if (action === undefined) {
    turn.logger.warn('unknown card action', { verb: verb.slice(0, 60) });
    return messageReply(MESSAGES.badAction());
  }
  if (action.writes && !turn.canEdit) {
    auditRefusal(turn.logger, turn.user, action, data, 'editing is not allowed for this user');
    return messageReply(MESSAGES.readOnly());
  }
  const parsed = action.schema.safeParse(data);
  if (!parsed.success) {
    turn.logger.warn('card action with invalid data', { verb, issues: parsed.error.issues.map((i) => i.path.join('.')) });
    if (action.writes) {
      audit(turn.logger, turn.user, { action: verb, contactId: null, result: 'invalid', reason: 'malformed card data', changedFields: [], attemptedFields: [] });
    }
    return messageReply(MESSAGES.badAction());
  }
  return action.run(parsed.data, data, turn);
}

/** The answer to a card action from a tenant outside ALLOWED_TENANT_IDS; write attempts are audited. */
export function refuseForeignTenant(verb: string, data: Record<string, unknown>, user: TeamsUser, logger: Logger): Reply {
  const action = cardVerbNamed(verb);
  if (action?.writes) auditRefusal(logger, user, action, data, 'tenant is not allowed');
  return messageReply(MESSAGES.tenantRefused());
}

/**
 * The audit line of a write that was not allowed to run: what it would have touched (the fields changed on an
 * edit form, or filled in on an add form), never the values. `action` names the attempt in the audit line.
 */
export function auditRefusal(
  logger: Logger,
  user: TeamsUser,
  verb: CardVerb,
  data: Record<string, unknown>,
  reason: string,
  action: string = verb.verb,
): void {
  audit(logger, user, {
    action,
    contactId: contactRef.safeParse(data).data?.contactId ?? null,
    result: 'refused',
    reason,
    changedFields: [],
    attemptedFields: verb.attemptedFields?.(data) ?? [],
  });
}
