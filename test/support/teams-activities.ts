import { randomUUID } from 'node:crypto';

/** Activities shaped like the ones Microsoft Teams sends to a bot. */
export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const BOT = { id: '28:00000000-0000-0000-0000-00000000b07e', name: 'ITFlow' };
export const TESS = { id: '29:1tess-technician', name: 'Tess Tech', aadObjectId: '6b1c3a3e-0b7c-4a43-9d1f-1f4f2b2a7c11' };

export type Scope = 'personal' | 'channel' | 'groupChat';

export interface ActivityOptions {
  serviceUrl: string;
  scope?: Scope;
  from?: { id: string; name: string; aadObjectId?: string };
  tenantId?: string;
}

function base(opts: ActivityOptions): Record<string, unknown> {
  const scope = opts.scope ?? 'personal';
  const tenantId = opts.tenantId ?? TENANT_ID;
  const conversation =
    scope === 'personal'
      ? { id: 'a:1personal-chat-with-tess', conversationType: 'personal', tenantId }
      : scope === 'channel'
        ? { id: '19:general@thread.tacv2;messageid=1700000000000', conversationType: 'channel', isGroup: true, tenantId, name: 'General' }
        : { id: '19:group-chat@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId };
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: opts.serviceUrl,
    from: opts.from ?? TESS,
    recipient: BOT,
    conversation,
    channelData:
      scope === 'channel'
        ? { tenant: { id: tenantId }, team: { id: '19:team@thread.tacv2', name: 'Help Desk' }, channel: { id: '19:general@thread.tacv2', name: 'General' } }
        : { tenant: { id: tenantId } },
    locale: 'en-US',
  };
}

/** A typed message; in channels and group chats the bot is @mentioned as Teams does it. */
export function message(text: string, opts: ActivityOptions): Record<string, unknown> {
  const scope = opts.scope ?? 'personal';
  if (scope === 'personal') return { ...base(opts), type: 'message', text, textFormat: 'plain' };
  const mention = `<at>${BOT.name}</at>`;
  return {
    ...base(opts),
    type: 'message',
    text: `${mention} ${text}`,
    textFormat: 'plain',
    entities: [{ type: 'mention', text: mention, mentioned: { id: BOT.id, name: BOT.name } }],
  };
}

/** Action.Execute: an invoke whose response carries the new card. */
export function execute(verb: string, data: Record<string, unknown>, opts: ActivityOptions & { replyToId?: string }): Record<string, unknown> {
  return {
    ...base(opts),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: opts.replyToId ?? 'card-message-1',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

/** Action.Submit: a message with `value` (card data merged with the inputs) and no text. */
export function submit(value: Record<string, unknown>, opts: ActivityOptions & { replyToId?: string }): Record<string, unknown> {
  return { ...base(opts), type: 'message', replyToId: opts.replyToId ?? 'card-message-1', value };
}

export function invoke(name: string, value: unknown, opts: ActivityOptions): Record<string, unknown> {
  return { ...base(opts), type: 'invoke', name, value };
}
