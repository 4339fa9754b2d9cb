import type { Logger } from '../logger';
import type { Store } from '../store';
import { KeyVault } from './key-vault';
import type { ItflowForKey } from './personal-itflow';
import { type PersonalIdentity, type PersonalLookup, PersonalKeys } from './personal-keys';

/**
 * ITFLOW_IDENTITY: whose key the bot acts with for a user.
 * - `shared` (default): the bot's one key for everyone, as before; `connect` is not offered.
 * - `personal-preferred`: a connected technician's own key and clients; anyone else, the shared key.
 * - `personal-required`: nothing but a prompt to connect until the technician has connected.
 * Under both personal policies a key ITFlow refused is not silently replaced by the shared one: the technician
 * is asked to connect again (or, under personal-preferred, to disconnect to use the shared key).
 */

export type IdentityPolicy = 'shared' | 'personal-preferred' | 'personal-required';

export type Acting =
  | { kind: 'shared' }
  | { kind: 'personal'; identity: PersonalIdentity }
  | { kind: 'connect-first'; because: 'not-connected' | 'refused' };

/** The pure rule: a policy and what is stored for the user → how the bot acts for them. */
export function actingFor(policy: IdentityPolicy, lookup: PersonalLookup): Acting {
  if (policy === 'shared') return { kind: 'shared' };
  switch (lookup.state) {
    case 'connected':
      return { kind: 'personal', identity: lookup.identity };
    case 'refused':
      return { kind: 'connect-first', because: 'refused' };
    case 'none':
      return policy === 'personal-required' ? { kind: 'connect-first', because: 'not-connected' } : { kind: 'shared' };
  }
}

/** The clients a user may see beyond the bot's own scope: theirs when acting personally, else no further limit. */
export function personalClientFilter(acting: Acting): ReadonlySet<number> | null {
  return acting.kind === 'personal' ? acting.identity.clientIds : null;
}

export interface IdentitiesOptions {
  policy: IdentityPolicy;
  /** Required unless the policy is shared (config.ts enforces it). */
  encryptionKey: Buffer | undefined;
  store: Store;
  itflowForKey: ItflowForKey;
  logger: Logger;
  refreshMs?: number;
}

/** The policy with the stored keys behind it: one object the bot asks "how do I act for this user?". */
export class Identities {
  private constructor(
    readonly policy: IdentityPolicy,
    /** Null under the shared policy: no key is stored or used. */
    readonly keys: PersonalKeys | null,
  ) {}

  /** Opens the vault (a wrong TOKEN_ENCRYPTION_KEY throws WrongEncryptionKeyError here, at start). */
  static async open(options: IdentitiesOptions): Promise<Identities> {
    if (options.policy === 'shared') return new Identities('shared', null);
    if (options.encryptionKey === undefined) throw new Error(`TOKEN_ENCRYPTION_KEY is required when ITFLOW_IDENTITY is ${options.policy}`);
    const vault = await KeyVault.open(options.store, options.encryptionKey);
    const keys = new PersonalKeys({
      store: options.store,
      vault,
      itflowForKey: options.itflowForKey,
      logger: options.logger.child({ component: 'identity' }),
      ...(options.refreshMs !== undefined && { refreshMs: options.refreshMs }),
    });
    return new Identities(options.policy, keys);
  }

  /** How the bot acts for this user now; a user without an Entra id is never connected. */
  async actingFor(userId: string | undefined): Promise<Acting> {
    if (this.keys === null) return { kind: 'shared' };
    const lookup: PersonalLookup = userId === undefined || userId === '' ? { state: 'none' } : await this.keys.lookup(userId);
    return actingFor(this.policy, lookup);
  }
}
