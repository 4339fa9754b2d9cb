import type { Store } from '../../store';
import type { PinAttemptBudget } from './pin-ports';

/**
 * At most `max` PIN checks per contact within any `windowMinutes`, counted in the store so every instance
 * shares the budget. Each check takes one of `max` once-markers that expire a window after they were taken:
 * a free slot means fewer than `max` checks in the last window. Slot markers name only the contact id.
 */
export class PinAttempts implements PinAttemptBudget {
  constructor(
    private readonly store: Pick<Store, 'markOnce'>,
    readonly max = 5,
    readonly windowMinutes = 15,
  ) {}

  async take(contactId: number): Promise<boolean> {
    for (let slot = 0; slot < this.max; slot++) {
      if (await this.store.markOnce(`pin-attempt:${contactId}:${slot}`, this.windowMinutes * 60_000)) return true;
    }
    return false;
  }
}
