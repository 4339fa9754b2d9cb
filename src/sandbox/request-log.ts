/**
 * What the sandbox was asked, and with whose key: lets a test check that a write went to ITFlow with the
 * pressing technician's key. A key is named by its user's name (never its secret); `null` when the request
 * carried no key or one the sandbox does not know (revoked). Bounded: only the newest entries are kept.
 */

export interface LoggedRequest {
  method: string;
  path: string;
  /** The key's name (its user), or null. */
  keyName: string | null;
  status: number;
}

const DEFAULT_CAPACITY = 1000;

export class RequestLog {
  private readonly items: LoggedRequest[] = [];

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  record(entry: LoggedRequest): void {
    this.items.push(entry);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }

  /** Oldest first. */
  entries(): readonly LoggedRequest[] {
    return [...this.items];
  }

  clear(): void {
    this.items.length = 0;
  }
}
