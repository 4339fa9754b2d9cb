import type { Client, Location } from '../itflow/types';
import { clientFilterMatches, foldedName, words, type FoldedName } from './text';

/**
 * What the client and location pickers offer: the typeahead search behind them and the short lists a card carries
 * itself. Pure; the caller passes only what the user may see (ALLOWED_CLIENT_IDS already applied).
 */

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });

/** How well a name answers what was typed; lower is better, null is no match. */
function rank(name: FoldedName, typedWords: readonly string[], fragments: boolean): number | null {
  const typed = typedWords.join(' ');
  if (name.phrase === typed) return 0;
  if (name.phrase.startsWith(typed)) return 1;
  if (clientFilterMatches(typedWords, name)) return 2;
  // What Teams' own filter of static choices does, so a fragment from the middle of a word still finds it.
  return fragments && name.words.join('').includes(typedWords.join('')) ? 3 : null;
}

function matching<T extends { name: string }>(items: readonly T[], typed: string, fragments = true): T[] {
  const typedWords = words(typed);
  if (typedWords.length === 0) return [...items].sort(byName);
  const ranked: Array<{ item: T; rank: number }> = [];
  for (const item of items) {
    const r = rank(foldedName(item.name), typedWords, fragments);
    if (r !== null) ranked.push({ item, rank: r });
  }
  return ranked.sort((a, b) => a.rank - b.rank || byName(a.item, b.item)).map((r) => r.item);
}

/**
 * Clients whose name answers what was typed: the exact name first, then names that start with it, then names
 * whose words start with the typed words ("corp" finds "Acme Corp"), then (unless `fragments` is false, as for
 * "add contact at …", which reads a client the way "find … at …" does) any fragment; alphabetical within each.
 * Nothing typed lists every client by name.
 */
export function matchingClients(clients: readonly Client[], typed: string, opts: { fragments?: boolean } = {}): Client[] {
  return matching(clients, typed, opts.fragments ?? true);
}

/** A client's live locations, primary first, then by name; the same matching as clients when text is given. */
export function locationsOfClient(locations: readonly Location[], clientId: number, typed = ''): Location[] {
  const live = locations.filter((l) => l.clientId === clientId && l.archivedAt === null);
  const found = matching(live, typed);
  return words(typed).length === 0 ? found.sort((a, b) => Number(b.primary === true) - Number(a.primary === true)) : found;
}

/** The client's primary location when ITFlow marks exactly one live location so; the add form preselects it. */
export function primaryLocationOf(locations: readonly Location[], clientId: number): Location | undefined {
  const primaries = locations.filter((l) => l.clientId === clientId && l.archivedAt === null && l.primary === true);
  return primaries.length === 1 ? primaries[0] : undefined;
}

/** A location a form offers; `client` is set when no client is chosen yet, so the choice can say whose it is. */
export interface OfferedLocation {
  location: Location;
  client?: Client;
}

/**
 * Which locations a form offers: the one rule for the list a card carries and the typeahead behind it. With a
 * client chosen, its live locations (primary first). Without one, every live location of every client when there
 * are at most `maxWithoutClient` in all, else none until a client is chosen (`chooseClientFirst`). `clients` and
 * `locationsOf` hold only what the user may see (a client outside ALLOWED_CLIENT_IDS has no locations); `typed`
 * narrows by location name.
 */
export function offeredLocations(
  clients: readonly Client[],
  locationsOf: (clientId: number) => readonly Location[],
  clientId: number | null,
  opts: { maxWithoutClient: number; typed?: string },
): { offered: OfferedLocation[]; chooseClientFirst: boolean } {
  const typed = opts.typed ?? '';
  if (clientId !== null) {
    return { offered: locationsOfClient(locationsOf(clientId), clientId, typed).map((location) => ({ location })), chooseClientFirst: false };
  }
  const all: OfferedLocation[] = [];
  for (const client of clients) {
    for (const location of locationsOfClient(locationsOf(client.id), client.id)) all.push({ location, client });
    // Past this many, none are offered: stop looking.
    if (all.length > opts.maxWithoutClient) return { offered: [], chooseClientFirst: true };
  }
  if (words(typed).length === 0) return { offered: all, chooseClientFirst: false };
  const named = new Set(matching(all.map((o) => o.location), typed));
  return { offered: all.filter((o) => named.has(o.location)), chooseClientFirst: false };
}
