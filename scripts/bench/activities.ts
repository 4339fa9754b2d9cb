import { randomUUID } from 'node:crypto';

/** Activities shaped like the ones Microsoft Teams posts to a bot (personal chat, one technician). */

const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const BOT = { id: '28:00000000-0000-0000-0000-00000000b07e', name: 'ITFlow' };
const USER = { id: '29:1bench-technician', name: 'Bench Tech', aadObjectId: '6b1c3a3e-0b7c-4a43-9d1f-1f4f2b2a7c11' };

export type Activity = Record<string, unknown> & { id: string };

function base(serviceUrl: string): Activity {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    timestamp: now,
    localTimestamp: now,
    channelId: 'msteams',
    serviceUrl,
    from: USER,
    recipient: BOT,
    conversation: { id: 'a:1personal-chat-with-bench', conversationType: 'personal', tenantId: TENANT_ID },
    channelData: { tenant: { id: TENANT_ID } },
    locale: 'en-US',
  };
}

export function messageActivity(text: string, serviceUrl: string): Activity {
  return { ...base(serviceUrl), type: 'message', text, textFormat: 'plain' };
}

/** The compose box's search: Teams sends it as an invoke and shows the invoke response. */
export function composeQueryActivity(query: string, serviceUrl: string): Activity {
  return {
    ...base(serviceUrl),
    type: 'invoke',
    name: 'composeExtension/query',
    value: { commandId: 'findContact', parameters: [{ name: 'query', value: query }], queryOptions: { skip: 0, count: 25 } },
  };
}

/** Action.Execute on a contact card's "View" (adaptiveCard/action, verb contact.view). */
export function viewContactActivity(contactId: number, serviceUrl: string): Activity {
  return {
    ...base(serviceUrl),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: 'card-message-1',
    value: { action: { type: 'Action.Execute', verb: 'contact.view', data: { contactId } }, trigger: 'manual' },
  };
}
