export { KeyVault, SealedRecordError, WrongEncryptionKeyError } from './key-vault';
export {
  type ConnectOutcome,
  type KeyStatus,
  type PersonalIdentity,
  type PersonalLookup,
  PersonalKeys,
} from './personal-keys';
export { type ItflowForKey, type KeyedItflow, PersonalItflow, PersonalKeyError } from './personal-itflow';
export { type Acting, actingFor, Identities, type IdentitiesOptions, type IdentityPolicy, personalClientFilter } from './policy';
