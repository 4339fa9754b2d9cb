import { setTimeout as sleep } from 'node:timers/promises';
import { ItflowClient } from '../../src/itflow/client';
import type { Contact } from '../../src/itflow/types';
import type { HealthReport } from '../../src/server';
import type { BotHarness } from './bot-harness';
import { actionsOf } from './card-inspect';
import { cardsOf, type CardJson } from './connector';
import type { ActivityOptions } from './teams-activities';

/** Helpers shared by the trust-*.test.ts suites: reading ITFlow state, captured output and audit lines. */

/** Card verbs that write or open a form that writes. */
export const WRITE_VERBS: ReadonlySet<string> = new Set(['contact.edit', 'contact.save', 'contact.forceSave', 'contact.add', 'contact.create']);

export function writeVerbsIn(cards: readonly CardJson[]): string[] {
  return cards
    .flatMap((card) => actionsOf(card).map((a) => a.verb ?? (typeof a.data?.verb === 'string' ? a.data.verb : '')))
    .filter((v) => WRITE_VERBS.has(v));
}

/** Every contact in the sandbox, read through the real API with the admin key. */
export async function allContacts(baseUrl: string, apiKey: string): Promise<Contact[]> {
  const client = new ItflowClient({ baseUrl, apiKey });
  try {
    const out: Contact[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await client.listContacts({ limit: 500, offset });
      if (page.length === 0) return out;
      out.push(...page);
    }
  } finally {
    await client.close();
  }
}

export async function contactNamed(h: BotHarness, name: string): Promise<Contact> {
  const found = (await allContacts(h.sandbox.url, h.sandbox.adminKey)).find((c) => c.name === name);
  if (found === undefined) throw new Error(`no contact named ${name}`);
  return found;
}

/** A typed message from someone else (another user, another tenant); returns the cards sent back. */
export async function askAs(h: BotHarness, text: string, extra: Partial<ActivityOptions>): Promise<CardJson[]> {
  const replies = await h.say(text, extra.scope ?? 'personal', extra);
  return replies.flatMap(cardsOf);
}

export interface AuditLine {
  msg: 'audit';
  action: string;
  contactId: number | null;
  result: string;
  changedFields: string[];
  attemptedFields: string[];
  reason?: string;
  user: { id: string; aadObjectId: string | null; name: string; tenantId: string | null };
}

export function auditLines(logLines: readonly string[], from = 0): AuditLine[] {
  return logLines
    .slice(from)
    .map((line) => JSON.parse(line) as { msg: string })
    .filter((r): r is AuditLine => r.msg === 'audit');
}

/** How many requests the embedded sandbox answered for a path (from its debug log lines). */
export function sandboxRequests(logLines: readonly string[], method: 'GET' | 'POST', pathEnd: string, from = 0): number {
  return logLines
    .slice(from)
    .map((line) => JSON.parse(line) as { msg: string; method?: string; path?: string })
    .filter((r) => r.msg === 'sandbox request' && r.method === method && typeof r.path === 'string' && r.path.endsWith(pathEnd)).length;
}

export async function health(h: BotHarness): Promise<{ status: number; body: HealthReport; text: string }> {
  const res = await fetch(`${h.app.server.url}/healthz`);
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as HealthReport, text };
}

/** The details /healthz no longer shows: the last 'health changed' line the bot logged. */
export function lastHealthLog(logLines: readonly string[]): Record<string, unknown> | undefined {
  return logLines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((r) => r.msg === 'health changed')
    .at(-1);
}

/** Polls until check() returns true; fails with the description after maxMs. Not a timing assertion: a bound. */
export async function eventually(description: string, check: () => Promise<boolean> | boolean, maxMs = 15_000): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`never happened: ${description}`);
    await sleep(50);
  }
}
