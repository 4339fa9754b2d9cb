import type { Contact } from '../contacts/contact';
import type { FieldErrors, RawFormValues } from '../contacts/contact-form';
import searchResultsTemplate from '../../cards/search-results.json';
import contactTemplate from '../../cards/contact.json';
import contactEditTemplate from '../../cards/contact-edit.json';
import contactAddTemplate from '../../cards/contact-add.json';
import messageTemplate from '../../cards/message.json';
import conflictTemplate from '../../cards/conflict.json';
import noMatchTemplate from '../../cards/no-match.json';
import helpTemplate from '../../cards/help.json';
import welcomeTemplate from '../../cards/welcome.json';
import connectKeyTemplate from '../../cards/connect-key.json';
import { renderCard, type AdaptiveCardJson } from './render';
import type { Banner, CardAction, CardContext, Tone } from './types';
import { conflictVm, contactVm, messageVm, noMatchVm, type ContactCardOptions, type NoMatchOffers } from './view-models';
import { resultsVm, type ResultsSearch } from './results-view-model';
import { helpVm, welcomeVm } from './help-view-model';
import { addFormVm, editFormVm, type AddFormOptions, type SubmitStyle } from './form-view-models';

export type { AdaptiveCardJson } from './render';
export type { Banner, CardAction, CardContext, Tone } from './types';
export { MAX_RESULT_ROWS, searchData, type ResultsSearch } from './results-view-model';
export type { ContactCardOptions } from './view-models';
export type { AddFormOptions, SubmitStyle } from './form-view-models';

/** Teams renders unfurled links as Adaptive Cards of this version or older. */
export const LINK_PREVIEW_CARD_VERSION = '1.3';

/** Every card the bot sends. Pure: the context answers from memory, nothing here does I/O. */
export const cards = {
  /** A page of results; `search` is what paging and each row's "Back to results" run again. */
  results(search: ResultsSearch, hits: Contact[], ctx: CardContext, opts: { total: number; note?: string }): AdaptiveCardJson {
    return renderCard(searchResultsTemplate, resultsVm(search, hits, ctx, opts));
  },

  /** `asOf` adds an "As of …" line, for a card that is read later than it was made; `back` a "Back to results". */
  contact(contact: Contact, ctx: CardContext, opts?: ContactCardOptions): AdaptiveCardJson {
    return renderCard(contactTemplate, contactVm(contact, ctx, opts));
  },

  /**
   * The contact card for link unfurling, which renders Adaptive Cards up to 1.3 only: without Universal
   * Actions (1.4+) there is no Edit button, just the links.
   */
  contactPreview(contact: Contact, ctx: CardContext, opts: { asOf: string }): AdaptiveCardJson {
    const card = renderCard(contactTemplate, contactVm(contact, { ...ctx, canEdit: false, canVerifyPin: false }, { asOf: opts.asOf }));
    return { ...card, version: LINK_PREVIEW_CARD_VERSION };
  },

  editForm(
    contact: Contact,
    ctx: CardContext,
    opts: { version: string; values?: RawFormValues; errors?: FieldErrors; banner?: Banner },
  ): AdaptiveCardJson {
    return renderCard(contactEditTemplate, editFormVm(contact, ctx, opts));
  },

  addForm(ctx: CardContext, opts: AddFormOptions): AdaptiveCardJson {
    return renderCard(contactAddTemplate, addFormVm(ctx, opts));
  },

  message(opts: { tone: Tone; title: string; text: string; actions?: CardAction[] }): AdaptiveCardJson {
    return renderCard(messageTemplate, messageVm(opts));
  },

  conflict(
    theirs: Contact,
    _ctx: CardContext,
    opts: {
      version: string;
      values: RawFormValues;
      differences: Array<{ field: string; label: string; theirs: string; yours: string }>;
      /** Who made the other change and when, in words. */
      changedBy?: string;
    },
  ): AdaptiveCardJson {
    return renderCard(conflictTemplate, conflictVm(theirs, opts));
  },

  /** `didYouMean` and `archived` offer near names and hidden archived matches, one tap each. */
  noMatch(query: string, ctx: CardContext, opts: { prefill: RawFormValues } & NoMatchOffers): AdaptiveCardJson {
    return renderCard(noMatchTemplate, noMatchVm(query, ctx, opts.prefill, opts));
  },

  /** The private form where a technician pastes their own ITFlow key (a password input; never filled in). */
  connectKey(opts: { submitStyle: SubmitStyle }): AdaptiveCardJson {
    return renderCard(connectKeyTemplate, { submitStyle: opts.submitStyle });
  },

  help(ctx: CardContext): AdaptiveCardJson {
    return renderCard(helpTemplate, helpVm(ctx));
  },

  welcome(ctx: CardContext): AdaptiveCardJson {
    return renderCard(welcomeTemplate, welcomeVm(ctx));
  },
};
