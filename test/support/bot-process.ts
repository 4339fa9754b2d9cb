import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface LogLine {
  msg: string;
  level?: string;
  [key: string]: unknown;
}

/**
 * `node src/index.ts` as its own process, exactly as `npm start` runs it (loopback guard preloaded), against an
 * ITFlow the test started: for what only a whole process shows (signals, process-level error handling, RSS).
 */
export class BotProcess {
  readonly lines: LogLine[] = [];
  readonly exited: Promise<number | null>;
  endpoint = '';

  private constructor(readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.startsWith('{')) this.lines.push(JSON.parse(line) as LogLine);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  }

  /**
   * Resolves once the bot listens and its directory is loaded. `cwd` should be a directory of its own, so no
   * developer .env is picked up.
   */
  static async start(options: { cwd: string; itflow: { url: string; apiKey: string }; env?: Record<string, string> }): Promise<BotProcess> {
    const child = spawn(process.execPath, ['--require', path.join(ROOT, 'scripts/loopback-guard.cjs'), '--require', require.resolve('tsx/cjs'), path.join(ROOT, 'src/index.ts')], {
      cwd: options.cwd,
      env: {
        PATH: process.env.PATH,
        PORT: '0',
        PLAYGROUND: 'off',
        ITFLOW_URL: options.itflow.url,
        ITFLOW_API_KEY: options.itflow.apiKey,
        BOT_ALLOW_ANONYMOUS: 'true',
        ITFLOW_TIMEOUT_MS: '1500',
        LOG_LEVEL: 'info',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const bot = new BotProcess(child);
    bot.endpoint = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const listening = bot.lines.find((l) => l.msg === 'bot listening');
        if (listening !== undefined && bot.lines.some((l) => l.msg === 'contact directory loaded')) {
          clearInterval(timer);
          resolve(String(listening.endpoint));
        }
      }, 20);
      child.once('exit', (code) => {
        clearInterval(timer);
        reject(new Error(`the bot exited during start-up (${code})`));
      });
    });
    return bot;
  }

  get port(): number {
    return Number(new URL(this.endpoint).port);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resident memory of the process now (Linux /proc). */
  rssBytes(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    if (kb === undefined) throw new Error('VmRSS not found in /proc/<pid>/status');
    return Number(kb) * 1024;
  }

  /** CPU time the process has used so far, in seconds (Linux /proc). */
  cpuSeconds(): number {
    const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.child.kill(signal);
  }
}
