/**
 * A small structured (JSON lines) logger. Every line passes through redaction: registered secrets (the ITFlow
 * API key, the app password) are replaced wherever they appear, and `api_key=` query parameters are masked, so
 * a URL or an error message can be logged without leaking credentials.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const REDACTED = '[redacted]';

export class Redactor {
  private secrets: string[] = [];
  constructor(secrets: ReadonlyArray<string | undefined | null> = []) {
    for (const s of secrets) this.add(s);
  }

  /** Secrets learned after start-up (the embedded sandbox's generated key) are registered here. */
  add(secret: string | undefined | null): void {
    if (typeof secret !== 'string' || secret.length < 4) return;
    // Longest first so a secret containing another is masked whole.
    this.secrets = [...this.secrets, secret].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text.replace(/(api_key=)[^&\s"']*/gi, `$1${REDACTED}`);
    for (const secret of this.secrets) {
      // ITFlow compares keys case-insensitively, so a lower-cased copy is as secret as the original.
      out = out.replace(new RegExp(escapeRegExp(secret), 'gi'), REDACTED);
    }
    return out;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export type LogSink = (line: string) => void;

export function createLogger(options: {
  level?: LogLevel;
  redactor?: Redactor;
  sink?: LogSink;
  base?: LogFields;
}): Logger {
  const threshold = LEVELS[options.level ?? 'info'];
  const redactor = options.redactor ?? new Redactor([]);
  const sink = options.sink ?? ((line: string) => process.stdout.write(line + '\n'));
  const make = (base: LogFields): Logger => {
    const write = (level: LogLevel, msg: string, fields?: LogFields): void => {
      if (LEVELS[level] < threshold) return;
      const record = { time: new Date().toISOString(), level, msg, ...base, ...fields };
      sink(redactor.redact(JSON.stringify(record, errorReplacer)));
    };
    return {
      debug: (m, f) => write('debug', m, f),
      info: (m, f) => write('info', m, f),
      warn: (m, f) => write('warn', m, f),
      error: (m, f) => write('error', m, f),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make(options.base ?? {});
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message };
  }
  return value;
}

/** A logger that drops everything: for tests and tools that do not care. */
export const silentLogger: Logger = createLogger({ sink: () => undefined });
