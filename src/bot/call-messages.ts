import type { UserMessage } from './message-types';

/** The words of caller ID and Verify PIN (the rest of the bot's words are in user-messages.ts). */
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
