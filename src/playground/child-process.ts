import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Small process helpers for running the playground as a child. */

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** SIGTERM, then SIGKILL if it is still running after `graceMs`; resolves once it has exited. */
export async function stopChild(child: ChildProcess, exited: Promise<void>, graceMs: number): Promise<void> {
  if (hasExited(child)) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), graceMs);
  });
  const stubborn = await Promise.race([exited.then(() => false), gaveUp]);
  clearTimeout(timer);
  if (stubborn) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Calls `onLine` for every non-blank line the child writes to stdout or stderr. */
export function forwardLines(child: ChildProcess, onLine: (stream: 'stdout' | 'stderr', line: string) => void): void {
  for (const stream of ['stdout', 'stderr'] as const) {
    const source = child[stream];
    if (source === null) continue;
    let pending = '';
    source.setEncoding('utf8');
    source.on('data', (chunk: string) => {
      const parts = (pending + chunk).split(/\r?\n/);
      pending = parts.pop() ?? '';
      for (const line of parts) if (line.trim() !== '') onLine(stream, line);
    });
    source.on('end', () => {
      if (pending.trim() !== '') onLine(stream, pending);
      pending = '';
    });
  }
}

/** Keeps the last `size` lines, for error messages. */
export class LineTail {
  private readonly buffer: string[] = [];
  constructor(private readonly size: number) {}

  push(line: string): void {
    this.buffer.push(line);
    if (this.buffer.length > this.size) this.buffer.shift();
  }

  lines(): string[] {
    return [...this.buffer];
  }
}

export function tailOfFile(file: string, count: number): string[] {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(-count);
  } catch {
    return []; // the child never got far enough to write it
  }
}

/** A port that was free on 127.0.0.1 a moment ago (the caller must cope with losing a race for it). */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
