import type { MessageHandler } from './store';

/**
 * Pub/sub for the embedded store: one bus per database file in this process, so every store object opened on
 * the same file hears the others (as Redis clients of one server do). It cannot reach another process: SQLite
 * has no notifications, and the embedded store is meant for one instance.
 */
export class InProcessBus {
  private readonly channels = new Map<string, Set<MessageHandler>>();

  add(channel: string, handler: MessageHandler): void {
    const handlers = this.channels.get(channel) ?? new Set<MessageHandler>();
    handlers.add(handler);
    this.channels.set(channel, handlers);
  }

  remove(channel: string, handler: MessageHandler): void {
    const handlers = this.channels.get(channel);
    if (handlers === undefined) return;
    handlers.delete(handler);
    if (handlers.size === 0) this.channels.delete(channel);
  }

  /** Delivered on a later turn of the event loop, like a message arriving from Redis. */
  publish(channel: string, message: string): void {
    const handlers = this.channels.get(channel);
    if (handlers === undefined) return;
    for (const handler of [...handlers]) setImmediate(() => handler(message));
  }
}

const busesByFile = new Map<string, InProcessBus>();

/** The bus shared by every store on `file` (an absolute path); a private one for an in-memory database. */
export function busFor(file: string | null): InProcessBus {
  if (file === null) return new InProcessBus();
  const existing = busesByFile.get(file);
  if (existing !== undefined) return existing;
  const bus = new InProcessBus();
  busesByFile.set(file, bus);
  return bus;
}
