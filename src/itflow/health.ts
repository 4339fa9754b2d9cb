import { ItflowError, ItflowRejectedError } from './errors';

/**
 * Whether ITFlow answers like ITFlow right now, as the last exchange showed: for /healthz and operators. A
 * "False" answer (not found, duplicate, nothing changed) is a healthy server saying no; a network failure, a
 * 5xx, a rejected key or a body that is not the API is not.
 */
export interface ItflowHealth {
  state: 'unknown' | 'up' | 'down';
  /** ISO times of the last exchange that went well or badly; null until there was one. */
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  /** The last failure's kind and message (never a URL or the key), kept after recovery for operators. */
  lastError: string | null;
  /** Failed exchanges since the last good one. */
  consecutiveFailures: number;
}

export class ItflowHealthTracker {
  private health: ItflowHealth = { state: 'unknown', lastSuccessAt: null, lastFailureAt: null, lastError: null, consecutiveFailures: 0 };
  private readonly recoveryListeners: Array<() => void> = [];

  constructor(private readonly now: () => Date = () => new Date()) {}

  succeeded(): void {
    const wasDown = this.health.state === 'down';
    this.health = { ...this.health, state: 'up', lastSuccessAt: this.now().toISOString(), consecutiveFailures: 0 };
    if (wasDown) for (const listener of this.recoveryListeners) listener();
  }

  failed(error: unknown): void {
    if (error instanceof ItflowRejectedError) return this.succeeded();
    const lastError = error instanceof ItflowError ? `${error.name}: ${error.message}` : 'unexpected failure';
    this.health = {
      ...this.health,
      state: 'down',
      lastFailureAt: this.now().toISOString(),
      lastError,
      consecutiveFailures: this.health.consecutiveFailures + 1,
    };
  }

  /** Called once each time ITFlow answers well again after failing. */
  onRecovered(listener: () => void): void {
    this.recoveryListeners.push(listener);
  }

  current(): ItflowHealth {
    return { ...this.health };
  }
}
