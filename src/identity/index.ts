export { KeyVault, SealedRecordError, WrongEncryptionKeyError } from './key-vault';
export {
  type ConnectOutcome,
  type ItflowForKey,
  type KeyedItflow,
  type KeyStatus,
  type PersonalIdentity,
  type PersonalLookup,
  PersonalKeys,
} from './personal-keys';
export { type Acting, actingFor, Identities, type IdentitiesOptions, type IdentityPolicy, personalClientFilter } from './policy';
