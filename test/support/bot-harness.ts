import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startApp, type RunningApp } from '../../src/app';
import type { BotCredentials } from '../../src/bot/adapter';
import { loadConfig } from '../../src/config';
import { createLogger, Redactor } from '../../src/logger';
import type { Sandbox } from '../../src/sandbox/sandbox';
import { cardsOf, LocalConnector, type CardJson, type RecordedActivity } from './connector';
import { actionTitled, formValues } from './card-inspect';
import { execute, message, submit, type ActivityOptions, type Scope } from './teams-activities';

export interface HarnessOptions {
  env?: Record<string, string>;
  /** Bot Framework endpoints for authentication (see test/support/fake-bot-framework.ts). */
  authEndpoints?: BotCredentials['endpoints'];
  /**
   * An ITFlow sandbox the test started itself (e.g. `flavor: 'legacy'`), reached like a remote ITFlow with this
   * key (default its admin key), instead of the app's embedded one. The test closes it.
   */
  itflow?: { sandbox: Sandbox; apiKey?: string };
}

/**
 * The real app (restify + CloudAdapter + bot + ITFlow client + directory) against the embedded sandbox, with
 * a local connector endpoint that records what the bot sends. Everything on 127.0.0.1, ephemeral ports.
 */
export class BotHarness {
  readonly connector = new LocalConnector();
  readonly logLines: string[] = [];
  app!: RunningApp;
  private dataDir = '';
  private external: Sandbox | null = null;
  private restartWith: (() => Promise<RunningApp>) | null = null;

  static async start(options: HarnessOptions = {}): Promise<BotHarness> {
    const harness = new BotHarness();
    await harness.connector.start();
    harness.dataDir = mkdtempSync(path.join(tmpdir(), 'itflow-bot-test-'));
    const itflow = options.itflow;
    harness.external = itflow?.sandbox ?? null;
    const remote =
      itflow === undefined ? {} : { ITFLOW_URL: itflow.sandbox.url, ITFLOW_API_KEY: itflow.apiKey ?? itflow.sandbox.adminKey, BOT_ALLOW_ANONYMOUS: 'true' };
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SANDBOX_PORT: '0',
      SANDBOX_DATA_DIR: harness.dataDir,
      DATA_DIR: harness.stateDir,
      PLAYGROUND: 'off',
      LOG_LEVEL: 'debug',
      ...remote,
      ...options.env,
    });
    const redactor = new Redactor(config.secrets);
    const logger = createLogger({ level: 'debug', sink: (line) => harness.logLines.push(line), redactor });
    harness.restartWith = () => startApp(config, logger, { registerSecret: (s) => redactor.add(s), authEndpoints: options.authEndpoints });
    harness.app = await harness.restartWith();
    await harness.app.directory.whenReady();
    return harness;
  }

  /** Stops the app and starts it again with the same configuration and data (the bot's state file included). */
  async restart(): Promise<void> {
    await this.app.close();
    this.app = await this.restartWith!();
    await this.app.directory.whenReady();
  }

  /** DATA_DIR: where the default (SQLite) store keeps the bot's state, kept across restart(). */
  get stateDir(): string {
    return path.join(this.dataDir, 'bot');
  }

  get sandbox() {
    const sandbox = this.external ?? this.app.sandbox;
    if (sandbox === null) throw new Error('no sandbox');
    return sandbox;
  }

  opts(scope: Scope = 'personal', extra: Partial<ActivityOptions> = {}): ActivityOptions {
    return { serviceUrl: this.connector.url, scope, ...extra };
  }

  async post(activity: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.app.server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
  }

  /** Types a message and returns the activities the bot sent in reply. */
  async say(text: string, scope: Scope = 'personal', extra: Partial<ActivityOptions> = {}): Promise<RecordedActivity[]> {
    const before = this.connector.calls.length;
    const { status } = await this.post(message(text, this.opts(scope, extra)));
    if (status !== 200) throw new Error(`bot answered ${status}`);
    return this.connector.calls.slice(before).map((c) => c.activity);
  }

  /** Types a message and returns the single card the bot answered with. */
  async ask(text: string, scope: Scope = 'personal'): Promise<CardJson> {
    const replies = await this.say(text, scope);
    const cards = replies.flatMap(cardsOf);
    if (cards.length !== 1) throw new Error(`expected one card, got ${cards.length}`);
    return cards[0]!;
  }

  /** Clicks a button (Action.Execute) with the card's inputs (plus what the user typed); returns the new card. */
  async click(card: CardJson, title: string | RegExp, typed: Record<string, string> = {}, extra: Partial<ActivityOptions> & { replyToId?: string } = {}): Promise<CardJson> {
    const action = actionTitled(card, title);
    if (action.type !== 'Action.Execute') throw new Error(`"${String(title)}" is ${action.type}, not Action.Execute`);
    const data = { ...(action.data ?? {}), ...formValues(card, typed) };
    return this.execute(action.verb ?? '', data, extra);
  }

  async execute(verb: string, data: Record<string, unknown>, extra: Partial<ActivityOptions> & { replyToId?: string } = {}): Promise<CardJson> {
    const { status, body } = await this.post(execute(verb, data, { ...this.opts(extra.scope ?? 'personal', extra), replyToId: extra.replyToId }));
    if (status !== 200) throw new Error(`invoke answered ${status}`);
    const response = body as { statusCode: number; type: string; value: CardJson };
    if (response.type !== 'application/vnd.microsoft.card.adaptive') throw new Error(`invoke answered ${JSON.stringify(body)}`);
    return response.value;
  }

  /** The same button through Action.Submit (clients without Universal Actions): the answer arrives as a message. */
  async submitClick(card: CardJson, title: string | RegExp, typed: Record<string, string> = {}): Promise<CardJson> {
    const action = actionTitled(card, title);
    const value = { ...(action.data ?? {}), ...formValues(card, typed) };
    const before = this.connector.calls.length;
    const { status } = await this.post(submit(value, this.opts()));
    if (status !== 200) throw new Error(`bot answered ${status}`);
    const cards = this.connector.calls.slice(before).filter((c) => c.method === 'POST').flatMap((c) => cardsOf(c.activity));
    if (cards.length !== 1) throw new Error(`expected one card, got ${cards.length}`);
    return cards[0]!;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.connector.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
