/**
 * The verbs of every card button. The card templates in cards/*.json spell them literally (so they read well in
 * the designer); test/unit/cards.test.ts checks that every verb a card emits is one of these.
 */
export const VERBS = {
  view: 'contact.view',
  edit: 'contact.edit',
  save: 'contact.save',
  cancel: 'contact.cancel',
  add: 'contact.add',
  create: 'contact.create',
  forceSave: 'contact.forceSave',
  verifyPin: 'contact.verifyPin',
  checkPin: 'contact.checkPin',
  help: 'help',
  /** A results page at an offset ("Show more", "Back to results"). */
  resultsPage: 'results.page',
  /** A contact opened from a results row, with a way back. */
  resultsOpen: 'results.open',
  /** Cancel on the add form. */
  addCancel: 'contact.addCancel',
  // Answered by src/bot/identity-commands.ts before the action table (the pasted key must not reach it).
  connect: 'identity.connect',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];

const verbSet: ReadonlySet<string> = new Set(Object.values(VERBS));

export function isVerb(value: unknown): value is Verb {
  return typeof value === 'string' && verbSet.has(value);
}
