import { actingFor, type IdentityPolicy, type PersonalIdentity, type PersonalLookup, personalClientFilter } from '../../src/identity';
import type { KeyedItflow } from '../../src/identity';

/** The three policies × what is stored for a user. */
describe('actingFor', () => {
  const identity: PersonalIdentity = { keyId: 'k1', itflow: {} as KeyedItflow, clientIds: new Set([1]), canWrite: false };
  const lookups: Record<string, PersonalLookup> = {
    connected: { state: 'connected', identity },
    none: { state: 'none' },
    refused: { state: 'refused' },
  };
  const table: [IdentityPolicy, string, string][] = [
    ['shared', 'connected', 'shared'],
    ['shared', 'none', 'shared'],
    ['shared', 'refused', 'shared'],
    ['personal-preferred', 'connected', 'personal'],
    ['personal-preferred', 'none', 'shared'],
    ['personal-preferred', 'refused', 'connect-first:refused'],
    ['personal-required', 'connected', 'personal'],
    ['personal-required', 'none', 'connect-first:not-connected'],
    ['personal-required', 'refused', 'connect-first:refused'],
  ];
  it.each(table)('%s with a %s user → %s', (policy, stored, expected) => {
    const acting = actingFor(policy, lookups[stored]!);
    expect(acting.kind === 'connect-first' ? `connect-first:${acting.because}` : acting.kind).toBe(expected);
    expect(personalClientFilter(acting)).toBe(acting.kind === 'personal' ? identity.clientIds : null);
  });
});
