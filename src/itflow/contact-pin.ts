import { createHash, timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';
import { z } from 'zod';
import { idText } from './schemas';

/**
 * A contact's caller-verification PIN (`contact_pin`), held only as a SHA-256 digest: the value itself never
 * leaves this module, so it cannot reach a Contact, a card, a log line or an error. The one thing it can do is
 * answer whether an attempt matches, in constant time (timingSafeEqual over equal-length digests).
 */
export class ContactPin {
  readonly #digest: Buffer;

  private constructor(digest: Buffer) {
    this.#digest = digest;
  }

  /** Null for an empty PIN (ITFlow's "no PIN"). */
  static of(pin: string): ContactPin | null {
    const normalised = normalisePin(pin);
    return normalised === '' ? null : new ContactPin(digestOf(normalised));
  }

  matches(attempt: string): boolean {
    return timingSafeEqual(digestOf(normalisePin(attempt)), this.#digest);
  }

  toJSON(): string {
    return '[contact PIN]';
  }

  toString(): string {
    return '[contact PIN]';
  }

  [inspect.custom](): string {
    return '[contact PIN]';
  }
}

/** What ITFlow holds for a contact: not found (or not visible to the key), or found with its PIN (null: none). */
export type ContactPinLookup = { found: false } | { found: true; clientId: number; pin: ContactPin | null };

/** Just the columns the comparison needs; everything else in the row is dropped unread. */
export const contactPinRowSchema = z
  .object({
    contact_id: idText(1),
    contact_client_id: idText(0),
    contact_pin: z
      .union([z.string(), z.number()])
      .nullish()
      .transform((v) => (v === null || v === undefined ? null : ContactPin.of(String(v)))),
  })
  .transform((row) => ({ id: row.contact_id, clientId: row.contact_client_id, pin: row.contact_pin }));

/** Spaces around what was typed or stored do not count; case does (a PIN may hold letters). */
function normalisePin(pin: string): string {
  return pin.trim();
}

function digestOf(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
