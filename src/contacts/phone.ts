/** Phone numbers: ITFlow stores digits only, people read them formatted. Pure functions, no I/O. */

export function digitsOnly(text: string): string {
  return text.replace(/\D+/g, '');
}

/**
 * Formats stored digits for people: North American numbers as (555) 101-0100, with +1 when the
 * country code or an 11-digit 1-prefixed number says so; anything else grouped as +CC digits.
 */
export function formatPhone(digits: string, countryCode: string | null = null): string {
  const d = digitsOnly(digits);
  if (d.length === 0) return '';
  const cc = countryCode !== null ? digitsOnly(countryCode) : '';
  if (d.length === 10 && (cc === '' || cc === '1')) {
    return `${cc === '1' ? '+1 ' : ''}(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`;
  }
  if (d.length === 11 && d.startsWith('1') && (cc === '' || cc === '1')) {
    return `+1 (${d.slice(1, 4)}) ${d.slice(4, 7)}-${d.slice(7)}`;
  }
  if (d.length === 7) return `${d.slice(0, 3)}-${d.slice(3)}`;
  return cc !== '' ? `+${cc} ${d}` : d;
}

/** A tel: URI for the Call action; null when there is nothing callable. */
export function telUri(digits: string, countryCode: string | null = null, extension = ''): string | null {
  const d = digitsOnly(digits);
  if (d.length < 3) return null;
  const cc = countryCode !== null ? digitsOnly(countryCode) : '';
  const prefix = cc !== '' && !d.startsWith(cc) ? `+${cc}` : d.length === 11 && d.startsWith('1') ? '+' : '';
  const ext = digitsOnly(extension);
  return `tel:${prefix}${d}${ext !== '' ? `;ext=${ext}` : ''}`;
}

/** A run of phone characters inside a longer text ("sally 555-901-0101"): digits, spaces, + ( ) . - / . */
export const PHONE_RUN_SOURCE = String.raw`\+?\(?\d[\d\s().\-/]{5,}\d`;
