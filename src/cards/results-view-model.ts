import { RESULT_PAGE_SIZE } from '../contacts/result-page';
import type { Contact } from '../contacts/contact';
import { VERBS } from './verbs';
import type { ActionData, CardContext } from './types';
import { callUrls, displayName, joinNonEmpty, mailtoUrl, mobileLine, phoneLine } from './view-model-parts';

/** A page holds one page of results (RESULT_PAGE_SIZE) and "Show more" pages on. */
export const MAX_RESULT_ROWS = RESULT_PAGE_SIZE;

/** The search a results card shows, carried in its buttons so paging and "Back to results" can run it again. */
export interface ResultsSearch {
  query: string;
  client?: string;
  includeArchived?: boolean;
  /** Hits skipped before this page. */
  offset?: number;
}

export interface ResultRowVm {
  contactId: number;
  name: string;
  /** "Primary · Important · Archived", in words. */
  badges: string;
  /** "Title · Client · Location" */
  role: string;
  /** "email / phone" */
  reach: string;
  call: string;
  mailto: string;
  /** Opens the contact with a way back to this page. */
  openData: ActionData;
}

export interface ResultsVm {
  query: string;
  /** "1–8 of 23 contacts" */
  countText: string;
  /** '' unless some matches are not shown. */
  hint: string;
  note: string;
  rows: ResultRowVm[];
  canEdit: boolean;
  hasMore: boolean;
  moreData: ActionData;
  hasPrevious: boolean;
  previousData: ActionData;
}

/** The action data that re-runs a search at an offset; also what "Back to results" carries. */
export function searchData(search: ResultsSearch, offset: number): ActionData {
  const data: ActionData = { verb: VERBS.resultsPage, query: search.query, offset };
  if (search.client !== undefined && search.client !== '') data.client = search.client;
  if (search.includeArchived === true) data.includeArchived = true;
  return data;
}

export function resultsVm(search: ResultsSearch, hits: Contact[], ctx: CardContext, opts: { total: number; note?: string }): ResultsVm {
  const offset = Math.max(0, search.offset ?? 0);
  const back = searchData(search, offset);
  const rows = hits.slice(0, MAX_RESULT_ROWS).map((c) => {
    const { call } = callUrls(c, ctx);
    const openData: ActionData = { ...back, verb: VERBS.resultsOpen, contactId: c.id };
    return {
      contactId: c.id,
      name: displayName(c),
      badges: joinNonEmpty([c.primary ? 'Primary' : '', c.important ? 'Important' : '', c.archivedAt !== null ? 'Archived' : ''], ' · '),
      role: joinNonEmpty([c.title, ctx.clientName(c.clientId), c.locationId === 0 ? '' : ctx.locationName(c.locationId)], ' · '),
      reach: joinNonEmpty([c.email, phoneLine(c, ctx) || mobileLine(c, ctx)], ' / '),
      call,
      mailto: mailtoUrl(c.email),
      openData,
    };
  });
  const total = Math.max(opts.total, offset + rows.length);
  const shownTo = offset + rows.length;
  const noun = total === 1 ? 'contact' : 'contacts';
  return {
    query: search.query,
    countText: rows.length === 0 ? `No more of ${total} ${noun}` : `${offset + 1}–${shownTo} of ${total} ${noun}`,
    hint: shownTo < total && offset === 0 ? 'Add a word, a client (“at acme”) or a phone number to narrow it down.' : '',
    note: opts.note ?? '',
    rows,
    canEdit: ctx.canEdit,
    hasMore: shownTo < total && rows.length > 0,
    moreData: searchData(search, shownTo),
    hasPrevious: offset > 0,
    previousData: searchData(search, Math.max(0, offset - MAX_RESULT_ROWS)),
  };
}
