/**
 * Teams refuses a message over about 100 KB and advises 80 KB; older clients' documentation says 40 KB. It
 * counts the activity's JSON as UTF-16, two bytes per character. Everything the bot sends stays within the
 * smallest of these, whatever the number of clients, locations and contacts.
 */
export const MAX_ACTIVITY_BYTES = 40 * 1024;

/** An activity's or invoke answer's size as Teams counts it. */
export function utf16Bytes(value: unknown): number {
  return JSON.stringify(value).length * 2;
}
