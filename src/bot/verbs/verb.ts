import { z } from 'zod';
import type { Reply, TurnScope } from '../turn-scope';

/**
 * One card verb: the data its buttons carry (parsed once, here), whether it writes (checked against the user's
 * rights before it runs) and what it answers. Action.Execute, Action.Submit and the dialogs all use these.
 */
export interface CardVerb<S extends z.ZodType = z.ZodType> {
  verb: string;
  schema: S;
  writes: boolean;
  /** `raw` is the whole submission: the form's inputs travel next to the verb's own data. */
  run(data: z.infer<S>, raw: Record<string, unknown>, turn: TurnScope): Promise<Reply>;
  /** For the audit line of a refused write: the fields it would have touched. */
  attemptedFields?(raw: Record<string, unknown>): string[];
}

export function defineVerb<S extends z.ZodType>(definition: CardVerb<S>): CardVerb<S> {
  return definition;
}

/** A contact id as cards carry it: a number, or digits (Action.Submit data may arrive as text). */
export const contactIdField = z.union([z.number(), z.string().regex(/^\d{1,10}$/)]).transform(Number).pipe(z.number().int().positive());

export const contactRef = z.object({ contactId: contactIdField });
