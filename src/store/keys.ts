/**
 * Every name the bot uses in its store, in one place, so what the store holds can be read off here (and the
 * README's table kept true). The Redis store prefixes each with REDIS_KEY_PREFIX and its kind (`lock:`,
 * `claim:`, `mark:`, `hash:`, `channel:`).
 */
export const STORE_KEYS = {
  /** Lock: one write at a time per contact, across instances. */
  contactLock: (contactId: number): string => `contact:${contactId}`,
  /** Once-only claim: an add form's create, and then its recorded outcome. */
  createForm: (formId: string): string => `create:${formId}`,
  /** Hash, form id → time: creates sent to ITFlow whose outcome is not settled yet (checked by email before a retry). */
  createsInFlight: 'creates-in-flight',
  /** Once-marker: the welcome card was sent to this conversation. */
  welcome: (conversationId: string): string => `welcome:${conversationId}`,
  /** Hash, user's Entra id → their ITFlow key sealed with TOKEN_ENCRYPTION_KEY and what it may reach (src/identity). */
  personalKeys: 'identity:personal-keys',
  /** Hash: the key-check record that tells a wrong TOKEN_ENCRYPTION_KEY at start (src/identity/key-vault.ts). */
  identityVault: 'identity:vault',
  /** Channel: contacts one instance created or updated, for the other instances' directories. */
  contactChanges: 'contacts',
} as const;
