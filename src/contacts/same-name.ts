/**
 * "A second Sally Smith at the same client": the add form warns before creating one. Pure: which of a client's
 * contacts carry the same name, words folded and in any order ("smith, sally" is Sally Smith).
 */
import type { Contact } from './contact';
import { words } from './text';

function nameKey(name: string): string {
  return words(name).sort().join(' ');
}

export function sameNameIn(name: string, clientId: number, candidates: readonly Contact[]): Contact | null {
  const key = nameKey(name);
  if (key === '') return null;
  return candidates.find((c) => c.clientId === clientId && c.archivedAt === null && nameKey(c.name) === key) ?? null;
}
