import type { Contact } from '../contacts/contact';
import { isEmailAddress } from '../contacts/email';
import { formatPhone, phoneRegion, telUri, type CountryCode } from '../contacts/phone';
import type { Banner, CardContext, Tone } from './types';

/** Container styles of the Teams host config that carry each tone. */
const TONE_STYLE: Record<Tone, string> = { info: 'accent', good: 'good', warning: 'warning', attention: 'attention' };

export interface BannerVm {
  /** '' hides the banner. */
  text: string;
  style: string;
}

export function bannerVm(banner: Banner | undefined): BannerVm {
  return banner === undefined ? { text: '', style: 'default' } : { text: banner.text, style: TONE_STYLE[banner.tone] };
}

export function toneStyle(tone: Tone): string {
  return TONE_STYLE[tone];
}

export function joinNonEmpty(parts: string[], separator: string): string {
  return parts.map((p) => p.trim()).filter((p) => p !== '').join(separator);
}

/** The region numbers are read and shown in (CardContext.phoneRegion, checked). */
export function regionOf(ctx: Pick<CardContext, 'phoneRegion'>): CountryCode {
  return phoneRegion(ctx.phoneRegion);
}

/** Office phone for people, with the extension. */
export function phoneLine(contact: Contact, ctx: Pick<CardContext, 'phoneRegion'>): string {
  const phone = formatPhone(contact.phone, contact.phoneCountryCode, regionOf(ctx));
  if (phone === '') return '';
  return contact.extension.trim() === '' ? phone : `${phone} ext. ${contact.extension.trim()}`;
}

export function mobileLine(contact: Contact, ctx: Pick<CardContext, 'phoneRegion'>): string {
  return formatPhone(contact.mobile, contact.mobileCountryCode, regionOf(ctx));
}

/** The shape the forms accept; anything else gets no Email button rather than a surprising link. */
export function mailtoUrl(email: string): string {
  const address = email.trim();
  if (!isEmailAddress(address)) return '';
  const at = address.indexOf('@');
  // Each part is encoded, so no ? & # % / \\ in an address can add headers or change the link.
  return `mailto:${encodeURIComponent(address.slice(0, at))}@${encodeURIComponent(address.slice(at + 1))}`;
}

export function callUrls(contact: Contact, ctx: Pick<CardContext, 'phoneRegion'>): { call: string; callMobile: string } {
  const office = telUri(contact.phone, contact.phoneCountryCode, regionOf(ctx), contact.extension);
  const mobile = telUri(contact.mobile, contact.mobileCountryCode, regionOf(ctx));
  if (office !== null) return { call: office, callMobile: mobile ?? '' };
  return { call: mobile ?? '', callMobile: '' };
}

/** Only web links become buttons: a misconfigured template must not yield a javascript: or file: URL. */
export function webUrl(url: string | null): string {
  if (url === null) return '';
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : '';
  } catch {
    return '';
  }
}

/** ITFlow datetimes are "YYYY-MM-DD HH:MM:SS" in server time; the date is what people need. */
export function dateOf(datetime: string): string {
  return datetime.trim().split(/[ T]/)[0] ?? '';
}

export function displayName(contact: Contact): string {
  return contact.name.trim() === '' ? '(no name)' : contact.name;
}

/**
 * For the few places Teams reads text as markdown (thumbnail cards in the compose box): the characters markdown
 * builds links, emphasis, headings and HTML from, and the ':' of a URL scheme (so nothing autolinks), are
 * backslash-escaped, so `[click](https://evil.example)` shows as typed and links
 * nowhere, as in the Adaptive Cards, whose TextRuns never render markdown.
 */
export function inertMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#!|<>~:]/g, (c) => `\\${c}`);
}
