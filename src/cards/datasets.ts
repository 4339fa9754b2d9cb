/**
 * The Data.Query datasets of the cards' typeahead pickers: Teams sends what the user types in such a picker to
 * the bot as an `application/search` invoke naming the dataset (src/bot/typeahead-search.ts answers it).
 * cards/contact-add.json spells the first two literally.
 */
export const DATASETS = {
  clients: 'itflow.clients',
  /** The client comes with the query: the add form's clientId input (the picker's associatedInputs). */
  locations: 'itflow.locations',
} as const;

/** Where the client is fixed (the edit form has no client input), the dataset names it: "itflow.locations:12". */
export function locationsDatasetFor(clientId: number): string {
  return `${DATASETS.locations}:${clientId}`;
}

export type DatasetRequest = { kind: 'clients' } | { kind: 'locations'; clientId: number | null };

/** null for a dataset no card of this bot names. */
export function parseDataset(dataset: string): DatasetRequest | null {
  if (dataset === DATASETS.clients) return { kind: 'clients' };
  if (dataset === DATASETS.locations) return { kind: 'locations', clientId: null };
  const fixed = /^itflow\.locations:([1-9]\d{0,9})$/.exec(dataset);
  return fixed === null ? null : { kind: 'locations', clientId: Number(fixed[1]) };
}
