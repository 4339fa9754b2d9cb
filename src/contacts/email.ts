/**
 * What the bot takes for an email address, in one place for the forms, the search, the chat commands, the
 * signatures and the Email button: a local part and a domain with a dot, neither holding whitespace, a second @,
 * brackets, quotes or list separators, and a domain that does not end in a dot (so the full stop after
 * "write to sally@acme.example." is not part of the address).
 */
const PART = String.raw`[^\s@<>()[\],;:"]+`;
const LAST_LABEL = String.raw`[^\s@<>()[\],;:".]+`;

/** A whole text that is one address. */
export const EMAIL_ADDRESS = new RegExp(`^${PART}@${PART}\\.${LAST_LABEL}$`);

/*
 * Inside running text (chat, signatures) an apostrophe or a bar around an address is punctuation ('sally@acme.example',
 * "E: sally@acme.example | T: …"), so neither is part of an address found there.
 */
const TEXT_PART = String.raw`[^\s@<>()[\],;:"'|]+`;
const TEXT_LAST_LABEL = String.raw`[^\s@<>()[\],;:"'|.]+`;
const EMAIL_IN_TEXT = new RegExp(`(?:mailto:)?(${TEXT_PART}@${TEXT_PART}\\.${TEXT_LAST_LABEL})`, 'i');

export function isEmailAddress(text: string): boolean {
  return EMAIL_ADDRESS.test(text);
}

/** The first address in a text, without a mailto: in front; undefined when there is none. */
export function emailIn(text: string): string | undefined {
  return EMAIL_IN_TEXT.exec(text)?.[1];
}
