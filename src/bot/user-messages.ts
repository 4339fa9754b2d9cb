import { ItflowAuthError, ItflowProtocolError, ItflowRejectedError, ItflowUnavailableError } from '../itflow/errors';
import type { Banner, Tone } from '../cards/views';
import type { ReadBack } from '../contacts/contact-update';
import { PersonalKeyError } from '../identity';
import { StillPendingError, StoreUnavailableError } from '../store';

/** The one place where failures become words a technician reads. No secrets, no stack traces, no raw URLs. */
export interface UserMessage {
  tone: Tone;
  title: string;
  text: string;
}

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
/** Caller ID: the extension a technician's Incoming call cards follow. */
export const CALL_MESSAGES = {
  extensionSaved: (extension: string): UserMessage => ({
    tone: 'good',
    title: `Your extension is ${extension}`,
    text: `Calls ringing extension ${extension} will show the caller here. Say "my extension" to check it.`,
  }),
  extensionShown: (extensions: readonly string[]): UserMessage =>
    extensions.length === 0
      ? { tone: 'info', title: 'No extension set', text: 'Say "my extension is 201" (your own number) to see who is calling here.' }
      : { tone: 'info', title: `Your extension: ${extensions.join(', ')}`, text: 'Incoming calls to it show the caller in this chat.' },
  extensionPersonalOnly: (): UserMessage => ({
    tone: 'info',
    title: 'Set your extension in a personal chat',
    text: 'Incoming call cards go to your personal chat with the bot: say "my extension is 201" there.',
  }),
} as const;

/** Verify PIN (src/bot/verbs/verify-pin.ts). None of these ever carries what was typed. */
export const PIN_MESSAGES = {
  match: (name: string): UserMessage => ({ tone: 'good', title: '✓ PIN matches', text: `The caller gave ${name}'s PIN.` }),
  mismatch: (name: string): UserMessage => ({
    tone: 'attention',
    title: '✗ PIN does not match',
    text: `What you typed is not ${name}'s PIN. Ask again, or verify the caller another way.`,
  }),
  noPin: (name: string): UserMessage => ({ tone: 'info', title: 'No PIN on file', text: `${name} has no PIN in ITFlow: verify the caller another way.` }),
  limited: (name: string, max: number, minutes: number): UserMessage => ({
    tone: 'warning',
    title: 'Too many PIN attempts',
    text: `${max} PIN checks for ${name} in the last ${minutes} minutes. Try again later, or verify the caller another way.`,
  }),
  empty: (): UserMessage => ({ tone: 'warning', title: 'No PIN typed', text: 'Type the PIN the caller gives, then press Check.' }),
  openedPrivately: (): UserMessage => ({ tone: 'info', title: 'Verify PIN', text: 'Verify PIN opened in your personal chat with the bot, so only you see it.' }),
  needPersonalChat: (): UserMessage => ({
    tone: 'info',
    title: 'Verify PIN opens in your personal chat',
    text: 'So that only you see it, Verify PIN opens in your personal chat with the bot. Send the bot a message there once (say "help"), then press Verify PIN again.',
  }),
  personalOnly: (): UserMessage => ({
    tone: 'info',
    title: 'PINs are checked in your personal chat',
    text: 'Nothing was checked here. Press Verify PIN on the contact: it opens in your personal chat with the bot.',
  }),
  unavailable: (): UserMessage => ({
    tone: 'warning',
    title: 'PIN checks are unavailable right now',
    text: 'The bot cannot count PIN attempts at the moment, so it does not check PINs. Try again in a moment, or verify the caller another way.',
  }),
  notConfigured: (): UserMessage => ({ tone: 'info', title: 'Verify PIN is not available', text: 'This bot is not set up to check PINs.' }),
} as const;

/** Personal ITFlow keys (ITFLOW_IDENTITY, src/identity). */
export const IDENTITY_MESSAGES = {
  connectPersonalOnly: (): UserMessage => ({
    tone: 'info',
    title: 'Connect in a personal chat',
    text: 'Your ITFlow API key is private: open a personal chat with the bot and say "connect" there.',
  }),
  connectNotOffered: (): UserMessage => ({
    tone: 'info',
    title: 'Everyone uses the shared ITFlow key',
    text: 'This bot acts in ITFlow with one shared key (ITFLOW_IDENTITY=shared), so there is nothing to connect.',
  }),
  connectFirst: (): UserMessage => ({
    tone: 'warning',
    title: 'Connect your ITFlow key first',
    text: 'This bot acts in ITFlow as you, with your own API key. In a personal chat with the bot, say "connect" and paste the key your ITFlow administrator made for your user.',
  }),
  keyRefused: (): UserMessage => ({
    tone: 'attention',
    title: 'Your ITFlow key was refused',
    text: 'ITFlow no longer accepts your API key (revoked or expired). Connect again: say "connect" in a personal chat with the bot.',
  }),
  connected: (clientCount: number, canWrite: boolean): UserMessage => ({
    tone: 'good',
    title: 'Connected to ITFlow as you',
    text: `Your key can read ${clientCount === 1 ? '1 client' : `${clientCount} clients`} and ${canWrite ? 'create and update contacts' : 'not create or update contacts (read only)'}. The bot now shows you only those clients and writes with your key.`,
  }),
  connectMalformed: (): UserMessage => ({
    tone: 'attention',
    title: 'That is not an API key',
    text: 'Paste the whole key exactly as ITFlow showed it (letters and digits, no spaces). Nothing was stored.',
  }),
  connectRefused: (): UserMessage => ({
    tone: 'attention',
    title: 'ITFlow did not accept that key',
    text: 'The key is wrong, revoked or expired. Nothing was stored. Ask your ITFlow administrator for a key for your user.',
  }),
  connectUnavailable: (): UserMessage => ({
    tone: 'warning',
    title: 'ITFlow is not answering',
    text: 'The key could not be checked, so nothing was stored. Try again in a moment.',
  }),
  disconnected: (had: boolean, policy: string): UserMessage => ({
    tone: 'info',
    title: had ? 'Disconnected' : 'Nothing to disconnect',
    text: `${had ? 'Your ITFlow key is forgotten. ' : ''}${policy === 'personal-required' ? 'Say "connect" to use the bot again.' : 'The bot now uses the shared ITFlow key for you.'}`,
  }),
  whoami: (status: { kind: 'shared' } | { kind: 'personal'; clientCount: number; canWrite: boolean; checkedAt: Date } | { kind: 'none' | 'refused' }, policy: string): UserMessage => {
    switch (status.kind) {
      case 'shared':
        return { tone: 'info', title: 'You act with the shared ITFlow key', text: policy === 'shared' ? 'Everyone uses the bot\'s one ITFlow key.' : 'Say "connect" in a personal chat to act as yourself.' };
      case 'personal':
        return {
          tone: 'info',
          title: 'You act in ITFlow as yourself',
          text: `With your own API key: ${status.clientCount === 1 ? '1 client' : `${status.clientCount} clients`}, ${status.canWrite ? 'read and write' : 'read only'} (checked ${status.checkedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC). Say "disconnect" to forget the key.`,
        };
      case 'refused':
        return IDENTITY_MESSAGES.keyRefused();
      case 'none':
        return IDENTITY_MESSAGES.connectFirst();
    }
  },
  roleForbids: (doing: 'read' | 'save' | 'create'): UserMessage => ({
    tone: 'attention',
    title: 'Your ITFlow role does not allow this',
    text: `Your ITFlow role or client access does not allow ${doing === 'create' ? 'adding this contact' : doing === 'save' ? 'changing this contact' : 'reading this'}.${doing === 'read' ? '' : ' Nothing was changed.'} Ask your ITFlow administrator.`,
  }),
} as const;
