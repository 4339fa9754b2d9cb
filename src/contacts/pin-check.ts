import type { ContactPinLookup } from '../itflow/contact-pin';

/** What the PIN check needs from ITFlow (ItflowClient implements it). */
export interface PinSource {
  getContactPin(contactId: number): Promise<ContactPinLookup>;
}

/** match / mismatch; noPin: the contact has none in ITFlow; notFound: missing or outside the allowed clients. */
export type PinCheckResult = 'match' | 'mismatch' | 'noPin' | 'notFound';

/**
 * Compares what a caller says with the contact's PIN, read fresh from ITFlow for this comparison only. Limited
 * to the allowed clients like every other read. The PIN stays inside ContactPin; only the verdict comes out.
 */
export class PinCheck {
  constructor(
    private readonly source: PinSource,
    private readonly isClientAllowed: (clientId: number) => boolean,
  ) {}

  async check(contactId: number, attempt: string): Promise<PinCheckResult> {
    if (!Number.isSafeInteger(contactId) || contactId < 1) return 'notFound';
    const lookup = await this.source.getContactPin(contactId);
    if (!lookup.found || !this.isClientAllowed(lookup.clientId)) return 'notFound';
    if (lookup.pin === null) return 'noPin';
    return lookup.pin.matches(attempt) ? 'match' : 'mismatch';
  }

  /** Whether the contact has a PIN at all (to say so before anyone types one). */
  async hasPin(contactId: number): Promise<boolean | null> {
    if (!Number.isSafeInteger(contactId) || contactId < 1) return null;
    const lookup = await this.source.getContactPin(contactId);
    if (!lookup.found || !this.isClientAllowed(lookup.clientId)) return null;
    return lookup.pin !== null;
  }
}
