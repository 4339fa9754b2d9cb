import { z } from 'zod';

/**
 * The parts of a Bot Framework activity that botbuilder reads without checking: when present they must have
 * the right type, or the request is refused with 400 instead of failing inside a turn. Only the type and the
 * conversation are required (clients such as the Agents Playground leave other fields out); the rest passes
 * through untouched.
 */
const text = z.string().nullish();
const account = z.looseObject({ id: text, name: text, aadObjectId: text });

const activityEnvelope = z.looseObject({
  type: z.string().trim().min(1, 'has no type'),
  name: text,
  id: text,
  text: z.string().optional(),
  channelId: text,
  serviceUrl: text,
  replyToId: text,
  locale: text,
  textFormat: text,
  from: account.optional(),
  recipient: account.optional(),
  // Without a conversation there is nowhere to answer: every channel sends one.
  conversation: z.looseObject({ id: z.string().min(1), tenantId: text, conversationType: text, name: text }),
  channelData: z.looseObject({}).nullish(),
  membersAdded: z.array(account).optional(),
  membersRemoved: z.array(account).optional(),
  entities: z.array(z.looseObject({})).optional(),
  attachments: z.array(z.looseObject({})).optional(),
});

/** Null when the body can be handed to botbuilder; otherwise which field is malformed (no values). */
export function activityEnvelopeProblem(body: unknown): string | null {
  const parsed = activityEnvelope.safeParse(body);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? 'the activity' : issue.path.map(String).join('.');
  return `${where} is malformed`;
}
