import { createHash } from 'node:crypto';
import { versionOf } from '../contacts/contact';
import type { Contact } from '../itflow/types';

/** The bot's own most recent save of a contact: who, when, and a fingerprint of the row it left behind. */
interface SaveRecord {
  by: string;
  at: Date;
  row: string;
}

/** contact_updated_at has second resolution, so the whole row (values and timestamp) identifies a save's result. */
function fingerprint(contact: Contact): string {
  return createHash('sha256').update(versionOf(contact)).digest('base64url');
}

/**
 * Remembers the bot's own saves (in memory, per process, the newest few thousand), so a conflict card can name
 * the Teams user behind a change instead of "someone": ITFlow records when a contact changed, not who changed it.
 */
export class RecentSaves {
  private readonly saves = new Map<number, SaveRecord>();

  constructor(private readonly capacity = 5000) {}

  record(contact: Contact, by: string, at: Date = new Date()): void {
    this.saves.delete(contact.id);
    this.saves.set(contact.id, { by, at, row: fingerprint(contact) });
    if (this.saves.size > this.capacity) {
      const oldest = this.saves.keys().next().value;
      if (oldest !== undefined) this.saves.delete(oldest);
    }
  }

  /**
   * Who changed the contact as it is now, in words. The bot's save explains the current row only when the row is
   * still exactly what that save left; otherwise the change was made in ITFlow.
   */
  describe(current: Contact, reader: string): string {
    const mine = this.saves.get(current.id);
    if (mine !== undefined && mine.row === fingerprint(current)) {
      const who = mine.by === reader ? 'You' : mine.by;
      return `${who} changed it through Teams at ${utcMinute(mine.at)}${mine.by === reader ? ', in another card' : ''}.`;
    }
    const when = current.updatedAt?.trim();
    return when ? `It was changed in ITFlow at ${when} (ITFlow server time).` : 'It was changed in ITFlow.';
  }
}

function utcMinute(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
