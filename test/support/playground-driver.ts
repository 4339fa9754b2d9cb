import { fetch, WebSocket } from 'undici';
import { z } from 'zod';

/**
 * Drives a running Microsoft 365 Agents Playground over the HTTP and WebSocket API its own web page uses
 * (shapes read from its 0.2.28 bundle), so tests can chat with a bot as a Teams user would, without a browser.
 *
 * - Messages: POST /_conversation/v1/conversations/:id/messages {type:'text', text, textFormat, from:{id},
 *   mentions?}. The page adds `mentions` outside personal chats, one per `<at>Name</at>` in the text:
 *   {mentioned:{id, name}, text:'<at>Name</at>'}. In group chats and channels only messages that mention the
 *   bot are forwarded to it, and the `<at>` markup stays in the activity text (the bot must strip it).
 *   Posting to a channel starts a thread: the answer's `postConversationId` ("<channel>;messageid=<id>") is the
 *   conversation the bot sees and replies in; post to that id to reply in the thread.
 * - Action.Submit: POST /_conversation/v1/submit {conversation:{id}, replyToId, value, from:{id}}; replyToId
 *   must be a message in that conversation.
 * - Invokes: POST /_conversation/v1/invoke {name, value, from:{id}, conversation:{id}, replyToId?}; the answer
 *   is built from the bot's invoke response body: {type, value} for adaptiveCard/action (the page then shows
 *   `value` in place of the card), {status} for message/submitAction, {task, composeExtension} otherwise.
 * - Bot output: WebSocket /_ws_conversation/v1/conversations/stream sends {action:'createMessage'|
 *   'updateMessage'|'typing', actionConversationId, message}. Anything produced while no socket was open is
 *   flushed to the next socket; that backlog is discarded here (see `isBacklog`).
 * - Message ids are the creation time in milliseconds; an update re-stamps the message with the update time.
 */

const accountSchema = z.object({ id: z.string(), name: z.string() });

const configSchema = z.object({
  config: z.object({
    tenantId: z.string(),
    bot: accountSchema,
    currentUser: accountSchema.extend({ aadObjectId: z.string() }),
    users: z.array(accountSchema.extend({ aadObjectId: z.string() })),
    personalChat: z.object({ id: z.string() }),
    groupChats: z.array(z.object({ id: z.string(), name: z.string() })),
    teams: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        channels: z.array(z.object({ id: z.string(), name: z.string() })),
      }),
    ),
  }),
});
export type PlaygroundConfig = z.infer<typeof configSchema>['config'];

const attachmentSchema = z.object({ contentType: z.string(), content: z.unknown() });

const chatMessageSchema = z.object({
  messageId: z.string(),
  timestamp: z.number(),
  from: z.object({ id: z.string() }),
  text: z.string().nullish(),
  textFormat: z.string().nullish(),
  attachments: z.array(attachmentSchema).default([]),
  suggestedActions: z.unknown().optional(),
  postConversationId: z.string().nullish(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

const streamEventSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('createMessage'), actionConversationId: z.string(), message: chatMessageSchema }),
  z.object({ action: z.literal('updateMessage'), actionConversationId: z.string(), message: chatMessageSchema }),
  z.object({ action: z.literal('typing'), actionConversationId: z.string() }),
]);

/** A message the bot created or updated, as the chat window receives it. */
export interface BotMessageEvent {
  kind: 'create' | 'update';
  /** The conversation (or channel thread) it belongs to. */
  conversationId: string;
  message: ChatMessage;
}

const sentSchema = z.object({ messageId: z.string(), postConversationId: z.string().nullish(), timestamp: z.number() });
export type SentMessage = z.infer<typeof sentSchema>;

const invokeResultSchema = z.record(z.string(), z.unknown());
export type InvokeResult = z.infer<typeof invokeResultSchema>;

const cardActionResultSchema = z.object({ type: z.string(), value: z.unknown() });
export type CardActionResult = z.infer<typeof cardActionResultSchema>;

export interface PlaygroundConversations {
  personal: string;
  group: string;
  /** The team's General channel (its id is the team id). */
  channel: string;
  channels: { id: string; name: string }[];
}

export interface InvokeActivity {
  name: 'adaptiveCard/action' | 'message/submitAction' | 'composeExtension/query' | 'composeExtension/queryLink' | 'composeExtension/anonymousQueryLink' | 'composeExtension/fetchTask' | 'composeExtension/submitAction';
  value: Record<string, unknown>;
  /** Required for adaptiveCard/action: the message holding the card. */
  replyToId?: string;
}

interface Waiter {
  predicate: (event: BotMessageEvent) => boolean;
  resolve: (event: BotMessageEvent) => void;
  reject: (error: Error) => void;
}

export class PlaygroundDriver {
  private readonly received: BotMessageEvent[] = [];
  private readonly waiters = new Set<Waiter>();
  private cachedConfig: PlaygroundConfig | undefined;
  private socketError: Error | undefined;

  private constructor(
    readonly origin: string,
    private readonly socket: WebSocket,
    private readonly connectedAt: number,
  ) {
    socket.addEventListener('message', (event) => {
      if (typeof event.data === 'string') this.onFrame(event.data);
    });
    socket.addEventListener('close', () => this.failWaiters(this.socketError ?? new Error('playground WebSocket closed')));
    socket.addEventListener('error', () => {
      this.socketError = new Error('playground WebSocket failed');
    });
  }

  /** Opens the chat stream first, so every bot message from now on is seen. `url` is the playground's origin. */
  static async connect(url: string): Promise<PlaygroundDriver> {
    const origin = new URL(url).origin;
    const connectedAt = Date.now();
    const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/_ws_conversation/v1/conversations/stream`);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error(`cannot open the playground WebSocket at ${origin}`)), { once: true });
    });
    return new PlaygroundDriver(origin, socket, connectedAt);
  }

  /** Also waits (up to 15 s, inside the playground) until the bot endpoint accepts connections. */
  async config(): Promise<PlaygroundConfig> {
    if (this.cachedConfig === undefined) {
      this.cachedConfig = configSchema.parse(await this.request('GET', '/_internal/v1/config')).config;
    }
    return this.cachedConfig;
  }

  async conversations(): Promise<PlaygroundConversations> {
    const config = await this.config();
    const group = config.groupChats[0];
    const team = config.teams[0];
    if (group === undefined || team === undefined) throw new Error('playground config has no group chat or team');
    return { personal: config.personalChat.id, group: group.id, channel: team.id, channels: team.channels };
  }

  /** Sends as the current user, like typing in the compose box. With mentionBot, prefixes `<at>Bot</at> `. */
  async sendText(conversationId: string, text: string, options: { mentionBot?: boolean; fromId?: string } = {}): Promise<SentMessage> {
    const config = await this.config();
    const mention = `<at>${config.bot.name}</at>`;
    const body = {
      type: 'text',
      text: options.mentionBot === true ? `${mention} ${text}` : text,
      textFormat: 'plain',
      from: { id: options.fromId ?? config.currentUser.id },
      ...(options.mentionBot === true ? { mentions: [{ mentioned: { id: config.bot.id, name: config.bot.name }, text: mention }] } : {}),
    };
    return sentSchema.parse(await this.request('POST', `/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`, body));
  }

  /** Presses an Action.Submit button on message `replyToId`; the bot gets a message activity with `value`. */
  async submit(conversationId: string, replyToId: string, value: Record<string, unknown>): Promise<void> {
    const config = await this.config();
    await this.request('POST', '/_conversation/v1/submit', { conversation: { id: conversationId }, replyToId, value, from: { id: config.currentUser.id } });
  }

  /** Sends an invoke and returns the playground's answer, derived from the bot's invoke response body. */
  async invoke(conversationId: string, activity: InvokeActivity): Promise<InvokeResult> {
    const config = await this.config();
    const body = { ...activity, from: { id: config.currentUser.id }, conversation: { id: conversationId } };
    return invokeResultSchema.parse(await this.request('POST', '/_conversation/v1/invoke', body));
  }

  /** Presses an Action.Execute button, as the page does: value = {action:{type, title?, verb, data}}. */
  async executeAction(conversationId: string, replyToId: string, action: { verb: string; data?: Record<string, unknown>; title?: string }): Promise<CardActionResult> {
    const value = { action: { type: 'Action.Execute', title: action.title, verb: action.verb, data: action.data ?? {} } };
    return cardActionResultSchema.parse(await this.invoke(conversationId, { name: 'adaptiveCard/action', value, replyToId }));
  }

  /** Sends the installationUpdate and conversationUpdate (membersAdded) events of adding the app. */
  async install(conversationId: string): Promise<void> {
    await this.request('POST', `/_debug/conversation/${encodeURIComponent(conversationId)}/installation`, {});
  }

  /**
   * The oldest bot message not yet taken that matches `predicate`; waits for one when none has arrived.
   * Messages that do not match stay queued for later calls.
   */
  nextBotMessage(options: { timeoutMs?: number; predicate?: (event: BotMessageEvent) => boolean } = {}): Promise<BotMessageEvent> {
    const predicate = options.predicate ?? (() => true);
    const index = this.received.findIndex(predicate);
    if (index >= 0) return Promise.resolve(this.received.splice(index, 1)[0]!);
    if (this.socketError !== undefined) return Promise.reject(this.socketError);
    const timeoutMs = options.timeoutMs ?? 10_000;
    return new Promise<BotMessageEvent>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const queued = this.received.map((e) => `${e.kind} ${e.conversationId}: ${JSON.stringify(e.message.text ?? e.message.attachments.map((a) => a.contentType))}`);
        reject(new Error(`no matching bot message within ${timeoutMs} ms; queued: ${queued.length > 0 ? queued.join(' | ') : 'none'}`));
      }, timeoutMs);
      const waiter: Waiter = {
        predicate,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Drops every queued bot message (for example a welcome message a test does not care about). */
  discardQueued(): BotMessageEvent[] {
    return this.received.splice(0, this.received.length);
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => this.socket.addEventListener('close', () => resolve(), { once: true }));
    this.socket.close();
    await closed;
  }

  private onFrame(data: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      return; // not a chat event
    }
    const parsed = streamEventSchema.safeParse(frame);
    if (!parsed.success || parsed.data.action === 'typing') return;
    const event: BotMessageEvent = {
      kind: parsed.data.action === 'createMessage' ? 'create' : 'update',
      conversationId: parsed.data.actionConversationId,
      message: parsed.data.message,
    };
    if (this.isBacklog(event)) return;
    for (const waiter of this.waiters) {
      if (waiter.predicate(event)) {
        this.waiters.delete(waiter);
        waiter.resolve(event);
        return;
      }
    }
    this.received.push(event);
  }

  /**
   * The backlog is whatever was created or updated before we connected: the playground stamps every message
   * with its creation or update time, so that time tells them apart without guessing at network timing.
   */
  private isBacklog(event: BotMessageEvent): boolean {
    return event.message.timestamp < this.connectedAt;
  }

  private failWaiters(error: Error): void {
    this.socketError = error;
    for (const waiter of this.waiters) waiter.reject(error);
    this.waiters.clear();
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.origin}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`playground ${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  }
}
