import type { Contact } from '../itflow/types';
import type { RawFormValues } from '../contacts/contact-form';
import { VERBS } from './verbs';
import { ticketsTitle, type TicketLine, type TicketSummary } from './ticket-lines';
import type { ActionData, Banner, CardAction, CardContext, Tone } from './types';
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

/** Teams cards get long fast; past this many rows a narrower search is more useful than scrolling. */
export const MAX_RESULT_ROWS = 8;

export interface ResultRowVm {
  contactId: number;
  name: string;
  important: boolean;
  archived: boolean;
  /** "Title · Client" */
  role: string;
  /** "email / phone" */
  reach: string;
}

export interface ResultsVm {
  query: string;
  /** "8 of 23 contacts" */
  countText: string;
  /** '' unless some matches are not shown. */
  hint: string;
  note: string;
  rows: ResultRowVm[];
  canEdit: boolean;
}

export function resultsVm(
  query: string,
  hits: Contact[],
  ctx: CardContext,
  opts: { total: number; note?: string },
): ResultsVm {
  const rows = hits.slice(0, MAX_RESULT_ROWS).map((c) => ({
    contactId: c.id,
    name: displayName(c),
    important: c.important,
    archived: c.archivedAt !== null,
    role: joinNonEmpty([c.title, ctx.clientName(c.clientId)], ' · '),
    reach: joinNonEmpty([c.email, phoneLine(c) || mobileLine(c)], ' / '),
  }));
  const total = Math.max(opts.total, rows.length);
  return {
    query,
    countText: `${rows.length} of ${total} ${total === 1 ? 'contact' : 'contacts'}`,
    hint: rows.length < total ? 'Add a word, a client (“at acme”) or a phone number to narrow it down.' : '',
    note: opts.note ?? '',
    rows,
    canEdit: ctx.canEdit,
  };
}

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
  notes: string;
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

export function contactVm(contact: Contact, ctx: CardContext, banner?: Banner, asOf?: string): ContactVm {
  return {
    banner: bannerVm(banner),
    contactId: contact.id,
    name: displayName(contact),
    important: contact.important,
    badges: joinNonEmpty(
      [contact.primary ? 'Primary' : '', contact.billing ? 'Billing' : '', contact.technical ? 'Technical' : ''],
      ' · ',
    ),
    role: joinNonEmpty([contact.title, contact.department], ' · '),
    archived: contact.archivedAt === null ? '' : `Archived on ${dateOf(contact.archivedAt)}`,
    client: ctx.clientName(contact.clientId),
    location: contact.locationId === 0 ? '' : ctx.locationName(contact.locationId),
    email: contact.email.trim(),
    phone: phoneLine(contact),
    mobile: mobileLine(contact),
    portalAuth: portalAuthText(contact.authMethod),
    notes: contact.notes.trim(),
    canEdit: ctx.canEdit,
    canVerifyPin: ctx.canVerifyPin === true,
    mailto: mailtoUrl(contact.email),
    ...callUrls(contact),
    itflowUrl: webUrl(ctx.contactLink(contact)),
    ...ticketsVm(ctx.openTickets?.(contact)),
    footnote: asOf === undefined || asOf === '' ? '' : `As of ${asOf}`,
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
  },
): ConflictVm {
  return {
    contactId: theirs.id,
    name: displayName(theirs),
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
}

export function noMatchVm(query: string, ctx: CardContext, prefill: RawFormValues): NoMatchVm {
  const addData: ActionData = { verb: VERBS.add };
  for (const key of ['name', 'email', 'phone'] as const) {
    const v = prefill[key]?.trim() ?? '';
    if (v !== '') addData[key] = v;
  }
  const clientId = Number(prefill.clientId ?? '');
  if (Number.isInteger(clientId) && clientId > 0) addData.clientId = clientId;
  return { query, canEdit: ctx.canEdit, addData };
}

