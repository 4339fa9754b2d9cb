import { z } from 'zod';
import { cards } from '../cards/views';
import { VERBS } from '../cards/verbs';
import type { Acting } from '../identity';
import type { Logger } from '../logger';
import { messageReply } from './replies';
import { stripMentions } from './commands';
import type { IdentityTurns } from './identity-turn';
import type { Reply } from './turn-scope';
import { IDENTITY_MESSAGES } from './identity-messages';
import type { UserMessage } from './message-types';

/**
 * `connect`, `disconnect`, `whoami` and the connect form's submission (verb `identity.connect`). These are
 * answered before anything else, also while personal-required lets a technician do nothing but connect.
 * The pasted key goes from the submission to PersonalKeys.connect and nowhere else: it is never logged,
 * never echoed in a card, and refused outright outside a personal chat.
 */

export type IdentityCommand = 'connect' | 'disconnect' | 'whoami';
export const CONNECT_VERB = VERBS.connect;

const COMMANDS: ReadonlyArray<[RegExp, IdentityCommand]> = [
  [/^(?:connect|log ?in|sign ?in)(?: (?:my )?(?:itflow )?(?:api )?key| to itflow| itflow)?$/i, 'connect'],
  [/^(?:disconnect|log ?out|sign ?out|forget (?:my )?(?:itflow )?(?:api )?key)$/i, 'disconnect'],
  [/^(?:whoami|who ?am ?i|who do you act as)$/i, 'whoami'],
];

export function parseIdentityCommand(text: string): IdentityCommand | null {
  const clean = stripMentions(text).slice(0, 100).replace(/[\s?!.]+$/, '').trim();
  return COMMANDS.find(([pattern]) => pattern.test(clean))?.[1] ?? null;
}

export interface IdentityTurn {
  turns: IdentityTurns;
  /** Entra object id; null when Teams did not send one. */
  userId: string | null;
  personalChat: boolean;
  acting: Acting;
  logger: Logger;
}

export async function answerIdentityCommand(command: IdentityCommand, turn: IdentityTurn): Promise<Reply> {
  const keys = turn.turns.identities?.keys ?? null;
  const policy = turn.turns.policy;
  if (keys === null) return messageReply(command === 'whoami' ? IDENTITY_MESSAGES.whoami({ kind: 'shared' }, policy) : IDENTITY_MESSAGES.connectNotOffered());
  switch (command) {
    case 'connect':
      if (!turn.personalChat || turn.userId === null) return messageReply(IDENTITY_MESSAGES.connectPersonalOnly());
      return { card: cards.connectKey({ submitStyle: 'execute' }) };
    case 'disconnect': {
      const had = turn.userId !== null && (await keys.disconnect(turn.userId));
      return messageReply(IDENTITY_MESSAGES.disconnected(had, policy));
    }
    case 'whoami': {
      const status = turn.userId === null ? { state: 'none' as const } : await keys.status(turn.userId);
      if (status.state === 'connected') {
        return messageReply(IDENTITY_MESSAGES.whoami({ kind: 'personal', clientCount: status.clientIds.length, canWrite: status.canWrite, checkedAt: status.checkedAt }, policy));
      }
      if (status.state === 'none' && policy === 'personal-preferred') return messageReply(IDENTITY_MESSAGES.whoami({ kind: 'shared' }, policy));
      return messageReply(IDENTITY_MESSAGES.whoami({ kind: status.state }, policy));
    }
  }
}

const connectSubmission = z.object({ apiKey: z.string().max(1000) });

export async function submitConnect(data: Record<string, unknown>, turn: IdentityTurn): Promise<Reply> {
  const keys = turn.turns.identities?.keys ?? null;
  if (keys === null) return messageReply(IDENTITY_MESSAGES.connectNotOffered());
  if (!turn.personalChat || turn.userId === null) {
    turn.logger.warn('refused a key submitted outside a personal chat');
    return messageReply(IDENTITY_MESSAGES.connectPersonalOnly());
  }
  const parsed = connectSubmission.safeParse(data);
  if (!parsed.success) return messageReply(IDENTITY_MESSAGES.connectMalformed());
  const outcome = await keys.connect(turn.userId, parsed.data.apiKey);
  if (outcome.ok) return messageReply(IDENTITY_MESSAGES.connected(outcome.clientCount, outcome.canWrite));
  switch (outcome.reason) {
    case 'malformed':
      return messageReply(IDENTITY_MESSAGES.connectMalformed());
    case 'refused':
      return messageReply(IDENTITY_MESSAGES.connectRefused());
    case 'unavailable':
      return messageReply(IDENTITY_MESSAGES.connectUnavailable());
  }
}

/** What a technician who must connect first is told, whatever they asked. */
export function connectFirstMessage(acting: Acting & { kind: 'connect-first' }): UserMessage {
  return acting.because === 'refused' ? IDENTITY_MESSAGES.keyRefused() : IDENTITY_MESSAGES.connectFirst();
}

/**
 * The identity answer to a message or card action, answered before anything else: the connect form's
 * submission, a `connect`/`disconnect`/`whoami` message, or — for a technician who must connect first — the
 * prompt, whatever they asked. Null: not an identity matter.
 */
export async function identityReply(submitted: Record<string, unknown> | null, text: string | null, turn: IdentityTurn): Promise<Reply | null> {
  if (submitted !== null && submitted.verb === CONNECT_VERB) return submitConnect(submitted, turn);
  const command = text === null ? null : parseIdentityCommand(text);
  if (command !== null) return answerIdentityCommand(command, turn);
  return turn.acting.kind === 'connect-first' ? messageReply(connectFirstMessage(turn.acting)) : null;
}
