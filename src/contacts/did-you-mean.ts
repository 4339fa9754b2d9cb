/**
 * Names close to what was typed, by typo distance: what "Did you mean …" offers when nothing matches, and what
 * decides whether a lone hit is really the only candidate (see closeness.ts). Pure.
 *
 * A query word is near a name word when the name word starts with it, or when they are within a small edit
 * distance (adjacent swaps count as one edit, so "jonh" is one from "john"). Words of one or two letters only
 * match by prefix: a typo budget on them would make everyone near.
 */
import { words } from './text';

export interface NamedCandidate {
  id: number;
  name: string;
}

export interface NearName<T extends NamedCandidate> {
  candidate: T;
  /** Query words near no word of the name (0 unless `partial`). */
  missing: number;
  /** Total edits over the query words that are near a name word (0: each starts a name word). */
  distance: number;
}

/** The typo budget for a query word: none below three letters, one up to five, two from six. */
export function typoBudget(word: string): number {
  if (word.length < 3) return 0;
  return word.length < 6 ? 1 : 2;
}

/** Optimal-string-alignment distance, or max + 1 as soon as it must exceed max (most pairs stop early). */
export function typoDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2]! + 1);
      row.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** How far one query word is from a name word; null when beyond its budget. */
function wordDistance(queryWord: string, nameWord: string): number | null {
  if (nameWord.startsWith(queryWord)) return 0;
  const budget = typoBudget(queryWord);
  if (budget === 0) return null;
  // "jonh" near "johnson": compare with the name word's start as well as the whole word.
  const whole = typoDistance(queryWord, nameWord, budget);
  const start = nameWord.length > queryWord.length ? typoDistance(queryWord, nameWord.slice(0, queryWord.length), budget) : whole;
  const best = Math.min(whole, start);
  return best <= budget ? best : null;
}

/**
 * The distance of a name from the query words, each query word matched to a different name word (greedy, in
 * query order: names have two or three words); null when some query word is near none.
 */
export function nameDistance(queryWords: readonly string[], name: string): number | null {
  const near = nearness(queryWords, words(name));
  return near.missing === 0 ? near.distance : null;
}

function nearness(queryWords: readonly string[], nameWords: readonly string[]): { missing: number; distance: number } {
  const used = new Set<number>();
  let missing = 0;
  let total = 0;
  for (const q of queryWords) {
    let best: { at: number; d: number } | null = null;
    for (let at = 0; at < nameWords.length; at++) {
      if (used.has(at)) continue;
      const d = wordDistance(q, nameWords[at]!);
      if (d !== null && (best === null || d < best.d)) best = { at, d };
    }
    if (best === null) {
      missing++;
      continue;
    }
    used.add(best.at);
    total += best.d;
  }
  return { missing, distance: total };
}

/**
 * The candidates whose names are near the query, nearest first, then by name; at most `limit`. `partial` also
 * takes names near only some query words (fewest missing first): "jonh smiht" offers John Carter and Sally Smith
 * when nobody is called John Smith.
 */
export function closestNames<T extends NamedCandidate>(query: string, candidates: Iterable<T>, limit: number, partial = false): Array<NearName<T>> {
  const queryWords = words(query);
  if (queryWords.length === 0 || limit <= 0) return [];
  const near: Array<NearName<T>> = [];
  for (const candidate of candidates) {
    const { missing, distance } = nearness(queryWords, words(candidate.name));
    if (missing === 0 || (partial && missing < queryWords.length)) near.push({ candidate, missing, distance });
  }
  near.sort(
    (a, b) => a.missing - b.missing || a.distance - b.distance || a.candidate.name.localeCompare(b.candidate.name) || a.candidate.id - b.candidate.id,
  );
  return near.slice(0, limit);
}
