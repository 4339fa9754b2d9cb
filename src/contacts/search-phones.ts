/**
 * Phone lookups: the last seven digits of every phone and mobile → the slots holding them, so any formatting,
 * country code or prefix still finds the number. After a load the pairs are packed into two sorted typed arrays
 * (8 bytes a pair, where a Map entry costs ~40); numbers added later wait in a small map until the next compact.
 */
import { digitsOnly, trailingDigitsMatch } from './phone';
import { MIN_PHONE_DIGITS } from './search-query';

/** A packed pair: key · 2^28 + slot, exact in a double (keys < 10^7 < 2^24, slots < 2^28). */
const SLOT_RANGE = 2 ** 28;

export class PhoneIndex {
  /** Packed keys, ascending, with their slots alongside; a removed pair's slot becomes -1. */
  private keys = new Int32Array(0);
  private slots = new Int32Array(0);
  /** Pairs added since the last compact; a key's only slot is kept as the number itself. */
  private readonly recent = new Map<number, number | number[]>();

  /** `numbersOf(slot)`: the contact's phone and mobile as stored. */
  constructor(private readonly numbersOf: (slot: number) => readonly [string, string]) {}

  add(slot: number): void {
    for (const key of this.keysOf(slot)) {
      const slots = this.recent.get(key);
      if (slots === undefined) this.recent.set(key, slot);
      else if (typeof slots === 'number') this.recent.set(key, [slots, slot]);
      else slots.push(slot);
    }
  }

  /** Removes the slot. Call it while the store still holds the numbers the slot was added with. */
  remove(slot: number): void {
    for (const key of this.keysOf(slot)) {
      const slots = this.recent.get(key);
      if (slots === slot) this.recent.delete(key);
      else if (typeof slots === 'object' && slots.includes(slot)) slots.splice(slots.indexOf(slot), 1);
      for (let i = this.firstPacked(key); i < this.keys.length && this.keys[i] === key; i++) {
        if (this.slots[i] === slot) this.slots[i] = -1;
      }
    }
  }

  /** Slots whose phone or mobile is the query's number: its last 7+ digits, or it with a prefix in front. */
  find(digits: string): number[] {
    const key = phoneKey(digits);
    const candidates: number[] = [];
    for (let i = this.firstPacked(key); i < this.keys.length && this.keys[i] === key; i++) {
      if (this.slots[i]! >= 0) candidates.push(this.slots[i]!);
    }
    const recent = this.recent.get(key);
    if (recent !== undefined) candidates.push(...(typeof recent === 'number' ? [recent] : recent));
    return candidates.filter((slot) => {
      const [phone, mobile] = this.numbersOf(slot);
      return phoneMatches(phone, digits) || phoneMatches(mobile, digits);
    });
  }

  /** Packs every pair into the sorted arrays. */
  compact(): void {
    const pairs: number[] = [];
    for (let i = 0; i < this.keys.length; i++) if (this.slots[i]! >= 0) pairs.push(this.keys[i]! * SLOT_RANGE + this.slots[i]!);
    for (const [key, slots] of this.recent) {
      for (const slot of typeof slots === 'number' ? [slots] : slots) pairs.push(key * SLOT_RANGE + slot);
    }
    this.recent.clear();
    // A typed array sorts numerically, natively: much faster than Array.prototype.sort with a comparator.
    const sorted = Float64Array.from(pairs).sort();
    this.keys = new Int32Array(sorted.length);
    this.slots = new Int32Array(sorted.length);
    for (let i = 0; i < sorted.length; i++) {
      this.keys[i] = Math.floor(sorted[i]! / SLOT_RANGE);
      this.slots[i] = sorted[i]! % SLOT_RANGE;
    }
  }

  private firstPacked(key: number): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private keysOf(slot: number): number[] {
    const keys: number[] = [];
    for (const number of this.numbersOf(slot)) {
      const digits = digitsOnly(number);
      if (digits.length < MIN_PHONE_DIGITS) continue;
      const key = phoneKey(digits);
      if (!keys.includes(key)) keys.push(key);
    }
    return keys;
  }
}

/** The last seven digits as a number. */
function phoneKey(digits: string): number {
  return Number(digits.slice(-MIN_PHONE_DIGITS));
}

/** The query is the number's last 7+ digits, or the number with a country code or prefix in front (phone.ts). */
function phoneMatches(stored: string, query: string): boolean {
  return trailingDigitsMatch(digitsOnly(stored), query);
}
