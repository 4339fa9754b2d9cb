/**
 * The distinct terms of an index, each with its postings (numbers the index encodes as it likes), and three ways
 * to find terms from a query word without scanning postings: by prefix (sorted ids, binary search), by substring
 * (one `indexOf` pass over all terms joined), and by edit distance (terms bucketed by length, filtered by a
 * character mask before the real distance). Append-only: a term whose postings empty out stays, matching nothing,
 * until the index is rebuilt. The substring blob catches up lazily, at the next query.
 */
import { compacted, withAdded, withRemoved, type NumberList } from './search-lists';
import { charMask, editDistance, popCount } from './text';

/**
 * New terms are sorted in once this many have gathered, so a bulk load pays for sorting in small steps as it
 * goes instead of in one pause at the first query.
 */
const SORT_BATCH = 32768;

export class Vocabulary {
  private readonly ids = new Map<string, number>();
  private readonly terms: string[] = [];
  /** A term's one posting is kept as the number itself: many terms have one, and an array costs 56 bytes. */
  private readonly postingLists: Array<number | NumberList> = [];
  private readonly masks: number[] = [];
  private readonly byLength: number[][] = [];

  // Terms in code-unit order, with their ids alongside; terms added since the last catch-up wait in `unsorted`.
  private sortedTerms: string[] = [];
  private sortedIds: number[] = [];
  private unsorted: number[] = [];

  // Terms joined by '\n' (which no term contains), in id order; starts[id] is where term `id` begins.
  private blob = '';
  private readonly starts: number[] = [];

  get termCount(): number {
    return this.terms.length;
  }

  term(id: number): string {
    return this.terms[id] ?? '';
  }

  idOf(term: string): number | undefined {
    return this.ids.get(term);
  }

  postings(id: number): Readonly<NumberList> {
    const list = this.postingLists[id];
    if (list === undefined) return [];
    return typeof list === 'number' ? [list] : list;
  }

  postingCount(id: number): number {
    const list = this.postingLists[id];
    if (list === undefined) return 0;
    return typeof list === 'number' ? 1 : list.length;
  }

  /** Returns the term's id. */
  add(term: string, posting: number): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.ids.set(term, id);
      this.terms.push(term);
      this.postingLists.push(posting);
      this.masks.push(charMask(term));
      (this.byLength[term.length] ??= []).push(id);
      this.unsorted.push(id);
      if (this.unsorted.length >= SORT_BATCH) this.sortNewTerms();
      return id;
    }
    const list = this.postingLists[id]!;
    this.postingLists[id] = typeof list === 'number' ? [list, posting] : withAdded(list, posting);
    return id;
  }

  remove(id: number, posting: number): void {
    const list = this.postingLists[id];
    if (list === undefined) return;
    if (typeof list === 'number') {
      if (list === posting) this.postingLists[id] = [];
      return;
    }
    // Order within a posting list carries no meaning.
    this.postingLists[id] = withRemoved(list, posting);
  }

  /** Sorts and joins what is pending and packs the posting lists: for after a bulk load. */
  compact(): void {
    this.sortNewTerms();
    this.joinedTerms();
    for (let id = 0; id < this.postingLists.length; id++) {
      const list = this.postingLists[id]!;
      if (typeof list !== 'number') this.postingLists[id] = compacted(list);
    }
  }

  /** Ids of the terms that start with `prefix`, including the term equal to it. */
  withPrefix(prefix: string, visit: (id: number) => void): void {
    this.sortNewTerms();
    const terms = this.sortedTerms;
    let lo = 0;
    let hi = terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (terms[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < terms.length && terms[i]!.startsWith(prefix); i++) visit(this.sortedIds[i]!);
  }

  /** Ids of the terms that contain `part` anywhere. */
  containing(part: string, visit: (id: number) => void): void {
    if (part.length === 0) return;
    const blob = this.joinedTerms();
    let from = 0;
    for (;;) {
      const at = blob.indexOf(part, from);
      if (at < 0) return;
      const id = this.idAtOffset(at);
      visit(id);
      // One visit per term, even if the part occurs in it twice.
      from = (this.starts[id + 1] ?? blob.length) - 1;
      if (from <= at) from = at + 1;
    }
  }

  /** Terms within `maxEdits` of `word` (and not equal to it), with their distance. */
  near(word: string, maxEdits: number, visit: (id: number, distance: number) => void): void {
    const mask = charMask(word);
    for (let len = Math.max(1, word.length - maxEdits); len <= word.length + maxEdits; len++) {
      for (const id of this.byLength[len] ?? []) {
        if (popCount(mask ^ this.masks[id]!) > 2 * maxEdits) continue;
        const d = editDistance(word, this.terms[id]!, maxEdits);
        if (d > 0 && d <= maxEdits) visit(id, d);
      }
    }
  }

  private sortNewTerms(): void {
    if (this.unsorted.length === 0) return;
    const freshIds = this.unsorted.sort((a, b) => compare(this.terms[a]!, this.terms[b]!));
    const freshTerms = freshIds.map((id) => this.terms[id]!);
    this.unsorted = [];
    const terms = this.sortedTerms;
    const ids = this.sortedIds;
    const size = terms.length + freshTerms.length;
    const mergedTerms = new Array<string>(size);
    const mergedIds = new Array<number>(size);
    let i = 0;
    let j = 0;
    for (let k = 0; k < size; k++) {
      if (j >= freshTerms.length || (i < terms.length && terms[i]! <= freshTerms[j]!)) {
        mergedTerms[k] = terms[i]!;
        mergedIds[k] = ids[i++]!;
      } else {
        mergedTerms[k] = freshTerms[j]!;
        mergedIds[k] = freshIds[j++]!;
      }
    }
    this.sortedTerms = mergedTerms;
    this.sortedIds = mergedIds;
  }

  private joinedTerms(): string {
    if (this.starts.length < this.terms.length) {
      const fresh = this.terms.slice(this.starts.length);
      let offset = this.blob.length;
      for (const term of fresh) {
        this.starts.push(offset + 1);
        offset += term.length + 1;
      }
      this.blob += '\n' + fresh.join('\n');
    }
    return this.blob;
  }

  private idAtOffset(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
