import { createLogger } from '../../src/logger';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { BotHarness } from './bot-harness';
import { actionTitled, inputsOf } from './card-inspect';
import type { CardJson } from './connector';
import { eventually, health, sandboxRequests } from './trust-kit';

/**
 * Several bot instances as production runs them: each a whole app (its own HTTP server, directory, ITFlow
 * client and store connection), all against ONE ITFlow sandbox, and with Redis sharing one state. Nothing is
 * shared in-process: what one instance learns from another comes through the store.
 */
export class SharedItflow {
  readonly log: string[] = [];
  sandbox!: Sandbox;

  static async start(): Promise<SharedItflow> {
    const itflow = new SharedItflow();
    itflow.sandbox = await startSandbox({ seed: 'demo', logger: createLogger({ level: 'debug', sink: (line) => itflow.log.push(line) }) });
    return itflow;
  }

  /** Requests the sandbox answered for a path, from every instance. */
  requests(method: 'GET' | 'POST', pathEnd: string): number {
    return sandboxRequests(this.log, method, pathEnd);
  }

  async close(): Promise<void> {
    await this.sandbox?.close();
  }
}

export async function startInstances(count: number, itflow: SharedItflow, env: Record<string, string>): Promise<BotHarness[]> {
  const instances = await Promise.all(Array.from({ length: count }, () => BotHarness.start({ itflow: { sandbox: itflow.sandbox }, env })));
  await Promise.all(instances.map((h) => storeUp(h)));
  return instances;
}

/** The instance's store answers and it hears the other instances (its /healthz says so). */
export async function storeUp(h: BotHarness): Promise<void> {
  await eventually('the store to be up on /healthz', async () => (await storeHealth(h)).state === 'up', 15_000);
}

/** /healthz as strangers see it (states only), plus which store this instance runs on (never on /healthz). */
export async function storeHealth(h: BotHarness): Promise<{ status: number; state: string; kind: string; degraded: string[] }> {
  const { status, body } = await health(h);
  const degraded = Object.entries(body.checks)
    .filter(([, state]) => state === 'down' || state === 'degraded')
    .map(([name]) => name);
  return { status, state: body.checks.store, kind: h.app.store.kind, degraded };
}

/** The contact id a contact card is about (its Edit button carries it). */
export function contactIdOf(card: CardJson): number {
  return Number(actionTitled(card, 'Edit').data?.contactId);
}

/** An add form's first client, and what a user types into it. */
export function addFormInput(form: CardJson, name: string, email: string): Record<string, string> {
  return { clientId: inputsOf(form).clientId!.choices![0]!.value, name, email };
}
