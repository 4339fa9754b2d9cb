import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  CardFactory,
  MessageFactory,
  StatusCodes,
  TeamsActivityHandler,
  TurnContext,
  type AppBasedLinkQuery,
  type InvokeResponse,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
  type MessagingExtensionQuery,
  type MessagingExtensionResponse,
} from 'botbuilder';
import { z } from 'zod';
import { cards } from '../cards/views';
import type { AdaptiveCardJson } from '../cards/render';
import type { ContactService } from '../contacts/contact-service';
import type { Contact } from '../itflow/types';
import type { Logger } from '../logger';
import type { Store } from '../store';
import { AccessPolicy, type TeamsUser } from './access';
import { messageReply, refuseForeignTenant, runAction, runActionWithin } from './actions';
import { conversationKindOf, makeCardContext } from './card-context';
import { answerCommand } from './command-handlers';
import { parseCommand, stripMentions } from './commands';
import type { CallsChat } from './calls-chat';
import type { ContactTickets } from './contact-tickets';
import { answerContactSearch, answerLinkQuery, answerSelectedItem } from './message-extensions';
import { openAddContactDialog, submitAddContactDialog } from './task-modules';
import { answerTypeaheadSearch, TYPEAHEAD_INVOKE } from './typeahead-search';
import { WelcomeOnce } from './welcome';
import { RecentSaves } from './recent-saves';
import { cardForClient, isMobileClient, replaceTappedCard } from './mobile';
import { retryConnectorCalls } from './retry';
import { UpnLookup } from './upn-lookup';
import { describeFailure, MESSAGES } from './user-messages';
import type { Reply, TurnScope } from './turn-scope';
import type { Acting } from '../identity';
import { connectFirstMessage, identityReply } from './identity-commands';
import { IdentityTurns } from './identity-turn';
import type { PinVerification } from './verbs/pin-ports';

export interface ContactsBotDeps {
  service: ContactService;
  access: AccessPolicy;
  contactLink: (contact: Contact) => string | null;
  /** ITFlow's web address: pasted links to its contact pages unfurl into contact cards. */
  itflowBaseUrl: string;
  logger: Logger;
  /** The bot's shared state: here, which conversations were welcomed. */
  store: Store;
  newFormId?: () => string;
  /** Caller ID: remembers personal chats, answers `my extension is 201`. */
  calls?: CallsChat;
  /** Open tickets on contact cards. */
  tickets?: ContactTickets;
  /** Verify PIN on contact and incoming-call cards (src/bot/verbs/verify-pin.ts). */
  pins?: PinVerification;
  /** How long a card action waits for ITFlow before answering anyway (Teams allows an invoke 5 s). */
  invokeDeadlineMs?: number;
  /** ITFLOW_IDENTITY: whose key and clients each turn acts with (absent: the shared key for everyone). */
  identity?: IdentityTurns;
}

/** Card data as it arrives: an object whose `verb` names the action (Action.Submit carries it in `value`). */
const actionPayload = z.looseObject({ verb: z.string().min(1).max(100) });
const executeInvoke = z.object({
  action: z.object({ type: z.literal('Action.Execute'), verb: z.string().max(100).optional(), data: z.record(z.string(), z.unknown()).optional() }),
});

const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Under Teams' 5 s for an invoke, leaving room for the network and the reply itself. */
const INVOKE_DEADLINE_MS = 4000;
/** Where run() leaves the sender's looked-up UPN for teamsUserOf. */
const UPN_KEY = Symbol('itflow-contacts.upn');
/** Where run() leaves how the bot acts for the sender this turn (src/identity). */
const ACTING_KEY = Symbol('itflow-contacts.acting');

/**
 * Thin Bot Framework adapter: text → command, card actions (Action.Execute invokes and Action.Submit messages)
 * → the action table. No business logic here.
 */
export class ContactsBot extends TeamsActivityHandler {
  private readonly upns: UpnLookup;
  private readonly welcomed: WelcomeOnce;
  private readonly recentSaves = new RecentSaves();
  private readonly identity: IdentityTurns;

  constructor(private readonly deps: ContactsBotDeps) {
    super();
    this.upns = new UpnLookup(deps.logger);
    this.welcomed = new WelcomeOnce(deps.store, deps.logger);
    this.identity = deps.identity ?? new IdentityTurns(undefined);
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    // Shown once when the app is added to a personal chat, a group chat or a team.
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.welcome(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      if (context.activity.membersAdded?.some((m) => m.id === context.activity.recipient?.id)) await this.welcome(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    retryConnectorCalls(context, this.deps.logger);
    const user = teamsUserOf(context);
    if (this.deps.access.needsUpn(user)) context.turnState.set(UPN_KEY, await this.upns.resolve(context, user));
    if (this.deps.access.tenantAllowed(user)) {
      await this.deps.calls?.remember(context, teamsUserOf(context));
      context.turnState.set(ACTING_KEY, await this.identity.actingFor(user.aadObjectId));
    }
    await super.run(context);
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'adaptiveCard/action') {
      try {
        return await this.handleExecute(context);
      } catch (err) {
        // Without an answer the adapter would send 501 and Teams would show a bare error: say it in a card.
        this.deps.logger.error('card action failed', { error: err });
        return { status: StatusCodes.OK, body: { statusCode: 200, type: CARD_CONTENT_TYPE, value: messageReply(describeFailure(err, 'read')).card } };
      }
    }
    const user = teamsUserOf(context);
    if (!this.deps.access.tenantAllowed(user)) {
      this.deps.logger.warn('refused an invoke from a tenant that is not allowed', { tenantId: user.tenantId, name: context.activity.name });
      return context.activity.name?.startsWith('composeExtension/')
        ? { status: StatusCodes.OK, body: { composeExtension: { type: 'message', text: MESSAGES.tenantRefused().text } } }
        : { status: 403 };
    }
    const acting = actingOf(context);
    if (acting.kind === 'connect-first') {
      const prompt = connectFirstMessage(acting);
      return context.activity.name?.startsWith('composeExtension/')
        ? { status: StatusCodes.OK, body: { composeExtension: { type: 'message', text: `${prompt.title}. ${prompt.text}` } } }
        : { status: StatusCodes.OK };
    }
    try {
      if (context.activity.name === TYPEAHEAD_INVOKE) return answerTypeaheadSearch(context.activity.value, this.scopeFor(context));
      const response = await super.onInvokeActivity(context);
      // An invoke this bot has no handler for is ignored politely: a 501 would read as a server fault.
      if (response.status === 501) {
        this.deps.logger.debug('ignored an invoke the bot does not handle', { name: context.activity.name?.slice(0, 60) });
        return { status: StatusCodes.OK };
      }
      return response;
    } catch (err) {
      this.deps.logger.warn('invoke failed', { name: context.activity.name, error: err });
      return { status: StatusCodes.BAD_REQUEST };
    }
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const scope = this.scopeFor(context);
    const submitted = actionPayload.safeParse(context.activity.value);
    if (scope === null) {
      const refusal = submitted.success
        ? refuseForeignTenant(submitted.data.verb, submitted.data, teamsUserOf(context), this.deps.logger)
        : messageReply(MESSAGES.tenantRefused());
      await context.sendActivity(MessageFactory.attachment(asAttachment(refusal.card)));
      return;
    }
    const identityReply = await this.identityReply(context, submitted.success ? submitted.data : null, scope);
    if (identityReply !== null) {
      await this.deliver(context, identityReply, 'message');
      return;
    }
    const mobile = isMobileClient(context.activity.entities);
    if (submitted.success) {
      const reply = await runAction(submitted.data.verb, submitted.data, scope);
      await this.deliver(context, reply, mobile ? 'mobile' : 'message');
      return;
    }
    // Anything may arrive in "text"; only a string is a message.
    const mentionless: unknown = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text;
    const text = typeof mentionless === 'string' ? mentionless : '';
    // A card shared without words (a contact inserted from the message extension) is not a command.
    if (text.trim() === '' && (context.activity.attachments?.length ?? 0) > 0) return;
    if (await this.deps.calls?.handleMessage(context, stripMentions(text), scope.user)) return;
    const command = parseCommand(text);
    scope.logger.debug('command', { kind: command.kind });
    const reply = await answerCommand(command, scope);
    const activity = MessageFactory.attachment(asAttachment(cardForClient(reply.card, mobile)));
    if (reply.text !== undefined) activity.text = reply.text;
    await context.sendActivity(activity);
  }

  private async handleExecute(context: TurnContext): Promise<InvokeResponse> {
    const scope = this.scopeFor(context);
    const parsed = executeInvoke.safeParse(context.activity.value);
    let reply: Reply;
    if (scope === null) {
      const action = parsed.success ? parsed.data.action : undefined;
      const data = action?.data ?? {};
      reply = refuseForeignTenant(action?.verb ?? (typeof data.verb === 'string' ? data.verb : ''), data, teamsUserOf(context), this.deps.logger);
    } else if (!parsed.success) return { status: StatusCodes.BAD_REQUEST, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'Not an Action.Execute invoke' } } };
    else {
      const data = parsed.data.action.data ?? {};
      const verb = parsed.data.action.verb ?? (typeof data.verb === 'string' ? data.verb : '');
      reply =
        (await this.identityReply(context, { ...data, verb }, scope)) ??
        (await runActionWithin(this.deps.invokeDeadlineMs ?? INVOKE_DEADLINE_MS, verb, data, scope));
      await this.deliver(context, reply, 'invoke');
    }
    return { status: StatusCodes.OK, body: { statusCode: 200, type: CARD_CONTENT_TYPE, value: reply.card } };
  }

  /**
   * Invoke answers carry the card themselves; Action.Submit answers are posted as a new message. After a save
   * the card that was clicked is replaced for everyone, so nobody keeps reading stale details.
   */
  private async deliver(context: TurnContext, reply: Reply, via: 'invoke' | 'message' | 'mobile'): Promise<void> {
    if (via === 'mobile') return replaceTappedCard(context, cardForClient(reply.card, true), this.deps.logger);
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

  // Message extensions and dialogs: invoke payloads are validated where they are answered.
  protected override handleTeamsMessagingExtensionQuery(context: TurnContext, _query: MessagingExtensionQuery): Promise<MessagingExtensionResponse> {
    return answerContactSearch(context.activity.value, this.scopeFor(context));
  }

  protected override handleTeamsMessagingExtensionSelectItem(context: TurnContext, _query: unknown): Promise<MessagingExtensionResponse> {
    return answerSelectedItem(context.activity.value, this.scopeFor(context));
  }

  protected override handleTeamsAppBasedLinkQuery(context: TurnContext, _query: AppBasedLinkQuery): Promise<MessagingExtensionResponse> {
    return answerLinkQuery(context.activity.value, this.scopeFor(context), this.deps.itflowBaseUrl);
  }

  protected override handleTeamsMessagingExtensionFetchTask(context: TurnContext, _action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    return openAddContactDialog(context.activity.value, this.scopeFor(context));
  }

  protected override handleTeamsMessagingExtensionSubmitAction(context: TurnContext, _action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    return submitAddContactDialog(context.activity.value, this.scopeFor(context));
  }

  private async welcome(context: TurnContext): Promise<void> {
    const scope = this.scopeFor(context);
    if (scope === null || !(await this.welcomed.claim(context.activity.conversation?.id ?? ''))) return;
    await context.sendActivity(MessageFactory.attachment(asAttachment(cards.welcome(scope.cards))));
  }

  /**
   * connect / disconnect / whoami and the connect form come first; a technician who must connect gets only
   * that prompt. Null: not an identity matter, carry on.
   */
  private identityReply(context: TurnContext, submitted: Record<string, unknown> | null, scope: TurnScope): Promise<Reply | null> {
    const text: unknown = submitted === null ? (TurnContext.removeRecipientMention(context.activity) ?? context.activity.text) : undefined;
    return identityReply(submitted, typeof text === 'string' ? text : null, {
      turns: this.identity,
      userId: scope.user.aadObjectId,
      personalChat: context.activity.conversation?.conversationType === 'personal',
      acting: actingOf(context),
      logger: scope.logger,
    });
  }

  private scopeFor(context: TurnContext): TurnScope | null {
    const user = teamsUserOf(context);
    if (!this.deps.access.tenantAllowed(user)) {
      this.deps.logger.warn('refused activity from a tenant that is not allowed', { tenantId: user.tenantId });
      return null;
    }
    // The presser's own key and clients when they act personally, re-checked on every turn.
    const acting = actingOf(context);
    const service = this.identity.serviceFor(acting, user.aadObjectId ?? user.id, this.deps.service);
    const canEdit = this.deps.access.canEdit(user) && (acting.kind !== 'personal' || acting.identity.canWrite);
    const tickets = this.deps.tickets;
    return {
      user,
      canEdit,
      cards: {
        ...makeCardContext(service, this.deps.contactLink, canEdit, {
          conversation: conversationKindOf(context.activity.conversation?.conversationType),
          botName: context.activity.recipient?.name?.trim() || 'ITFlow',
        }),
        canVerifyPin: this.deps.pins !== undefined,
        ...(tickets !== undefined && { openTickets: (contact: Contact) => tickets.summary(contact.id) }),
      },
      service,
      logger: this.deps.logger.child({ conversationId: context.activity.conversation?.id, userId: user.id }),
      newFormId: this.deps.newFormId ?? randomUUID,
      recentSaves: this.recentSaves,
      pins: this.deps.pins,
      ...(tickets !== undefined && { prefetchTickets: (id: number) => tickets.prefetch(id) }),
      personalChat: context.activity.conversation?.conversationType === 'personal',
    };
  }

}

function actingOf(context: TurnContext): Acting {
  return context.turnState.get<Acting | undefined>(ACTING_KEY) ?? { kind: 'shared' };
}

export function asAttachment(card: AdaptiveCardJson) {
  return CardFactory.adaptiveCard(card);
}

const optionalText = z.string().optional().catch(undefined);
/** The sender as the activity describes it; anything malformed reads as absent (and so never as allowed). */
const senderSchema = z.object({
  from: z.object({ id: optionalText, name: optionalText, aadObjectId: optionalText }).catch({}),
  conversation: z.object({ tenantId: optionalText }).catch({}),
  channelData: z.object({ tenant: z.object({ id: optionalText }).catch({}) }).catch({ tenant: {} }),
});

function teamsUserOf(context: TurnContext): TeamsUser {
  const { from, conversation, channelData } = senderSchema.parse(context.activity);
  return {
    id: from.id ?? 'unknown',
    name: from.name?.trim() || 'someone',
    aadObjectId: from.aadObjectId ?? null,
    upn: context.turnState.get<string | null | undefined>(UPN_KEY) ?? null,
    tenantId: conversation.tenantId ?? channelData.tenant.id ?? null,
  };
}
