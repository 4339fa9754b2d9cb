import type { Client, Location } from '../itflow/types';
import type { Contact } from '../contacts/contact';
import type { CardContext } from './types';

/** ITFlow v26.08's contact page, for contexts that have no configured ITFlow. */
export function sampleContactLink(contact: Contact): string {
  return `https://itflow.example/agent/contact.php?client_id=${contact.clientId}&contact_id=${contact.id}`;
}

/**
 * A card context over fixed lists of clients and locations, with no directory behind it: what the card renders
 * (scripts/render-cards.ts) and the card tests bind against. The bot builds its own in bot/card-context.ts.
 */
export function fixedCardContext(
  clients: readonly Client[],
  locations: readonly Location[],
  overrides: Partial<CardContext> = {},
): CardContext {
  return {
    clientName: (id) => clients.find((c) => c.id === id)?.name ?? '',
    locationName: (id) => locations.find((l) => l.id === id)?.name ?? '',
    clients: () => [...clients],
    locationsForClient: (clientId) => locations.filter((l) => l.clientId === clientId),
    contactLink: sampleContactLink,
    canEdit: true,
    conversation: 'personal',
    botName: 'ITFlow',
    ...overrides,
  };
}
