import { z } from 'zod';
import { cards, MAX_RESULT_ROWS, searchData, type ResultsSearch } from '../../cards/views';
import { VERBS } from '../../cards/verbs';
import type { FindResult } from '../../contacts/contact-service';
import { classifyQuery } from '../commands';
import { describeFailure } from '../user-messages';
import type { Reply, TurnScope } from '../turn-scope';

/** Cards carry booleans as booleans, but a hand-built or Submit payload may carry "true". */
const flag = z.union([z.boolean(), z.enum(['true', 'false'])]).optional().transform((v) => v === true || v === 'true');

/** The search a results card's buttons carry ("Show more", "Previous", "Back to results"). */
export const searchSchema = z.object({
  query: z.string().trim().min(1).max(500),
  client: z.string().trim().max(200).optional(),
  includeArchived: flag,
  offset: z.union([z.number(), z.string().regex(/^\d{1,6}$/)]).optional().transform((v) => Number(v ?? 0)).pipe(z.number().int().min(0).max(100_000)),
});

export type SearchData = z.infer<typeof searchSchema>;

/** Why a results card says some matches may be missing, if it does. */
export function loadingNote(result: FindResult): string | undefined {
  if (result.exactLookupTimedOut) return 'ITFlow did not answer the exact lookup in time: these matches come from the directory, which is still loading.';
  if (result.complete) return undefined;
  return `The contact directory is still loading (${result.loaded.toLocaleString('en-US')} contacts so far): some name matches may be missing.`;
}

/** One page of a search's results; the card's buttons page on and each row opens with a way back here. */
export async function resultsPage(search: ResultsSearch, turn: TurnScope, note?: string): Promise<Reply> {
  const offset = search.offset ?? 0;
  const classified = classifyQuery(search.query);
  // An id "search" has one answer and nothing to page through: the first page is the whole list.
  const query = classified.kind === 'id' ? { kind: 'text' as const, text: search.query } : classified;
  const result = await turn.service.find(query, { client: search.client, includeArchived: search.includeArchived, offset, limit: MAX_RESULT_ROWS });
  return { card: cards.results({ ...search, offset }, result.hits, turn.cards, { total: result.total, note: note ?? loadingNote(result) }) };
}

export const verb = VERBS.resultsPage;
export const schema = searchSchema;
export const writes = false;

export async function run(data: SearchData, _raw: Record<string, unknown>, turn: TurnScope): Promise<Reply> {
  try {
    return await resultsPage(data, turn);
  } catch (err) {
    turn.logger.warn('results page failed', { error: err });
    const message = describeFailure(err, 'read');
    return { card: cards.message({ ...message, actions: [{ title: 'Try again', verb, data: searchData(data, data.offset) }] }) };
  }
}
