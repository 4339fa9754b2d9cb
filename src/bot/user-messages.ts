import { ItflowAuthError, ItflowProtocolError, ItflowRejectedError, ItflowUnavailableError } from '../itflow/errors';
import type { Banner } from '../cards/views';
import { IDENTITY_MESSAGES } from './identity-messages';
import type { UserMessage } from './message-types';
import type { ReadBack } from '../contacts/contact-update';
import { PersonalKeyError } from '../identity';
import { StillPendingError, StoreUnavailableError } from '../store';

/** The one place where failures become words a technician reads. No secrets, no stack traces, no raw URLs. */

export function describeFailure(err: unknown, doing: 'read' | 'save' | 'create'): UserMessage {
  const nothingChanged = doing === 'read' ? '' : ' Nothing was changed.';
  // A technician's own key (src/identity): ITFlow's answer is about them, not about the bot's key.
  if (err instanceof PersonalKeyError) return err.status === 403 ? IDENTITY_MESSAGES.roleForbids(doing) : IDENTITY_MESSAGES.keyRefused();
  if (err instanceof ItflowAuthError) {
    return {
      tone: 'attention',
      title: 'ITFlow refused the request',
      text:
        err.status === 403
          ? `The bot's ITFlow API key is not allowed to do this (its role or client access forbids it).${nothingChanged} Ask your ITFlow administrator.`
          : `ITFlow did not accept the bot's API key (invalid or expired).${nothingChanged} Ask your ITFlow administrator to check ITFLOW_API_KEY.`,
    };
  }
  if (err instanceof ItflowUnavailableError) {
    return {
      tone: 'warning',
      title: 'ITFlow is not answering',
      text: err.outcomeUnknown
        ? 'ITFlow stopped answering while saving, so the bot cannot tell whether the change was stored. Your input is kept below: use Try again; the bot checks before writing twice.'
        : `ITFlow could not be reached or answered with a server error.${nothingChanged} Your input is kept: try again in a moment.`,
    };
  }
  if (err instanceof ItflowRejectedError) {
    return {
      tone: 'attention',
      title: doing === 'create' ? 'ITFlow did not create the contact' : 'ITFlow did not apply the change',
      text:
        doing === 'create'
          ? 'ITFlow rejected the new contact (a required field may be missing, or the email already exists for this client). Your input is kept.'
          : 'ITFlow rejected the update: the contact may have been moved to another client or deleted. Your input is kept.',
    };
  }
  if (err instanceof StoreUnavailableError) {
    return {
      tone: 'warning',
      title: "Can't save safely right now",
      text:
        "The bot's shared state (Redis) is unreachable, so it can't make sure this is written only once. " +
        'Nothing was written to ITFlow. Your input is kept: try again in a moment.',
    };
  }
  if (err instanceof StillPendingError) {
    return {
      tone: 'warning',
      title: 'Still working on an earlier click',
      text:
        doing === 'create'
          ? 'This form is still being added by an earlier click. Press Add again in a moment: it never creates a second contact.'
          : 'Another save of this contact is still in progress. Nothing was changed by this click: try again in a moment.',
    };
  }
  if (err instanceof ItflowProtocolError) {
    return {
      tone: 'attention',
      title: 'ITFlow answered something unexpected',
      text: `The server at ITFLOW_URL did not answer like ITFlow's API.${nothingChanged} An administrator should check the URL and the ITFlow version.`,
    };
  }
  return {
    tone: 'attention',
    title: 'Something went wrong',
    text: `The bot hit an unexpected problem.${nothingChanged} Please try again; if it keeps happening, tell your administrator.`,
  };
}

export const MESSAGES = {
  notFound: (id: number): UserMessage => ({
    tone: 'warning',
    title: 'Contact not found',
    text: `There is no contact #${id} in ITFlow that you can see. It may have been deleted.`,
  }),
  readOnly: (): UserMessage => ({
    tone: 'warning',
    title: 'Not allowed',
    text: 'You can look contacts up, but editing and adding contacts is not enabled for you. Ask your administrator.',
  }),
  badAction: (): UserMessage => ({
    tone: 'attention',
    title: 'That button did not work',
    text: 'The card sent something the bot does not understand, perhaps from an older version of the bot. Start again with "find" or "help".',
  }),
  staleForm: (): UserMessage => ({
    tone: 'warning',
    title: 'This form is out of date',
    text: 'The form came from an older version of the bot or was damaged, so it cannot be saved safely. Open the contact again to edit it.',
  }),
  addCancelled: (): UserMessage => ({
    tone: 'info',
    title: 'Nothing was added',
    text: 'The new contact was cancelled; nothing was sent to ITFlow.',
  }),
  tenantRefused: (): UserMessage => ({
    tone: 'attention',
    title: 'Not available',
    text: 'This bot is not available to your organisation.',
  }),
} as const;

/** What a search that found no (visible) match says besides "No contacts match". */
export const SEARCH_MESSAGES = {
  archivedMatches: (count: number): string =>
    `${count.toLocaleString('en-US')} archived contact${count === 1 ? ' matches' : 's match'}: archived contacts are hidden unless you ask for them.`,
  showArchived: 'Show',
} as const;

/** The banner of an add form whose `at <client>` named no client the bot may show. */
export const ADD_FORM_BANNERS = {
  sameName: (name: string, client: string): Banner => ({
    tone: 'warning',
    text: `${client || 'This client'} already has a contact called “${name.slice(0, 100)}”. View the existing contact, or choose "Add anyway" to add a second one.`,
  }),
  unknownClient: (typed: string, offered: boolean): Banner => ({
    tone: 'warning',
    text: `No client is called “${typed.slice(0, 100)}”. ${offered ? 'Did you mean one of these? Tap one to choose it, or' : 'Please'} pick the client in the Client field.`,
  }),
} as const;

/** Said when ITFlow confirmed a write but the contact could not be read back: it is done, shown as sent. */
const NOT_YET_REREAD = 'Not yet re-read from ITFlow: this card shows what was sent.';

/** The banners over a contact card after a save or an add. */
export const WRITE_BANNERS = {
  saved: (by: string, fieldLabels: readonly string[], readBack: ReadBack): Banner => ({
    tone: 'good',
    text: `Saved by ${by}: ${fieldLabels.join(', ')}.${readBack === 'failed' ? ` ${NOT_YET_REREAD}` : ''}`,
  }),
  added: (by: string, readBack: ReadBack): Banner => ({
    tone: 'good',
    text: `Added to ITFlow by ${by}.${readBack === 'failed' ? ` ${NOT_YET_REREAD}` : ''}`,
  }),
  unchanged: (): Banner => ({ tone: 'info', text: 'No changes to save: ITFlow already has these values.' }),
} as const;

/** Said when ITFlow is slower than Teams waits for a card action: the work goes on in the background. */
export const STILL_WORKING = {
  banner: (button: 'save' | 'add'): Banner => ({
    tone: 'warning',
    text: `ITFlow is slow to answer, so the bot is still working on it. ${
      button === 'save'
        ? 'Press Save again in a moment to see the result: it never writes twice.'
        : 'Press Add again in a moment to see the result: this form never creates a second contact.'
    }`,
  }),
  message: (): UserMessage => ({ tone: 'warning', title: 'ITFlow is slow to answer', text: 'The bot is still waiting for ITFlow. Try again in a moment.' }),
} as const;

/** What a find says about answers that may be incomplete while the directory loads. */
export const FIND_MESSAGES = {
  exactLookupTimedOut: (loaded: number): UserMessage => ({
    tone: 'warning',
    title: 'ITFlow is slow to answer',
    text: `ITFlow did not answer the lookup within 2 seconds and the contact directory is still loading (${loaded.toLocaleString('en-US')} contacts so far). Try again in a moment.`,
  }),
  exactLookupTimedOutNote: (): string => 'ITFlow did not answer the exact lookup in time: these matches come from the directory, which is still loading.',
  stillLoadingNote: (loaded: number): string =>
    `The contact directory is still loading (${loaded.toLocaleString('en-US')} contacts so far): some name matches may be missing.`,
  severalToEdit: (): string => 'Several contacts match: open the one you mean, then choose Edit.',
  helpIntro: (understood: boolean): string => (understood ? 'Here is what I can do:' : "Sorry, I didn't understand that. Here is what I can do:"),
} as const;

/** The add form's answer when the client already has a contact with this email. */
export function duplicateEmailError(existingName: string, clientName: string): string {
  return `${existingName || 'A contact'} at ${clientName || 'this client'} already has this email.`;
}
