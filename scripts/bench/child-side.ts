import { parentMessageSchema, type ChildMessage } from './protocol';

/**
 * The child's half of the protocol: start, report, answer memory questions, stop when told (or when the
 * benchmark goes away).
 */
export interface Started {
  /** What the benchmark hears once the child is ready. */
  ready: ChildMessage;
  /** Reloads the bot's directory and reports its cost (our bot only). */
  refresh?: () => Promise<ChildMessage>;
  close(): Promise<void>;
}

export function runChild(start: () => Promise<Started>): void {
  const send = (message: ChildMessage): void => {
    process.send?.(message);
  };
  void (async () => {
    let started: Started;
    try {
      started = await start();
    } catch (err) {
      send({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
      process.exit(1);
    }
    const stop = async (): Promise<void> => {
      await started.close().catch(() => undefined);
      process.exit(0);
    };
    process.on('message', (raw: unknown) => {
      const message = parentMessageSchema.safeParse(raw);
      if (!message.success) return;
      if (message.data.type === 'memory') {
        const { rss, heapUsed } = process.memoryUsage();
        const { user, system } = process.cpuUsage();
        send({ type: 'memory', rss, heapUsed, cpuMs: (user + system) / 1000 });
      } else if (message.data.type === 'refresh') {
        const refresh = started.refresh ?? (async (): Promise<ChildMessage> => ({ type: 'failed', error: 'this child has no directory' }));
        refresh().then(send, (err: unknown) => send({ type: 'failed', error: err instanceof Error ? err.message : String(err) }));
      } else {
        void stop();
      }
    });
    process.on('disconnect', () => void stop());
    send(started.ready);
  })();
}
