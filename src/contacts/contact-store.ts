/**
 * The directory's contacts, stored compactly. A `Contact` object with strings of its own costs ~370 bytes; at
 * 100,000 contacts that alone is ~37 MB of heap, most of it object headers and string headers. Here each contact
 * is one packed string (its text fields joined) plus typed columns for its numbers and flags, ~180 bytes; a
 * `Contact` is made again on demand (search hits, get), which costs about a microsecond.
 */
import type { Contact } from './contact';

/** The text fields, in the order they are packed. Nullable ones keep "" in the text and a bit in `bits`. */
const TEXT_FIELDS = [
  'name',
  'title',
  'department',
  'email',
  'phone',
  'extension',
  'mobile',
  'notes',
  'phoneCountryCode',
  'mobileCountryCode',
  'authMethod',
  'createdAt',
  'updatedAt',
  'archivedAt',
] as const;
type TextField = (typeof TEXT_FIELDS)[number];
type NullableField = 'phoneCountryCode' | 'mobileCountryCode' | 'authMethod' | 'createdAt' | 'updatedAt' | 'archivedAt';

/** Where a field sits in a packed record, for reading one field without unpacking the rest. */
export type PackedField = 'name' | 'email' | 'phone' | 'mobile';

/** ASCII "unit separator": never typed, very rarely stored. A contact whose text holds it is kept whole. */
const SEPARATOR = '\u001f';

const FLAG_BITS = { primary: 1, important: 2, billing: 4, technical: 8 } as const;
const FLAGS = ['primary', 'important', 'billing', 'technical'] as const;
const NULL_BITS: Readonly<Record<NullableField, number>> = {
  phoneCountryCode: 16,
  mobileCountryCode: 32,
  authMethod: 64,
  createdAt: 128,
  updatedAt: 256,
  archivedAt: 512,
};
const NULLABLE_FIELDS = Object.keys(NULL_BITS) as NullableField[];
const AT: Readonly<Record<TextField, number>> = Object.fromEntries(TEXT_FIELDS.map((field, i) => [field, i])) as Record<TextField, number>;

export class ContactStore {
  private ids = new Float64Array(0);
  private clientIds = new Float64Array(0);
  private locationIds = new Float64Array(0);
  private bits = new Uint16Array(0);
  private readonly texts: string[] = [];
  /** Contacts whose text contains the separator, by slot: kept as objects (copies), since they cannot be packed. */
  private readonly whole = new Map<number, Contact>();

  get size(): number {
    return this.texts.length;
  }

  /** Stores the contact in `slot`: an existing slot, or `size` to add one. */
  set(slot: number, c: Contact): void {
    if (slot > this.texts.length) throw new RangeError(`slot ${slot} is past the end (${this.texts.length})`);
    if (slot >= this.ids.length) this.grow(slot + 1);
    this.ids[slot] = c.id;
    this.clientIds[slot] = c.clientId;
    this.locationIds[slot] = c.locationId;
    let bits = 0;
    for (const flag of FLAGS) if (c[flag]) bits |= FLAG_BITS[flag];
    for (const field of NULLABLE_FIELDS) if (c[field] === null) bits |= NULL_BITS[field];
    this.bits[slot] = bits;
    const parts = TEXT_FIELDS.map((field) => c[field] ?? '');
    if (parts.some((part) => part.includes(SEPARATOR))) {
      this.whole.set(slot, { ...c });
      this.texts[slot] = '';
    } else {
      this.whole.delete(slot);
      // join() makes one flat string; `a + b + …` would keep a tree of partial strings, each with a header.
      this.texts[slot] = parts.join(SEPARATOR);
    }
  }

  /** A new Contact object with the stored values. */
  contact(slot: number): Contact {
    const text = this.texts[slot];
    if (text === undefined) throw new RangeError(`no contact in slot ${slot}`);
    // A packed record always holds separators, so "" marks a contact kept whole.
    if (text === '') return { ...this.whole.get(slot)! };
    const t = text.split(SEPARATOR);
    const bits = this.bits[slot]!;
    const nullable = (field: NullableField): string | null => ((bits & NULL_BITS[field]) !== 0 ? null : t[AT[field]]!);
    return {
      id: this.ids[slot]!,
      clientId: this.clientIds[slot]!,
      name: t[AT.name]!,
      title: t[AT.title]!,
      department: t[AT.department]!,
      email: t[AT.email]!,
      phone: t[AT.phone]!,
      extension: t[AT.extension]!,
      mobile: t[AT.mobile]!,
      phoneCountryCode: nullable('phoneCountryCode'),
      mobileCountryCode: nullable('mobileCountryCode'),
      notes: t[AT.notes]!,
      primary: (bits & FLAG_BITS.primary) !== 0,
      important: (bits & FLAG_BITS.important) !== 0,
      billing: (bits & FLAG_BITS.billing) !== 0,
      technical: (bits & FLAG_BITS.technical) !== 0,
      locationId: this.locationIds[slot]!,
      authMethod: nullable('authMethod'),
      createdAt: nullable('createdAt'),
      updatedAt: nullable('updatedAt'),
      archivedAt: nullable('archivedAt'),
    };
  }

  /** One text field, cut from the record without unpacking the others. */
  text(slot: number, field: PackedField): string {
    const text = this.texts[slot] ?? '';
    if (text === '') return this.whole.get(slot)?.[field] ?? '';
    let start = 0;
    for (let i = AT[field]; i > 0; i--) start = text.indexOf(SEPARATOR, start) + 1;
    const end = text.indexOf(SEPARATOR, start);
    return text.slice(start, end < 0 ? text.length : end);
  }

  id(slot: number): number {
    return this.ids[slot] ?? 0;
  }

  clientId(slot: number): number {
    return this.clientIds[slot] ?? 0;
  }

  /** Drops the room kept for growth: for after a bulk load. */
  compact(): void {
    this.resize(this.texts.length);
  }

  private grow(size: number): void {
    this.resize(Math.max(size, Math.ceil(this.ids.length * 1.5), 1024));
  }

  private resize(capacity: number): void {
    this.ids = resized(new Float64Array(capacity), this.ids);
    this.clientIds = resized(new Float64Array(capacity), this.clientIds);
    this.locationIds = resized(new Float64Array(capacity), this.locationIds);
    this.bits = resized(new Uint16Array(capacity), this.bits);
  }
}

function resized<T extends Uint16Array | Float64Array>(fresh: T, old: T): T {
  fresh.set(old.length <= fresh.length ? old : old.subarray(0, fresh.length));
  return fresh;
}

/**
 * Slot by contact id: an open-addressing table of slots (4 bytes each, at most half full) that reads the ids
 * from the store, instead of a Map entry (~36 bytes) per contact. Slots are never removed: an upsert reuses one.
 */
export class SlotsById {
  private table = new Int32Array(1024).fill(-1);
  private count = 0;

  constructor(private readonly idOf: (slot: number) => number) {}

  get(id: number): number | undefined {
    const mask = this.table.length - 1;
    for (let i = bucketOf(id) & mask; ; i = (i + 1) & mask) {
      const slot = this.table[i]!;
      if (slot < 0) return undefined;
      if (this.idOf(slot) === id) return slot;
    }
  }

  /** Records the slot of a contact id not in the table yet (its id must already be in the store). */
  add(slot: number): void {
    if ((this.count + 1) * 2 > this.table.length) this.rehash(this.table.length * 2);
    this.place(this.table, slot);
    this.count++;
  }

  private place(table: Int32Array, slot: number): void {
    const mask = table.length - 1;
    let i = bucketOf(this.idOf(slot)) & mask;
    while (table[i]! >= 0) i = (i + 1) & mask;
    table[i] = slot;
  }

  private rehash(capacity: number): void {
    const table = new Int32Array(capacity).fill(-1);
    for (const slot of this.table) if (slot >= 0) this.place(table, slot);
    this.table = table;
  }
}

/** Ids are mostly consecutive; mixing keeps their buckets spread when the table's size is a power of two. */
function bucketOf(id: number): number {
  const low = id | 0;
  const high = (id / 4294967296) | 0;
  return Math.imul(low ^ Math.imul(high, 0x27d4eb2d), 0x9e3779b1) >>> 0;
}
