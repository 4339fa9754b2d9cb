/**
 * A Map that holds at most `max` entries: setting a key makes it the newest, and the oldest is forgotten when
 * one too many is set. For the bot's in-memory remembering (welcomes, UPNs, add-form outcomes), which must not
 * grow with traffic.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    // Maps iterate in insertion order: re-inserting moves the key to the end, so the first key is the oldest.
    super.delete(key);
    super.set(key, value);
    if (this.size > this.max) {
      const oldest = this.keys().next();
      if (oldest.done !== true) super.delete(oldest.value);
    }
    return this;
  }
}
