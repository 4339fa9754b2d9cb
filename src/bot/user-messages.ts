import { ItflowAuthError, ItflowError, ItflowProtocolError, ItflowRejectedError, ItflowUnavailableError } from '../itflow/errors';
import type { Banner, Tone } from '../cards/views';
import type { ReadBack } from '../contacts/contact-update';
import { StillPendingError, StoreUnavailableError } from '../store';

/** The one place where failures become words a technician reads. No secrets, no stack traces, no raw URLs. */
export interface UserMessage {
  tone: Tone;
  title: string;
  text: string;
}

export function describeFailure(err: unknown, doing: 'read' | 'save' | 'create'): UserMessage {
  const nothingChanged = doing === 'read' ? '' : ' Nothing was changed.';
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

export function isItflowFailure(err: unknown): err is ItflowError {
  return err instanceof ItflowError;
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
  tenantRefused: (): UserMessage => ({
    tone: 'attention',
    title: 'Not available',
    text: 'This bot is not available to your organisation.',
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
