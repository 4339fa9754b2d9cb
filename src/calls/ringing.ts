/**
 * Ringing → the Incoming call card in the right technician's personal chat. Teams is reached only through the
 * CallNotifier port (src/bot implements it with stored conversation references); this module knows no botbuilder.
 */
import type { AdaptiveCardJson } from '../cards/render';
import type { Store } from '../store';
import type { Logger } from '../logger';
import type { CallerLookup, CallerMatch } from './caller-lookup';
import { withinTimeLimit } from '../time-limit';

/** Who should see the card: what the PBX told us, resolved as far as the calls module can. */
export interface TechnicianRef {
  aadObjectId?: string;
  /** Teams UPN or agent email, lower-cased. */
  email?: string;
}

export type NotifyOutcome = 'sent' | 'unknown-technician';

/** The way to a technician's personal chat (implemented in src/bot). */
export interface CallNotifier {
  notify(technician: TechnicianRef, card: AdaptiveCardJson): Promise<NotifyOutcome>;
}

export type RingOutcome = NotifyOutcome | 'duplicate' | 'internal-call' | 'no-technician' | 'timed-out' | 'failed';

export interface RingEvent {
  number: string;
  callId: string;
  extension?: string | undefined;
  agentEmail?: string | undefined;
  teamsUserId?: string | undefined;
}

/** Store hash: extension → technician (JSON TechnicianRef), written by `my extension is 201`. */
export const EXTENSIONS_HASH = 'calls:extensions';
/** Repeated ringing events for one call and technician within this time post one card. */
const ONCE_PER_CALL_MS = 6 * 60 * 60 * 1000;
/** The PBX gets its answer within this, even when Teams is slow; the card may still arrive afterwards. */
const NOTIFY_DEADLINE_MS = 3000;

export interface RingingDeps {
  lookup: CallerLookup;
  store: Store;
  notifier: CallNotifier;
  /** Builds the Incoming call card for a match (tickets and links filled in by the caller of this module). */
  card: (match: CallerMatch, rawNumber: string) => Promise<AdaptiveCardJson>;
  /** CALLS_EXTENSIONS: extension → technician email. */
  extensionEmails: ReadonlyMap<string, string>;
  /**
   * The clients this technician may see (ITFLOW_IDENTITY: their own key's), or null for no limit beyond the bot's.
   * Absent: no personal identities.
   */
  visibleClients?: (technician: TechnicianRef) => Promise<ReadonlySet<number> | null>;
  logger: Logger;
}

export class RingingService {
  constructor(private readonly deps: RingingDeps) {}

  async ring(event: RingEvent): Promise<RingOutcome> {
    const match = this.deps.lookup.lookup(event.number);
    if (match.number.kind !== 'external') return 'internal-call';
    const technician = await this.technicianFor(event);
    if (technician === null) return 'no-technician';
    const who = technician.aadObjectId !== undefined ? `aad:${technician.aadObjectId}` : `upn:${technician.email ?? ''}`;
    if (!(await this.deps.store.markOnce(`calls:ring:${event.callId}:${who}`, ONCE_PER_CALL_MS))) return 'duplicate';
    const started = Date.now();
    const seen = await this.forTechnician(match, technician);
    const delivery = this.deps
      .card(seen, event.number)
      .then((card) => this.deps.notifier.notify(technician, card))
      .catch((err: unknown): RingOutcome => {
        this.deps.logger.warn('incoming call card failed', { callId: event.callId, error: err });
        return 'failed';
      });
    const answer = await withinTimeLimit(delivery, NOTIFY_DEADLINE_MS);
    const outcome = answer.inTime ? answer.value : 'timed-out';
    this.deps.logger.info('incoming call', { callId: event.callId, outcome, candidates: match.contacts.length, ms: Date.now() - started });
    return outcome;
  }

  /** Only callers of clients the technician may see; anyone else reads as an unknown number to them. */
  private async forTechnician(match: CallerMatch, technician: TechnicianRef): Promise<CallerMatch> {
    const visible = this.deps.visibleClients === undefined ? null : await this.deps.visibleClients(technician);
    if (visible === null) return match;
    const contacts = match.contacts.filter((c) => visible.has(c.clientId));
    return { ...match, contacts, sharedLine: match.sharedLine && contacts.length > 1 };
  }

  /** teamsUserId, then agent email, then the extension (the technician's own setting, then the admin mapping). */
  private async technicianFor(event: RingEvent): Promise<TechnicianRef | null> {
    if (event.teamsUserId !== undefined && event.teamsUserId !== '') return { aadObjectId: event.teamsUserId };
    if (event.agentEmail !== undefined && event.agentEmail !== '') return { email: event.agentEmail.toLowerCase() };
    if (event.extension === undefined || event.extension === '') return null;
    const stored = await this.deps.store.hashGet(EXTENSIONS_HASH, event.extension);
    const parsed = stored === undefined ? null : parseTechnician(stored);
    if (parsed !== null) return parsed;
    const email = this.deps.extensionEmails.get(event.extension);
    return email === undefined ? null : { email };
  }
}

export function parseTechnician(json: string): TechnicianRef | null {
  try {
    const value = JSON.parse(json) as unknown;
    if (value === null || typeof value !== 'object') return null;
    const { aadObjectId, email } = value as Record<string, unknown>;
    const ref: TechnicianRef = {
      ...(typeof aadObjectId === 'string' && aadObjectId !== '' && { aadObjectId }),
      ...(typeof email === 'string' && email !== '' && { email }),
    };
    return ref.aadObjectId !== undefined || ref.email !== undefined ? ref : null;
  } catch {
    return null;
  }
}
