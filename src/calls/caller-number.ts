/**
 * What a phone system says the caller's number is, in whatever format it uses: E.164 with "+", digits without
 * "+", national with a trunk "0", "00"/"011" international prefixes, or a short internal extension. Pure.
 */
import { parsePhoneNumberFromString, isSupportedCountry, type CountryCode, type PhoneNumber } from 'libphonenumber-js';
import { digitsOnly } from '../contacts/phone';

/** At most this many digits is an internal extension, never a customer. */
export const MAX_EXTENSION_DIGITS = 6;
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

/** DEFAULT_PHONE_REGION, checked: an unknown region would make every national number unparseable. */
export function phoneRegion(code: string | undefined): CountryCode {
  const upper = (code ?? 'US').trim().toUpperCase();
  return isSupportedCountry(upper) ? upper : 'US';
}

export function normaliseCallerNumber(raw: string, region: CountryCode): CallerNumber {
  const text = raw.slice(0, MAX_INPUT_LENGTH).trim().replace(/^tel:/i, '');
  const digits = digitsOnly(text);
  if (digits.length === 0 || digits.length > MAX_NUMBER_DIGITS) return { kind: 'none' };
  if (digits.length <= MAX_EXTENSION_DIGITS) return { kind: 'internal', digits };

  const international = text.startsWith('+');
  const parsed = international ? possible(`+${digits}`) : possible(digits, region) ?? possible(`+${withoutInternationalPrefix(digits)}`);
  if (parsed === null) return { kind: 'external', e164: `+${digits}`, nationalDigits: digits };
  return { kind: 'external', e164: parsed.number, nationalDigits: parsed.nationalNumber };
}

/** The E.164 form of a number as ITFlow stores it (digits, and a country code when the contact has one). */
export function storedE164(digits: string, countryCode: string | null, region: CountryCode): string | null {
  const d = digitsOnly(digits);
  if (d.length <= MAX_EXTENSION_DIGITS) return null;
  const cc = countryCode === null ? '' : digitsOnly(countryCode);
  const parsed = cc !== '' ? possible(`+${cc}${d.replace(/^0+/, '')}`) ?? possible(`+${d}`) : possible(d, region);
  return parsed?.number ?? null;
}

function withoutInternationalPrefix(digits: string): string {
  if (digits.startsWith('00')) return digits.slice(2);
  if (digits.startsWith('011')) return digits.slice(3);
  return digits;
}

function possible(text: string, region?: CountryCode): PhoneNumber | null {
  const parsed = parsePhoneNumberFromString(text, region);
  return parsed !== undefined && parsed.isPossible() ? parsed : null;
}
