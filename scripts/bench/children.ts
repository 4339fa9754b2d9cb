import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { childMessageSchema, type ChildMessage, type ParentMessage } from './protocol';

/** The benchmark's half of the protocol: forks a child script and talks to it. */

const GUARD = path.resolve(__dirname, '../../../scripts/loopback-guard.cjs');
const START_TIMEOUT_MS = 300_000;

export class BenchChild {
  private readonly inbox: ChildMessage[] = [];
  private readonly waiters: Array<(message: ChildMessage) => void> = [];
  private exited = false;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (raw: unknown) => {
      const parsed = childMessageSchema.safeParse(raw);
      if (!parsed.success) return;
      const waiter = this.waiters.shift();
      if (waiter) waiter(parsed.data);
      else this.inbox.push(parsed.data);
    });
    child.on('exit', () => {
      this.exited = true;
      for (const waiter of this.waiters.splice(0)) waiter({ type: 'failed', error: 'child exited' });
    });
  }

  /** Forks dist/scripts/bench/<script>.js with the loopback guard, the given extra environment and Node flags. */
  static fork(script: string, env: Record<string, string>, nodeFlags: string[] = []): BenchChild {
    const child = fork(path.join(__dirname, `${script}.js`), [], {
      env: { ...process.env, ...env },
      // restify reads process.binding('http_parser'): one deprecation warning per child says nothing useful here.
      execArgv: ['--require', GUARD, '--no-deprecation', ...nodeFlags],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new BenchChild(child);
  }

  /** The child's first message; throws if it failed to start. */
  async ready<T extends ChildMessage['type']>(type: T): Promise<Extract<ChildMessage, { type: T }>> {
    const message = await this.next(START_TIMEOUT_MS);
    if (message.type === 'failed') throw new Error(`child failed to start: ${message.error}`);
    if (message.type !== type) throw new Error(`child said ${message.type}, expected ${type}`);
    return message as Extract<ChildMessage, { type: T }>;
  }

  async memory(): Promise<{ rss: number; heapUsed: number; cpuMs: number }> {
    this.send({ type: 'memory' });
    const message = await this.next(10_000);
    if (message.type !== 'memory') throw new Error(`child said ${message.type}, expected memory`);
    return { rss: message.rss, heapUsed: message.heapUsed, cpuMs: message.cpuMs };
  }

  /** One full directory refresh in the bot: seconds and requests to ITFlow. */
  async refresh(): Promise<{ ms: number; requests: number; loaded: number }> {
    this.send({ type: 'refresh' });
    const message = await this.next(START_TIMEOUT_MS);
    if (message.type !== 'refreshed') throw new Error(`child said ${message.type}, expected refreshed`);
    return { ms: message.ms, requests: message.requests, loaded: message.loaded };
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  private send(message: ParentMessage): void {
    if (!this.exited) this.child.send(message);
  }

  private next(timeoutMs: number): Promise<ChildMessage> {
    const queued = this.inbox.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.exited) return Promise.resolve({ type: 'failed', error: 'child exited' });
    return new Promise((resolve) => {
      const waiter = (message: ChildMessage): void => {
        clearTimeout(timer);
        resolve(message);
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        resolve({ type: 'failed', error: `no answer within ${timeoutMs} ms` });
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }
}
