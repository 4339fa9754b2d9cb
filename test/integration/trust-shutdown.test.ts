import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { BotProcess } from '../support/bot-process';
import { textOf } from '../support/card-inspect';
import { cardsOf, LocalConnector, type CardJson } from '../support/connector';
import { execute, message } from '../support/teams-activities';
import { eventually } from '../support/trust-kit';

/**
 * `node src/index.ts` as a process: SIGTERM stops accepting connections, lets the turns in flight finish
 * (their replies reach the connector), then exits 0. ITFlow is a sandbox in this test process, so a request can
 * be held in flight with the "hang" fault.
 */

let sandbox: Sandbox;
let connector: LocalConnector;
let dir: string;
let bot: BotProcess | null = null;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'itflow-shutdown-'));
  sandbox = await startSandbox({ dataDir: path.join(dir, 'itflow'), seed: 'demo' });
  connector = new LocalConnector();
  await connector.start();
});
afterAll(async () => {
  if (bot?.running) bot.kill('SIGKILL');
  await connector?.stop();
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(endpoint: string, activity: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

it('SIGTERM: stops accepting, finishes the turns in flight, exits 0', async () => {
  bot = await BotProcess.start({ cwd: dir, itflow: { url: sandbox.url, apiKey: sandbox.adminKey } });
  const { endpoint, lines } = bot;
  const opts = { serviceUrl: connector.url };

  sandbox.faults.set({ mode: 'hang', paths: ['contacts/read.php'], count: 2 });
  const inFlightMessage = post(endpoint, message('show contact 1', opts));
  const inFlightInvoke = post(endpoint, execute('contact.view', { contactId: 1 }, opts));
  await eventually('both requests reached ITFlow', () => sandbox.faults.remaining() === 0);

  bot.kill('SIGTERM');
  await eventually('the server stopped accepting', () => lines.some((l) => l.msg === 'no longer accepting connections; waiting for requests in flight'));
  await expect(post(endpoint, message('help', opts))).rejects.toThrow();

  const [messageAnswer, invokeAnswer] = await Promise.all([inFlightMessage, inFlightInvoke]);
  expect(messageAnswer.status).toBe(200);
  expect(invokeAnswer.status).toBe(200);
  expect(textOf((invokeAnswer.body as { value: CardJson }).value)).toMatch(/ITFlow is not answering/);
  const replies = connector.calls.flatMap((c) => cardsOf(c.activity));
  expect(replies.map(textOf).join('\n')).toMatch(/ITFlow is not answering/);

  expect(await bot.exited).toBe(0);
  expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));
  expect(lines.filter((l) => l.level === 'error')).toEqual([]);
});

/** How one request ended, as the client saw it. */
type Outcome = { answered: number; body: string } | { failed: string };

async function send(agent: Agent, endpoint: string, activity: Record<string, unknown>): Promise<Outcome> {
  try {
    const res = await request(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity), dispatcher: agent });
    return { answered: res.statusCode, body: await res.body.text() };
  } catch (error) {
    const code = (error as { code?: string }).code;
    return { failed: code ?? (error as Error).message };
  }
}

const IN_FLIGHT = 160;

it(`SIGTERM under load: ${IN_FLIGHT} turns in flight all answered in full, later requests answered or refused, none reset`, async () => {
  // An ITFlow of its own whose reads hang until the test closes it, with a bot that would wait 20 s for them: the
  // turns stay in flight however slowly this machine runs, and end (with an answer) only when ITFlow goes away.
  const slow = await startSandbox({ dataDir: path.join(dir, 'slow-itflow'), seed: 'demo' });
  bot = await BotProcess.start({ cwd: dir, itflow: { url: slow.url, apiKey: slow.adminKey }, env: { ITFLOW_TIMEOUT_MS: '20000' } });
  const { endpoint, lines } = bot;
  const opts = { serviceUrl: connector.url };
  connector.clear();
  const busy = new Agent({ connections: IN_FLIGHT });
  const idle = new Agent({ connections: 20 });

  const HANGING = 100_000;
  slow.faults.set({ mode: 'hang', paths: ['contacts/read.php'], count: HANGING });
  const inFlight = Array.from({ length: IN_FLIGHT }, (_, i) => send(busy, endpoint, message(`show contact ${1 + (i % 5)}`, opts)));
  await eventually(`all ${IN_FLIGHT} turns are waiting for ITFlow`, () => HANGING - slow.faults.remaining() >= IN_FLIGHT, 60_000);
  // Keep-alive connections that sit idle when the signal comes: a request sent on one must not meet a reset.
  const warmUp = await Promise.all(Array.from({ length: 20 }, () => send(idle, endpoint, message('help', opts))));
  expect(warmUp.map((o) => ('answered' in o ? o.answered : o.failed))).toEqual(Array(20).fill(200));

  bot.kill('SIGTERM');
  const onIdleConnections = Array.from({ length: 20 }, () => send(idle, endpoint, message('help', opts)));
  const closing = 'no longer accepting connections; waiting for requests in flight';
  await eventually('the server stopped accepting', () => lines.some((l) => l.msg === closing));
  const inFlightAtSignal = Number(lines.find((l) => l.msg === closing)?.inFlight);
  expect(inFlightAtSignal).toBeGreaterThanOrEqual(IN_FLIGHT);
  const fresh = await Promise.all(Array.from({ length: 20 }, () => send(new Agent(), endpoint, message('help', opts))));
  expect(fresh.map((o) => ('failed' in o ? o.failed : o.answered))).toEqual(Array(20).fill('ECONNREFUSED'));

  await slow.close(); // the hanging reads fail now, and every turn answers that ITFlow cannot be reached
  const answers = await Promise.all(inFlight);
  expect(answers.filter((o) => !('answered' in o && o.answered === 200))).toEqual([]);
  const replies = connector.calls.flatMap((c) => cardsOf(c.activity)).filter((card) => /ITFlow/.test(textOf(card)) && !/what you can ask/i.test(textOf(card)));
  expect(replies).toHaveLength(IN_FLIGHT);

  // Sent after the signal on connections the server already had: answered in full (then closed), never cut.
  const later = await Promise.all(onIdleConnections);
  for (const outcome of later) expect(String('answered' in outcome ? outcome.answered : outcome.failed)).toMatch(/^(200|ECONNREFUSED)$/);
  expect(later.filter((o) => 'answered' in o).length).toBeGreaterThan(0);

  expect(await bot.exited).toBe(0);
  expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  const summary = (o: Outcome) => ('answered' in o ? String(o.answered) : o.failed);
  process.stdout.write(
    `trust-shutdown: ${inFlightAtSignal} requests in flight at SIGTERM, ${answers.length}/${IN_FLIGHT} turns answered in full; ` +
      `after SIGTERM on idle keep-alive connections: ${later.filter((o) => summary(o) === '200').length} answered, ` +
      `${later.filter((o) => summary(o) === 'ECONNREFUSED').length} refused; ${fresh.length} new connections refused\n`,
  );
  await Promise.all([idle.close(), busy.close()]);
}, 120_000);
