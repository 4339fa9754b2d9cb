/**
 * Lists of numbers (postings, slots) as the index keeps them: a plain array while the list changes, and an
 * Int32Array once the index is compacted after a load. A plain array holds each number in 8 bytes plus spare
 * room for growth; the typed array in 4, exactly. A later change turns the list back into an array.
 */
export type NumberList = number[] | Int32Array;

/** Adds `value`, returning the list to keep (a new array when the list was compacted). */
export function withAdded(list: NumberList, value: number): number[] {
  const array = Array.isArray(list) ? list : Array.from(list);
  array.push(value);
  return array;
}

/** Removes one `value` (order is not kept), returning the list to keep. */
export function withRemoved(list: NumberList, value: number): NumberList {
  const at = list.indexOf(value);
  if (at < 0) return list;
  const array = Array.isArray(list) ? list : Array.from(list);
  array[at] = array[array.length - 1]!;
  array.pop();
  return array;
}

/** Lists this short stay arrays: a typed array's own object costs more than it saves. */
const MIN_COMPACTED = 16;

export function compacted(list: NumberList): NumberList {
  return Array.isArray(list) && list.length >= MIN_COMPACTED ? Int32Array.from(list) : list;
}

/** Slots by a number (a client or location id): each list changing as contacts do, compacted after a load. */
export class SlotLists {
  private readonly lists = new Map<number, NumberList>();

  get(key: number): Readonly<NumberList> {
    return this.lists.get(key) ?? [];
  }

  has(key: number): boolean {
    return this.lists.has(key);
  }

  add(key: number, slot: number): void {
    const slots = this.lists.get(key);
    this.lists.set(key, slots === undefined ? [slot] : withAdded(slots, slot));
  }

  remove(key: number, slot: number): void {
    const slots = this.lists.get(key);
    if (slots !== undefined) this.lists.set(key, withRemoved(slots, slot));
  }

  compact(): void {
    for (const [key, slots] of this.lists) this.lists.set(key, compacted(slots));
  }
}
