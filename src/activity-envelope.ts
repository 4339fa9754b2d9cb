import { z } from 'zod';

/**
 * The parts of a Bot Framework activity that botbuilder reads without checking: when present they must have
 * the right type, or the request is refused with 400 instead of failing inside a turn. Required is what every
 * answer needs: where to send it (serviceUrl), in which conversation, and as whom (recipient, the bot). Teams,
 * the Bot Connector and the Agents Playground send all three on every activity; the rest passes through.
 */
const text = z.string().nullish();
const account = z.looseObject({ id: text, name: text, aadObjectId: text });
/** An absolute http(s) URL: botbuilder builds its Bot Connector client on it (and throws on anything else). */
const serviceUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
});

const activityEnvelope = z.looseObject({
  type: z.string().trim().min(1, 'has no type'),
  name: text,
  id: text,
  text: z.string().optional(),
  channelId: text,
  serviceUrl,
  replyToId: text,
  locale: text,
  textFormat: text,
  from: account.optional(),
  recipient: account.extend({ id: z.string().min(1) }),
  conversation: z.looseObject({ id: z.string().min(1), tenantId: text, conversationType: text, name: text }),
  channelData: z.looseObject({}).nullish(),
  membersAdded: z.array(account).optional(),
  membersRemoved: z.array(account).optional(),
  entities: z.array(z.looseObject({})).optional(),
  attachments: z.array(z.looseObject({})).optional(),
});

/** Null when the body can be handed to botbuilder; otherwise which field is missing or malformed (no values). */
export function activityEnvelopeProblem(body: unknown): string | null {
  const parsed = activityEnvelope.safeParse(body);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  if (issue === undefined || issue.path.length === 0) return 'the activity is malformed';
  const missing = valueAt(body, issue.path) === undefined;
  return `${issue.path.map(String).join('.')} is ${missing ? 'missing' : 'malformed'}`;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
