import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fetch } from 'undici';
import { z } from 'zod';
import type { Logger } from '../logger';
import { forwardLines, freeLoopbackPort, hasExited, LineTail, stopChild, tailOfFile } from './child-process';
import { DEFAULT_PLAYGROUND_PROFILE, renderPlaygroundConfig, type PlaygroundProfile } from './profile';

/**
 * Runs the Microsoft 365 Agents Playground (`@microsoft/m365agentsplayground`, a local Teams-like web client)
 * as a child process pointed at the bot. Facts this relies on, read from the package (0.2.28):
 * - `agentsplayground --app-endpoint <url> --channel-id msteams --port <p> --service-url <url>
 *   --disable-telemetry`; it is ready when `GET /_debug/ping` answers `pong`.
 * - It binds every interface and has no host option: the `playground-loopback.cjs` preload pins it to
 *   127.0.0.1. Its telemetry SDK still dials out unless APPLICATION_INSIGHTS_NO_STATSBEAT=true, so the
 *   `loopback-guard.cjs` preload refuses every non-loopback connection from that process as well.
 * - TEAMSAPPTESTER_BROWSER=none stops it opening a browser.
 * - If the port is busy it silently picks another one; it prints `Listening on <port>` on stdout when stdout
 *   is not a terminal, so we insist on seeing our port there (a stale playground could answer our ping).
 * - It reads `.m365agentsplayground.yml` from M365_AGENTS_PLAYGROUND_CONFIG_PATH (else its cwd), and sends its
 *   console output only to M365_AGENTS_PLAYGROUND_LOGFILE (else `./devTools/m365agentsplayground.log`), which
 *   it deletes at start. With a non-terminal stdout, errors after start-up appear only in that file.
 * - It also honours AUTH_CLIENT_ID/SECRET, HTTP(S)_PROXY, BOT_ENDPOINT and other variables, so the child gets
 *   a minimal environment: nothing of ours (API keys, app passwords) is handed to it.
 * - All its state is in memory; each start is a fresh chat history.
 */
export interface PlaygroundOptions {
  botEndpoint: string;
  /** 0 picks a free loopback port. */
  port: number;
  logger: Logger;
  /** Where the yml and the playground's log go; a temporary folder (removed on close) when omitted. */
  configDir?: string;
  profile?: PlaygroundProfile;
  startTimeoutMs?: number;
}

export interface PlaygroundHandle {
  /** The web UI. */
  url: string;
  /** The Bot Connector endpoint the playground serves; it stamps this on every activity it sends. */
  serviceUrl: string;
  port: number;
  profile: PlaygroundProfile;
  /** The playground's own log file (its console output goes there, not to stdout). */
  logFile: string;
  close(): Promise<void>;
}

const CONFIG_FILE_NAME = '.m365agentsplayground.yml';
const LOG_FILE_NAME = 'playground.log';
const DEFAULT_START_TIMEOUT_MS = 30_000;
const KILL_GRACE_MS = 3_000;
const TAIL_LINES = 20;
const PASSED_THROUGH_ENV = ['PATH', 'HOME', 'USERPROFILE', 'TMPDIR', 'TEMP', 'TMP', 'LANG', 'LC_ALL', 'TZ', 'SYSTEMROOT', 'SystemRoot', 'WINDIR'];

const packageJsonSchema = z.object({ bin: z.record(z.string(), z.string()) });

export async function startPlayground(opts: PlaygroundOptions): Promise<PlaygroundHandle> {
  const log = opts.logger.child({ component: 'playground' });
  const profile = opts.profile ?? DEFAULT_PLAYGROUND_PROFILE;
  const root = repoRoot();
  const bin = playgroundBin();
  const port = opts.port === 0 ? await freeLoopbackPort() : opts.port;
  const origin = `http://127.0.0.1:${port}`;
  const serviceUrl = `${origin}/_connector`;

  const ownsConfigDir = opts.configDir === undefined;
  // Absolute, because the child runs inside this folder: a relative path would be resolved a second time there.
  const configDir = path.resolve(opts.configDir ?? mkdtempSync(path.join(tmpdir(), 'playground-')));
  mkdirSync(configDir, { recursive: true });
  const configFile = path.join(configDir, CONFIG_FILE_NAME);
  const logFile = path.join(configDir, LOG_FILE_NAME);
  writeFileSync(configFile, renderPlaygroundConfig(profile));

  const args = [
    '--require',
    path.join(root, 'scripts', 'loopback-guard.cjs'),
    '--require',
    path.join(root, 'scripts', 'playground-loopback.cjs'),
    bin,
    '--app-endpoint',
    opts.botEndpoint,
    '--channel-id',
    'msteams',
    '--port',
    String(port),
    '--service-url',
    serviceUrl,
    '--disable-telemetry',
  ];
  const startedAt = Date.now();
  const child = spawn(process.execPath, args, {
    cwd: configDir,
    env: childEnv(configFile, logFile),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = new LineTail(TAIL_LINES);
  let listeningPort: number | undefined;
  forwardLines(child, (stream, line) => {
    output.push(`${stream}: ${line}`);
    log.debug(line, { stream });
    const listening = /^Listening on (\d+)$/.exec(line.trim());
    if (listening) listeningPort = Number(listening[1]);
  });
  child.on('error', (error) => {
    output.push(`spawn: ${error.message}`);
    log.warn('playground process error', { error });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A parent that exits normally takes the playground with it (it holds the port otherwise).
  const killOnParentExit = (): void => {
    if (!hasExited(child)) child.kill('SIGKILL');
  };
  process.once('exit', killOnParentExit);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      process.removeListener('exit', killOnParentExit);
      await stopChild(child, exited, KILL_GRACE_MS);
      if (ownsConfigDir) rmSync(configDir, { recursive: true, force: true });
      log.debug('playground stopped');
    })());

  try {
    await waitUntilReady({
      child,
      origin,
      port,
      deadline: startedAt + (opts.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS),
      listeningPort: () => listeningPort,
      diagnostics: () => [...output.lines(), ...tailOfFile(logFile, TAIL_LINES).map((l) => `log: ${l}`)],
    });
  } catch (error) {
    await close();
    throw error;
  }
  log.info('playground ready', { url: `${origin}/`, seconds: (Date.now() - startedAt) / 1000 });
  return { url: `${origin}/`, serviceUrl, port, profile, logFile, close };
}

interface ReadinessCheck {
  child: ChildProcess;
  origin: string;
  port: number;
  deadline: number;
  listeningPort: () => number | undefined;
  diagnostics: () => string[];
}

async function waitUntilReady(check: ReadinessCheck): Promise<void> {
  const fail = (reason: string): Error => {
    const details = check.diagnostics();
    return new Error(`Agents Playground did not start: ${reason}${details.length > 0 ? `\n${details.join('\n')}` : ''}`);
  };
  for (;;) {
    if (hasExited(check.child)) {
      throw fail(`it exited (code ${String(check.child.exitCode)}, signal ${String(check.child.signalCode)})`);
    }
    const actual = check.listeningPort();
    if (actual !== undefined && actual !== check.port) {
      throw fail(`port ${check.port} is in use and it moved to port ${actual}; free the port or choose another`);
    }
    if (actual === check.port && (await answersPong(check.origin))) return;
    if (Date.now() >= check.deadline) throw fail(`no pong from ${check.origin}/_debug/ping in time`);
    await delay(100);
  }
}

async function answersPong(origin: string): Promise<boolean> {
  try {
    const res = await fetch(`${origin}/_debug/ping`, { signal: AbortSignal.timeout(1_000) });
    return res.ok && (await res.text()) === 'pong';
  } catch {
    return false; // not listening yet
  }
}

function childEnv(configFile: string, logFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of PASSED_THROUGH_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return {
    ...env,
    TEAMSAPPTESTER_BROWSER: 'none',
    APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: configFile,
    M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
  };
}

function playgroundBin(): string {
  const manifestPath = require.resolve('@microsoft/m365agentsplayground/package.json');
  const manifest = packageJsonSchema.parse(JSON.parse(readFileSync(manifestPath, 'utf8')));
  const bin = manifest.bin['agentsplayground'];
  if (bin === undefined) throw new Error(`${manifestPath} declares no "agentsplayground" bin`);
  return path.join(path.dirname(manifestPath), bin);
}

/** The folder holding scripts/loopback-guard.cjs, whether this runs from src/ (tsx, ts-jest) or dist/src/. */
function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'scripts', 'loopback-guard.cjs'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`scripts/loopback-guard.cjs not found above ${__dirname}`);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
