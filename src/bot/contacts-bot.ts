import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  CardFactory,
  MessageFactory,
  StatusCodes,
  TeamsActivityHandler,
  TurnContext,
  type InvokeResponse,
} from 'botbuilder';
import { z } from 'zod';
import { cards } from '../cards/views';
import type { AdaptiveCardJson } from '../cards/render';
import type { ContactService } from '../contacts/contact-service';
import type { Contact } from '../itflow/types';
import type { Logger } from '../logger';
import { AccessPolicy, type TeamsUser } from './access';
import { messageReply, runAction } from './actions';
import { makeCardContext } from './card-context';
import { answerCommand } from './command-handlers';
import { parseCommand } from './commands';
import { MESSAGES } from './user-messages';
import type { Reply, TurnScope } from './turn-scope';

export interface ContactsBotDeps {
  service: ContactService;
  access: AccessPolicy;
  contactLink: (contact: Contact) => string | null;
  logger: Logger;
  newFormId?: () => string;
}

/** Card data as it arrives: an object whose `verb` names the action (Action.Submit carries it in `value`). */
const actionPayload = z.looseObject({ verb: z.string().min(1).max(100) });
const executeInvoke = z.object({
  action: z.object({ type: z.literal('Action.Execute'), verb: z.string().max(100).optional(), data: z.record(z.string(), z.unknown()).optional() }),
});

const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/**
 * Thin Bot Framework adapter: text → command, card actions (Action.Execute invokes and Action.Submit messages)
 * → the action table. No business logic here.
 */
export class ContactsBot extends TeamsActivityHandler {
  constructor(private readonly deps: ContactsBotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    // Shown once when the app is added to a personal chat, a group chat or a team.
    this.onInstallationUpdateAdd(async (context, next) => {
      const scope = this.scopeFor(context);
      if (scope !== null) await context.sendActivity(MessageFactory.attachment(asAttachment(cards.welcome(scope.cards))));
      await next();
    });
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'adaptiveCard/action') return this.handleExecute(context);
    try {
      return await super.onInvokeActivity(context);
    } catch (err) {
      this.deps.logger.warn('invoke failed', { name: context.activity.name, error: err });
      return { status: StatusCodes.BAD_REQUEST };
    }
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const scope = this.scopeFor(context);
    if (scope === null) {
      await context.sendActivity(MessageFactory.attachment(asAttachment(messageReply(MESSAGES.tenantRefused()).card)));
      return;
    }
    const submitted = actionPayload.safeParse(context.activity.value);
    if (submitted.success) {
      const reply = await runAction(submitted.data.verb, submitted.data, scope);
      await this.deliver(context, reply, 'message');
      return;
    }
    const text = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
    const command = parseCommand(text);
    scope.logger.debug('command', { kind: command.kind });
    const reply = await answerCommand(command, scope);
    const activity = MessageFactory.attachment(asAttachment(reply.card));
    if (reply.text !== undefined) activity.text = reply.text;
    await context.sendActivity(activity);
  }

  private async handleExecute(context: TurnContext): Promise<InvokeResponse> {
    const scope = this.scopeFor(context);
    const parsed = executeInvoke.safeParse(context.activity.value);
    let reply: Reply;
    if (scope === null) reply = messageReply(MESSAGES.tenantRefused());
    else if (!parsed.success) return { status: StatusCodes.BAD_REQUEST, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'Not an Action.Execute invoke' } } };
    else {
      const data = parsed.data.action.data ?? {};
      const verb = parsed.data.action.verb ?? (typeof data.verb === 'string' ? data.verb : '');
      reply = await runAction(verb, data, scope);
      await this.deliver(context, reply, 'invoke');
    }
    return { status: StatusCodes.OK, body: { statusCode: 200, type: CARD_CONTENT_TYPE, value: reply.card } };
  }

  /**
   * Invoke answers carry the card themselves; Action.Submit answers are posted as a new message. After a save
   * the card that was clicked is replaced for everyone, so nobody keeps reading stale details.
   */
  private async deliver(context: TurnContext, reply: Reply, via: 'invoke' | 'message'): Promise<void> {
    if (via === 'message') await context.sendActivity(MessageFactory.attachment(asAttachment(reply.card)));
    const original = context.activity.replyToId;
    if (reply.broadcast && original) {
      try {
        await context.updateActivity({ id: original, type: ActivityTypes.Message, attachments: [asAttachment(reply.card)] });
      } catch (err) {
        this.deps.logger.warn('could not update the original card', { error: err });
      }
    }
  }

  private scopeFor(context: TurnContext): TurnScope | null {
    const user = teamsUserOf(context);
    if (!this.deps.access.tenantAllowed(user)) {
      this.deps.logger.warn('refused activity from a tenant that is not allowed', { tenantId: user.tenantId });
      return null;
    }
    const canEdit = this.deps.access.canEdit(user);
    return {
      user,
      canEdit,
      cards: makeCardContext(this.deps.service, this.deps.contactLink, canEdit),
      service: this.deps.service,
      logger: this.deps.logger.child({ conversationId: context.activity.conversation?.id, userId: user.id }),
      newFormId: this.deps.newFormId ?? randomUUID,
    };
  }

}

export function asAttachment(card: AdaptiveCardJson) {
  return CardFactory.adaptiveCard(card);
}

function teamsUserOf(context: TurnContext): TeamsUser {
  const { from, conversation } = context.activity;
  const channelData: unknown = context.activity.channelData;
  const tenantFromChannel = z.object({ tenant: z.object({ id: z.string() }) }).safeParse(channelData);
  return {
    id: from?.id ?? 'unknown',
    name: from?.name?.trim() || 'someone',
    aadObjectId: from?.aadObjectId ?? null,
    upn: null,
    tenantId: conversation?.tenantId ?? (tenantFromChannel.success ? tenantFromChannel.data.tenant.id : null),
  };
}
