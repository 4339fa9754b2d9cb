import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { textOf } from '../support/card-inspect';
import { cardsOf, LocalConnector, type CardJson } from '../support/connector';
import { execute, message } from '../support/teams-activities';
import { eventually } from '../support/trust-kit';

/**
 * `node src/index.ts` as a process: SIGTERM stops accepting connections, lets the turns in flight finish
 * (their replies reach the connector), then exits 0. ITFlow is a sandbox in this test process, so a request can
 * be held in flight with the "hang" fault.
 */

const ROOT = path.resolve(__dirname, '../..');

let sandbox: Sandbox;
let connector: LocalConnector;
let dir: string;
let child: ChildProcess | null = null;
const lines: Array<{ msg: string; [key: string]: unknown }> = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'itflow-shutdown-'));
  sandbox = await startSandbox({ dataDir: path.join(dir, 'itflow'), seed: 'demo' });
  connector = new LocalConnector();
  await connector.start();
});
afterAll(async () => {
  if (child !== null && child.exitCode === null) child.kill('SIGKILL');
  await connector?.stop();
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

function startBot(): Promise<string> {
  // A directory of its own, so no developer .env is picked up.
  child = spawn(process.execPath, ['--require', path.join(ROOT, 'scripts/loopback-guard.cjs'), '--require', require.resolve('tsx/cjs'), path.join(ROOT, 'src/index.ts')], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      PLAYGROUND: 'off',
      ITFLOW_URL: sandbox.url,
      ITFLOW_API_KEY: sandbox.adminKey,
      BOT_ALLOW_ANONYMOUS: 'true',
      ITFLOW_TIMEOUT_MS: '1500',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.startsWith('{')) lines.push(JSON.parse(line) as { msg: string });
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const listening = lines.find((l) => l.msg === 'bot listening');
      if (listening !== undefined && lines.some((l) => l.msg === 'contact directory loaded')) {
        clearInterval(timer);
        resolve(String(listening.endpoint));
      }
    }, 20);
    child!.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`the bot exited during start-up (${code})`));
    });
  });
}

async function post(endpoint: string, activity: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

it('SIGTERM: stops accepting, finishes the turns in flight, exits 0', async () => {
  const endpoint = await startBot();
  const opts = { serviceUrl: connector.url };
  const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));

  sandbox.faults.set({ mode: 'hang', paths: ['contacts/read.php'], count: 2 });
  const inFlightMessage = post(endpoint, message('show contact 1', opts));
  const inFlightInvoke = post(endpoint, execute('contact.view', { contactId: 1 }, opts));
  await eventually('both requests reached ITFlow', () => sandbox.faults.remaining() === 0);

  child!.kill('SIGTERM');
  await eventually('the server stopped accepting', () => lines.some((l) => l.msg === 'no longer accepting connections; waiting for requests in flight'));
  await expect(post(endpoint, message('help', opts))).rejects.toThrow();

  const [messageAnswer, invokeAnswer] = await Promise.all([inFlightMessage, inFlightInvoke]);
  expect(messageAnswer.status).toBe(200);
  expect(invokeAnswer.status).toBe(200);
  expect(textOf((invokeAnswer.body as { value: CardJson }).value)).toMatch(/ITFlow is not answering/);
  const replies = connector.calls.flatMap((c) => cardsOf(c.activity));
  expect(replies.map(textOf).join('\n')).toMatch(/ITFlow is not answering/);

  expect(await exited).toBe(0);
  expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  expect(lines.filter((l) => l.level === 'error')).toEqual([]);
});
