import { TeamsInfo, type TurnContext } from 'botbuilder';
import { BoundedMap } from '../bounded-map';
import type { Logger } from '../logger';
import type { TeamsUser } from './access';

/**
 * Teams activities name the sender by channel id and Entra object id only; the user principal name (which
 * EDITOR_IDS may list) has to be asked of the Bot Connector (TeamsInfo.getMember). Answers are remembered for a
 * while per user; a failed lookup counts as "unknown" (so the user is not an editor) and is retried after
 * FAILED_LOOKUP_TTL_MS, so a broken lookup does not cost a connector call on every message.
 */
const FAILED_LOOKUP_TTL_MS = 30_000;

export class UpnLookup {
  private readonly known: BoundedMap<string, { upn: string | null; until: number }>;

  constructor(
    private readonly logger: Logger,
    private readonly options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
  ) {
    this.known = new BoundedMap(options.maxEntries ?? 10_000);
  }

  async resolve(context: TurnContext, user: TeamsUser): Promise<string | null> {
    const now = (this.options.now ?? Date.now)();
    const key = user.aadObjectId ?? user.id;
    const cached = this.known.get(key);
    if (cached !== undefined && cached.until > now) return cached.upn;
    try {
      const member = await TeamsInfo.getMember(context, user.id);
      const upn = typeof member.userPrincipalName === 'string' && member.userPrincipalName.trim() !== '' ? member.userPrincipalName.trim() : null;
      this.remember(key, upn, now);
      return upn;
    } catch (err) {
      this.logger.warn('could not look up the user principal name; treating the user as not an editor', { userId: user.id, error: err });
      this.remember(key, null, now, FAILED_LOOKUP_TTL_MS);
      return null;
    }
  }

  private remember(key: string, upn: string | null, now: number, ttlMs = this.options.ttlMs ?? 10 * 60_000): void {
    this.known.set(key, { upn, until: now + ttlMs });
  }
}
