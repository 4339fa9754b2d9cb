import type { Contact } from '../itflow/types';
import type { CardContext } from './types';

/** Notes longer than this show as a preview: they hold gate codes and account numbers, and cards get long. */
export const NOTES_PREVIEW_CHARS = 200;
/** Even in a personal chat the card carries at most this much; the rest is in ITFlow. */
export const NOTES_FULL_CHARS = 4000;

export interface NotesVm {
  /** '' hides the notes row. */
  preview: string;
  /** The full notes behind "Show more" (personal chats only); '' when the preview is all there is to show. */
  full: string;
  /** Why the rest is not here (channels and group chats): where to read it instead. */
  hint: string;
}

/**
 * In a personal chat a long note is a preview plus the full text behind "Show more" (Action.ToggleVisibility:
 * the card is only the reader's). In a channel or group chat everyone sees the card, so only the preview is
 * posted, with where to read the rest: a personal chat with the bot or ITFlow itself.
 */
export function notesVm(contact: Contact, ctx: CardContext): NotesVm {
  const notes = contact.notes.trim();
  if (notes.length <= NOTES_PREVIEW_CHARS) return { preview: notes, full: '', hint: '' };
  const preview = `${cutAtWord(notes, NOTES_PREVIEW_CHARS)}…`;
  if (ctx.conversation !== 'personal') {
    return { preview, full: '', hint: `The full notes are not posted here. Type “show contact ${contact.id}” in a personal chat with the bot, or open the contact in ITFlow.` };
  }
  const full = notes.length <= NOTES_FULL_CHARS ? notes : `${cutAtWord(notes, NOTES_FULL_CHARS)}… (the rest is in ITFlow)`;
  return { preview, full, hint: '' };
}

function cutAtWord(text: string, max: number): string {
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.7 ? cut.slice(0, space) : cut).trimEnd();
}
