/**
 * Phone numbers, the one place they are parsed, matched and formatted: ITFlow stores digits only (with a country
 * code beside them on rows its UI saved), people read and type them in every national style. Pure, no I/O.
 *
 * libphonenumber-js with its 'max' metadata: the bot runs on a server where ~150 kB of metadata costs nothing, and
 * 'max' validates numbers by each country's real patterns ('min' checks lengths only), which is what lets a
 * stored number be read either with its country code or in the default region and the valid reading be kept.
 */
import { getCountryCallingCode, isSupportedCountry, parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';

export type { CountryCode } from 'libphonenumber-js/max';

/** Fewer digits than this never match by their tail: an extension or fragment, not a phone number. */
export const MIN_TAIL_DIGITS = 7;
/** At most this many digits is an internal extension, never a customer. */
export const MAX_EXTENSION_DIGITS = 6;
/** Longer than any real number (E.164 allows 15 digits; prefixes and trunk codes add a few). */
const MAX_NUMBER_DIGITS = 20;
const MAX_INPUT_LENGTH = 64;

export function digitsOnly(text: string): string {
  return text.replace(/\D+/g, '');
}

/** DEFAULT_PHONE_REGION, checked: an unknown region would make every national number unparseable. */
export function phoneRegion(code: string | undefined): CountryCode {
  const upper = (code ?? 'US').trim().toUpperCase();
  return isSupportedCountry(upper) ? upper : 'US';
}

/** A stored number read with its country code when it has one, else in the default region; null when neither fits. */
export function parseStored(digits: string, countryCode: string | null, region: CountryCode): PhoneNumber | null {
  const d = digitsOnly(digits);
  if (d.length <= MAX_EXTENSION_DIGITS || d.length > MAX_NUMBER_DIGITS) return null;
  const cc = countryCode === null ? '' : digitsOnly(countryCode);
  if (cc !== '') {
    // "02079460958" with country code 44: the trunk zero is national dialling, not part of the number. Some rows
    // carry the code in the digits too ("15551010100" with 1).
    return valid(`+${cc}${d.replace(/^0+/, '')}`) ?? (d.startsWith(cc) ? valid(`+${d}`) : null) ?? possible(`+${cc}${d.replace(/^0+/, '')}`);
  }
  return valid(d, region) ?? possible(d, region);
}

/** The E.164 form of a stored number ("+442079460958"), or null when it cannot be placed. */
export function storedE164(digits: string, countryCode: string | null, region: CountryCode): string | null {
  return parseStored(digits, countryCode, region)?.number ?? null;
}

/**
 * For people: national format when the number is in the default region, international when it is not
 * ("+44 20 7946 0958" in a US deployment); the bare digits when it cannot be parsed.
 */
export function formatPhone(digits: string, countryCode: string | null, region: CountryCode): string {
  const d = digitsOnly(digits);
  if (d === '') return '';
  const parsed = parseStored(d, countryCode, region);
  if (parsed === null) return d;
  return parsed.country === region || (parsed.country === undefined && parsed.countryCallingCode === getCountryCallingCode(region))
    ? parsed.formatNational()
    : parsed.formatInternational();
}

/**
 * For an edit form's field: formatted only when the format keeps exactly the stored digits, since a form saved
 * untouched must not rewrite the number ("15551010100" shows as "+1 555 101 0100", not "(555) 101-0100").
 */
export function formatPhoneForEditing(digits: string, countryCode: string | null, region: CountryCode): string {
  const d = digitsOnly(digits);
  const parsed = parseStored(d, countryCode, region);
  const shown = [formatPhone(d, countryCode, region), parsed?.formatInternational() ?? ''];
  return shown.find((s) => s !== '' && digitsOnly(s) === d) ?? d;
}

/** A tel: URI in E.164 for the Call action ("tel:+442079460958;ext=12"); null when there is nothing callable. */
export function telUri(digits: string, countryCode: string | null, region: CountryCode, extension = ''): string | null {
  const d = digitsOnly(digits);
  if (d.length < 3) return null;
  const ext = digitsOnly(extension);
  const target = parseStored(d, countryCode, region)?.number ?? d;
  return `tel:${target}${ext !== '' ? `;ext=${ext}` : ''}`;
}

/** What a stored number is matched by: its E.164 form when it can be placed, and its digits without trunk zeros. */
export interface PhoneKeys {
  e164: string | null;
  /** Digits without leading zeros: trunk "0" and "00" prefixes are dialling, not the number. */
  tail: string;
}

export function phoneMatchKeys(stored: string, countryCode: string | null, region: CountryCode): PhoneKeys {
  return { e164: storedE164(stored, countryCode, region), tail: digitsOnly(stored).replace(/^0+/, '') };
}

/** A typed or dialled number's keys: "+44 20 7946 0958", "020 7946 0958", "0044 20…", "tel:+1-555-…". */
export function queryPhoneKeys(text: string, region: CountryCode): PhoneKeys & { nationalDigits: string | null } {
  const raw = text.slice(0, MAX_INPUT_LENGTH).trim().replace(/^tel:/i, '');
  const digits = digitsOnly(raw);
  const tail = digits.replace(/^0+/, '');
  if (digits.length <= MAX_EXTENSION_DIGITS || digits.length > MAX_NUMBER_DIGITS) return { e164: null, tail, nationalDigits: null };
  const parsed = raw.startsWith('+') ? possible(`+${digits}`) : (possible(digits, region) ?? possible(`+${withoutInternationalPrefix(digits)}`));
  return { e164: parsed?.number ?? null, tail, nationalDigits: parsed?.nationalNumber ?? null };
}

/**
 * What to ask ITFlow's exact lookup (contact_phone_or_mobile compares stored digits as they are): the national
 * significant number first ("2079460958" for "+44 20 7946 0958"), with a trunk zero, then the digits as typed.
 */
export function phoneLookupDigits(text: string, region: CountryCode): string[] {
  const { nationalDigits: national, e164 } = queryPhoneKeys(text, region);
  const digits = digitsOnly(text);
  // UK, German, Australian… rows are often stored with the trunk zero the UI user typed ("02079460958");
  // North American numbers have no trunk zero.
  const trunk = national !== null && e164 !== null && !e164.startsWith('+1') ? [`0${national}`] : [];
  const candidates = national === null ? [digits] : [national, ...trunk, digits];
  return [...new Set(candidates)];
}

/** Same number: equal E.164, or one's digits end with the other's (at least MIN_TAIL_DIGITS of them). */
export function phoneKeysMatch(query: PhoneKeys, stored: PhoneKeys): boolean {
  if (query.e164 !== null && query.e164 === stored.e164) return true;
  return trailingDigitsMatch(query.tail, stored.tail);
}

/** One digit string ends with the other, which has at least MIN_TAIL_DIGITS digits (leading zeros ignored). */
export function trailingDigitsMatch(a: string, b: string): boolean {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  const shorter = x.length <= y.length ? x : y;
  const longer = shorter === x ? y : x;
  return shorter.length >= MIN_TAIL_DIGITS && longer.endsWith(shorter);
}

function withoutInternationalPrefix(digits: string): string {
  if (digits.startsWith('00')) return digits.slice(2);
  if (digits.startsWith('011')) return digits.slice(3);
  return digits;
}

function valid(text: string, region?: CountryCode): PhoneNumber | null {
  const parsed = parsePhoneNumberFromString(text, region);
  return parsed !== undefined && parsed.isValid() ? parsed : null;
}

function possible(text: string, region?: CountryCode): PhoneNumber | null {
  const parsed = parsePhoneNumberFromString(text, region);
  return parsed !== undefined && parsed.isPossible() ? parsed : null;
}

/** A run of phone characters inside a longer text ("sally 555-901-0101"): digits, spaces, + ( ) . - / . */
export const PHONE_RUN_SOURCE = String.raw`\+?\(?\d[\d\s().\-/]{5,}\d`;
