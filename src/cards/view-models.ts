import type { Contact } from '../contacts/contact';
import type { RawFormValues } from '../contacts/contact-form';
import { VERBS } from './verbs';
import { ticketsTitle, type TicketLine, type TicketSummary } from './ticket-lines';
import type { ActionData, Banner, CardAction, CardContext, Tone } from './types';
import { notesVm, type NotesVm } from './notes-view-model';
import {
  bannerVm,
  callUrls,
  dateOf,
  displayName,
  joinNonEmpty,
  mailtoUrl,
  mobileLine,
  phoneLine,
  toneStyle,
  webUrl,
  type BannerVm,
} from './view-model-parts';

export interface ContactVm {
  banner: BannerVm;
  contactId: number;
  name: string;
  important: boolean;
  /** "Primary · Billing · Technical", the roles that apply. */
  badges: string;
  /** "Title · Department" */
  role: string;
  /** '' unless archived. */
  archived: string;
  client: string;
  location: string;
  email: string;
  phone: string;
  mobile: string;
  portalAuth: string;
  notes: NotesVm;
  canEdit: boolean;
  canVerifyPin: boolean;
  mailto: string;
  call: string;
  callMobile: string;
  itflowUrl: string;
  /** '' hides the Tickets section. */
  ticketsTitle: string;
  tickets: TicketLine[];
  /** '' or "As of …": for cards people read later (inserted from a search or a link), not live ones. */
  footnote: string;
  /** "Back to results": the search this card was opened from, when it was. */
  hasBack: boolean;
  backData: ActionData;
}

export interface ContactCardOptions {
  banner?: Banner;
  /** "As of …" for cards read later than they were made. */
  asOf?: string;
  /** The results page the contact was opened from. */
  back?: ActionData;
}

const AUTH_METHODS: Record<string, string> = {
  '': 'None',
  local: 'ITFlow password',
  azure: 'Microsoft (Azure AD)',
};

function portalAuthText(authMethod: string | null): string {
  if (authMethod === null) return '';
  return AUTH_METHODS[authMethod.trim().toLowerCase()] ?? authMethod;
}

export function contactVm(contact: Contact, ctx: CardContext, opts: ContactCardOptions = {}): ContactVm {
  const { banner, asOf, back } = opts;
  return {
    banner: bannerVm(banner),
    contactId: contact.id,
    name: displayName(contact),
    important: contact.important,
    badges: joinNonEmpty(
      [contact.primary ? 'Primary' : '', contact.important ? 'Important' : '', contact.billing ? 'Billing' : '', contact.technical ? 'Technical' : ''],
      ' · ',
    ),
    role: joinNonEmpty([contact.title, contact.department], ' · '),
    archived: contact.archivedAt === null ? '' : `Archived on ${dateOf(contact.archivedAt)}`,
    client: ctx.clientName(contact.clientId),
    location: contact.locationId === 0 ? '' : ctx.locationName(contact.locationId),
    email: contact.email.trim(),
    phone: phoneLine(contact, ctx),
    mobile: mobileLine(contact, ctx),
    portalAuth: portalAuthText(contact.authMethod),
    notes: notesVm(contact, ctx),
    canEdit: ctx.canEdit,
    canVerifyPin: ctx.canVerifyPin === true,
    mailto: mailtoUrl(contact.email),
    ...callUrls(contact, ctx),
    itflowUrl: webUrl(ctx.contactLink(contact)),
    ...ticketsVm(ctx.openTickets?.(contact)),
    footnote: asOf === undefined || asOf === '' ? '' : `As of ${asOf}`,
    hasBack: back !== undefined,
    backData: back ?? {},
  };
}

function ticketsVm(summary: TicketSummary | undefined): Pick<ContactVm, 'ticketsTitle' | 'tickets'> {
  return { ticketsTitle: ticketsTitle(summary), tickets: summary?.latest.map((t) => ({ label: t.label, url: webUrl(t.url) })) ?? [] };
}

export interface MessageVm {
  style: string;
  title: string;
  text: string;
  actions: Array<{ title: string; verb: string; data: ActionData }>;
}

export function messageVm(opts: { tone: Tone; title: string; text: string; actions?: CardAction[] }): MessageVm {
  return {
    style: toneStyle(opts.tone),
    title: opts.title,
    text: opts.text,
    actions: (opts.actions ?? []).map((a) => ({ title: a.title, verb: a.verb, data: { ...a.data, verb: a.verb } })),
  };
}

export interface ConflictVm {
  contactId: number;
  name: string;
  heading: string;
  /** "It was changed in ITFlow at …" / "Alex changed it through Teams at …". */
  changedBy: string;
  differences: Array<{ label: string; theirs: string; yours: string }>;
  forceSaveData: ActionData;
}

const EMPTY_VALUE = '(empty)';

export function conflictVm(
  theirs: Contact,
  opts: {
    version: string;
    values: RawFormValues;
    differences: Array<{ field: string; label: string; theirs: string; yours: string }>;
    changedBy?: string;
  },
): ConflictVm {
  const changedBy = opts.changedBy ?? '';
  return {
    contactId: theirs.id,
    name: displayName(theirs),
    heading: changedBy.startsWith('You ') ? 'You changed this contact in another card' : 'Someone else changed this contact',
    changedBy,
    differences: opts.differences.map((d) => ({
      label: d.label,
      theirs: d.theirs.trim() === '' ? EMPTY_VALUE : d.theirs,
      yours: d.yours.trim() === '' ? EMPTY_VALUE : d.yours,
    })),
    // The user's values ride in the action data: the conflict card has no inputs of its own.
    forceSaveData: { ...definedValues(opts.values), verb: VERBS.forceSave, contactId: theirs.id, version: opts.version },
  };
}

function definedValues(values: RawFormValues): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export interface NoMatchVm {
  query: string;
  canEdit: boolean;
  addData: ActionData;
  /** "Did you mean …": one button per near contact. */
  didYouMean: CardAction[];
  hasDidYouMean: boolean;
  /** "1 archived contact matches" with its Show button, or null. */
  archived: { text: string; action: CardAction } | null;
  hasArchived: boolean;
}

export interface NoMatchOffers {
  didYouMean?: CardAction[];
  archived?: { text: string; action: CardAction };
}

export function noMatchVm(query: string, ctx: CardContext, prefill: RawFormValues, offers: NoMatchOffers = {}): NoMatchVm {
  const addData: ActionData = { verb: VERBS.add };
  for (const key of ['name', 'email', 'phone'] as const) {
    const v = prefill[key]?.trim() ?? '';
    if (v !== '') addData[key] = v;
  }
  const clientId = Number(prefill.clientId ?? '');
  if (Number.isInteger(clientId) && clientId > 0) addData.clientId = clientId;
  const didYouMean = offers.didYouMean ?? [];
  const archived = offers.archived ?? null;
  // Plain flags for $when: the compiled templates (compiled-template.ts) cover paths and string comparisons only.
  return { query, canEdit: ctx.canEdit, addData, didYouMean, hasDidYouMean: didYouMean.length > 0, archived, hasArchived: archived !== null };
}

