/**
 * What a phone system says the caller's number is, in whatever format it uses: E.164 with "+", digits without
 * "+", national with a trunk "0", "00"/"011" international prefixes, or a short internal extension. Pure; the
 * parsing itself is src/contacts/phone.ts, the one place numbers are read.
 */
import { digitsOnly, MAX_EXTENSION_DIGITS, queryPhoneKeys, type CountryCode } from '../contacts/phone';

export { MAX_EXTENSION_DIGITS, phoneRegion, storedE164 } from '../contacts/phone';

/** Longer than any real number (E.164 allows 15 digits; prefixes and trunk codes add a few). */
const MAX_NUMBER_DIGITS = 20;
const MAX_INPUT_LENGTH = 64;

export type CallerNumber =
  | { kind: 'none' }
  | { kind: 'internal'; digits: string }
  | {
      kind: 'external';
      /** "+15551010333"; the input digits with a "+" when libphonenumber could not place them. */
      e164: string;
      /** The number without country code or trunk prefix: what ITFlow usually stores. */
      nationalDigits: string;
    };

export function normaliseCallerNumber(raw: string, region: CountryCode): CallerNumber {
  const text = raw.slice(0, MAX_INPUT_LENGTH).trim().replace(/^tel:/i, '');
  const digits = digitsOnly(text);
  if (digits.length === 0 || digits.length > MAX_NUMBER_DIGITS) return { kind: 'none' };
  if (digits.length <= MAX_EXTENSION_DIGITS) return { kind: 'internal', digits };
  const keys = queryPhoneKeys(text, region);
  if (keys.e164 === null || keys.nationalDigits === null) return { kind: 'external', e164: `+${digits}`, nationalDigits: digits };
  return { kind: 'external', e164: keys.e164, nationalDigits: keys.nationalDigits };
}
