import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A real `redis-server` (Debian's package) on a loopback port of its own, in a temporary directory, with
 * persistence off. `stop()` kills it by pid (like a crash or an outage); `start()` brings it back on the same
 * port, empty. Tests never skip for want of Redis: a missing binary is a clear failure.
 */
export interface TestRedisServer {
  readonly port: number;
  readonly url: string;
  readonly running: boolean;
  start(): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Freezes the process (SIGSTOP): connections stay open but nothing is answered. */
  pause(): void;
  resume(): void;
  /** Stops it and removes its directory (afterAll). */
  dispose(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;

export async function startRedisServer(options: { password?: string } = {}): Promise<TestRedisServer> {
  const binary = findRedisServer();
  const port = await freeLoopbackPort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itflow-redis-'));
  let child: ChildProcess | null = null;

  const server: TestRedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return child !== null;
    },
    async start() {
      if (child !== null) return;
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
      if (options.password !== undefined) args.push('--requirepass', options.password);
      const started = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child = started;
      started.once('exit', () => {
        if (child === started) child = null;
      });
      try {
        await waitUntilPong(port, () => child === started);
      } catch (error) {
        await server.stop('SIGKILL');
        throw new Error(`redis-server did not start on port ${port}: ${(error as Error).message}\n${output}`);
      }
    },
    async stop(signal: NodeJS.Signals = 'SIGKILL') {
      const running = child;
      if (running === null || running.pid === undefined) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      process.kill(running.pid, signal);
      const escalate = setTimeout(() => running.pid !== undefined && process.kill(running.pid, 'SIGKILL'), 3000);
      await exited;
      clearTimeout(escalate);
      child = null;
    },
    pause() {
      if (child?.pid !== undefined) process.kill(child.pid, 'SIGSTOP');
    },
    resume() {
      if (child?.pid !== undefined) process.kill(child.pid, 'SIGCONT');
    },
    async dispose() {
      server.resume();
      await server.stop('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}

function findRedisServer(): string {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin'];
  for (const dir of dirs) {
    const candidate = path.join(dir, 'redis-server');
    if (dir !== '' && fs.existsSync(candidate)) return candidate;
  }
  throw new Error(
    'redis-server is not installed, and the store tests need a real Redis. ' +
      'Install it (Debian/Ubuntu: apt-get install -y redis-server); .ci/run does this in CI.',
  );
}

async function freeLoopbackPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port assigned');
  return address.port;
}

/** Ready means it answers PING (or asks for the password first), not just that the process exists. */
async function waitUntilPong(port: number, stillRunning: () => boolean): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!stillRunning()) throw new Error('the process exited');
    if (await pings(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no PONG within ${READY_TIMEOUT_MS} ms`);
}

function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG') || reply.startsWith('-NOAUTH'));
    });
  });
}
