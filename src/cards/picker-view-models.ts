import { matchingClients, offeredLocations, type OfferedLocation } from '../contacts/pickers';
import { locationsDatasetFor } from './datasets';
import type { CardContext } from './types';

/**
 * The static part of the client and location pickers. Teams fills the pickers from the bot as the user types
 * (Data.Query); what the card itself carries stays short so the card fits Teams' message size at any number of
 * clients and locations, and is what hosts without Data.Query (the Agents Playground) offer.
 */

/** Teams shows at most 15 options in a typeahead list; the static list is no longer. */
export const STATIC_CLIENT_CHOICES = 15;
/** A client's locations listed in the card (primary first); a chain with more is searched by typing. */
export const STATIC_LOCATION_CHOICES = 25;

export interface ChoiceVm {
  title: string;
  value: string;
}

/** Shown under a picker that lists only part of what can be chosen. */
export interface MoreVm {
  show: boolean;
  shown: number;
  total: number;
}

const noMore: MoreVm = { show: false, shown: 0, total: 0 };
const moreOf = (shown: number, total: number): MoreVm => (total > shown ? { show: true, shown, total } : noMore);
const byTitle = (a: ChoiceVm, b: ChoiceVm) => a.title.localeCompare(b.title, undefined, { sensitivity: 'base' });

export interface ClientPickerVm {
  choices: ChoiceVm[];
  more: MoreVm;
}

/** The first clients by name, always including the chosen one. */
export function clientPickerVm(ctx: CardContext, chosenId: number | undefined): ClientPickerVm {
  const all = matchingClients(ctx.clients(), '');
  const listed = all.slice(0, STATIC_CLIENT_CHOICES);
  const chosen = all.find((c) => c.id === chosenId);
  if (chosen !== undefined && !listed.includes(chosen)) listed.splice(listed.length - 1, 1, chosen);
  return { choices: listed.map((c) => ({ title: c.name, value: String(c.id) })).sort(byTitle), more: moreOf(listed.length, all.length) };
}

export interface LocationPickerVm {
  /** Besides "(none)", which the templates always offer. */
  choices: ChoiceVm[];
  more: MoreVm;
  /** Too many locations to list without a client: choose the client first. */
  chooseClientFirst: boolean;
}

/**
 * The add form's locations: the chosen client's; without one, every location as "Client · Location" when
 * there are few, else none until a client is chosen. `keepId` (what the user had chosen) stays selectable.
 */
export function addFormLocationsVm(ctx: CardContext, clientId: number | undefined, keepId: number): LocationPickerVm {
  const { offered, chooseClientFirst } = offeredLocations(ctx.clients(), (id) => ctx.locationsForClient(id), clientId ?? null, { maxWithoutClient: STATIC_LOCATION_CHOICES });
  if (clientId !== undefined) {
    const choices = kept(offered.slice(0, STATIC_LOCATION_CHOICES).map(locationChoice), keepId, ctx, clientId);
    return { choices, more: moreOf(Math.min(offered.length, STATIC_LOCATION_CHOICES), offered.length), chooseClientFirst };
  }
  return { choices: kept(offered.map(locationChoice).sort(byTitle), keepId, ctx), more: noMore, chooseClientFirst };
}

export interface EditLocationPickerVm {
  choices: ChoiceVm[];
  more: MoreVm;
  /** The contact's client is fixed, so the dataset names it. */
  dataset: string;
}

/** The edit form's locations: the contact's client's, and the contact's own location whatever its state. */
export function editFormLocationsVm(ctx: CardContext, clientId: number, currentId: number): EditLocationPickerVm {
  const { offered } = offeredLocations(ctx.clients(), (id) => ctx.locationsForClient(id), clientId, { maxWithoutClient: STATIC_LOCATION_CHOICES });
  const choices = kept(offered.slice(0, STATIC_LOCATION_CHOICES).map(locationChoice), currentId, ctx, clientId);
  return { choices, more: moreOf(Math.min(offered.length, STATIC_LOCATION_CHOICES), offered.length), dataset: locationsDatasetFor(clientId) };
}

/** "Location", or "Client · Location" when the form has no client yet. */
export function locationChoice({ location, client }: OfferedLocation): ChoiceVm {
  return { title: client === undefined ? location.name : `${client.name} · ${location.name}`, value: String(location.id) };
}

/**
 * A chosen location missing from the list (archived, another client's, or one the directory does not know yet)
 * must stay selectable: a form that dropped it would show nothing chosen, or a save would silently clear it.
 */
function kept(choices: ChoiceVm[], keepId: number, ctx: CardContext, clientId?: number): ChoiceVm[] {
  if (keepId <= 0 || choices.some((c) => c.value === String(keepId))) return choices;
  const location = clientId === undefined ? undefined : ctx.locationsForClient(clientId).find((l) => l.id === keepId);
  const name = location?.name || ctx.locationName(keepId) || '(current location)';
  if (location?.archivedAt != null) return [...choices, { title: `${name} (archived)`, value: String(keepId) }];
  // Not the client's (another client's, or one the directory does not know yet): say whose when known.
  const owner = location === undefined && clientId !== undefined ? ownerName(ctx, keepId) : '';
  return [...choices, { title: owner === '' ? name : `${name} (${owner})`, value: String(keepId) }];
}

function ownerName(ctx: CardContext, locationId: number): string {
  const owner = ctx.clients().find((c) => ctx.locationsForClient(c.id).some((l) => l.id === locationId));
  return owner?.name ?? '';
}
