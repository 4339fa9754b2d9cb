import type { Client } from '../itflow/types';
import { fold } from './text';

/** Below this likeness a client is not offered as "did you mean": it would be noise. */
const MIN_LIKENESS = 0.3;

/**
 * The clients whose names look most like what was typed (character-bigram Dice similarity of the folded names,
 * the better of whole name and best single word), best first. For "at wayne enterprises" when no client is
 * called that: the user picks the one they meant with one tap. Pure; linear in the number of clients.
 */
export function closestClients(clients: readonly Client[], typed: string, count = 3): Client[] {
  const wanted = bigrams(fold(typed));
  if (wanted.size === 0) return [];
  return clients
    .map((client) => ({ client, likeness: likeness(wanted, fold(client.name)) }))
    .filter((c) => c.likeness >= MIN_LIKENESS)
    .sort((a, b) => b.likeness - a.likeness || a.client.name.localeCompare(b.client.name))
    .slice(0, count)
    .map((c) => c.client);
}

function likeness(wanted: Set<string>, name: string): number {
  const whole = dice(wanted, bigrams(name));
  const best = Math.max(0, ...name.split(/\s+/).map((w) => dice(wanted, bigrams(w))));
  return Math.max(whole, best);
}

function bigrams(text: string): Set<string> {
  const t = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  const out = new Set<string>();
  for (let i = 0; i + 1 < t.length; i++) out.add(t.slice(i, i + 2));
  return out;
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  return (2 * shared) / (a.size + b.size);
}
