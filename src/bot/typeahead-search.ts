import type { InvokeResponse } from 'botbuilder';
import { z } from 'zod';
import { parseDataset } from '../cards/datasets';
import { locationChoice, STATIC_LOCATION_CHOICES } from '../cards/picker-view-models';
import { matchingClients, offeredLocations } from '../contacts/pickers';
import type { TurnScope } from './turn-scope';

/**
 * The typeahead of the cards' client and location pickers: Teams sends what the user types in an
 * `Input.ChoiceSet` with `choices.data` of type Data.Query as an `application/search` invoke, and shows the
 * results under the input. Answered from the directory in memory, only with clients the bot may show
 * (ALLOWED_CLIENT_IDS); whatever is chosen is checked again when the form is submitted.
 */

export const TYPEAHEAD_INVOKE = 'application/search';
/** Teams asks for 15 and shows no more; a larger `top` is clipped. */
const DEFAULT_TOP = 15;
const MAX_TOP = 50;
const MAX_SKIP = 100_000;
/** Longer than any client or location name: nothing can match, so it is not searched for. */
const MAX_QUERY_LENGTH = 500;

const count = (max: number) => z.number().int().nonnegative().optional().catch(undefined).transform((n) => (n === undefined ? undefined : Math.min(n, max)));
const searchInvoke = z.object({
  dataset: z.string().max(200),
  queryText: z.string().optional().catch(undefined),
  queryOptions: z.object({ skip: count(MAX_SKIP), top: count(MAX_TOP) }).optional().catch(undefined),
  // The card's other inputs (associatedInputs: "auto"): the add form's chosen client arrives here.
  data: z.record(z.string(), z.unknown()).optional().catch(undefined),
});

export interface SearchChoice {
  title: string;
  value: string;
}

export function answerTypeaheadSearch(value: unknown, scope: TurnScope | null): InvokeResponse {
  const parsed = searchInvoke.safeParse(value);
  const request = parsed.success ? parseDataset(parsed.data.dataset) : null;
  if (!parsed.success || request === null) {
    scope?.logger.warn('typeahead search not understood', { dataset: parsed.success ? parsed.data.dataset.slice(0, 60) : undefined });
    return { status: 400, body: { type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'Not a search this bot offers' } } };
  }
  const { queryText = '', queryOptions, data } = parsed.data;
  if (scope === null || queryText.length > MAX_QUERY_LENGTH) return searchResponse([]);
  const skip = queryOptions?.skip ?? 0;
  const top = Math.max(queryOptions?.top ?? DEFAULT_TOP, 1);
  const all = request.kind === 'clients' ? clientChoices(queryText, scope) : locationChoices(queryText, request.clientId ?? chosenClient(data), scope);
  return searchResponse(all.slice(skip, skip + top));
}

function clientChoices(typed: string, scope: TurnScope): SearchChoice[] {
  return matchingClients(scope.service.clients(), typed).map((c) => ({ title: c.name, value: String(c.id) }));
}

/** What the card lists itself, searched: the same rule (a client the bot may not show has none). */
function locationChoices(typed: string, clientId: number | null, scope: TurnScope): SearchChoice[] {
  const locations = scope.service.locations();
  const { offered } = offeredLocations(scope.service.clients(), () => locations, clientId, { maxWithoutClient: STATIC_LOCATION_CHOICES, typed });
  return offered.map(locationChoice);
}

/** The client id the add form's client picker holds, as the picker's associated inputs carry it. */
function chosenClient(data: Record<string, unknown> | undefined): number | null {
  const raw = data?.clientId;
  const text = typeof raw === 'number' ? String(raw) : raw;
  return typeof text === 'string' && /^[1-9]\d{0,9}$/.test(text) ? Number(text) : null;
}

function searchResponse(results: SearchChoice[]): InvokeResponse {
  return { status: 200, body: { type: 'application/vnd.microsoft.search.searchResponse', value: { results } } };
}
