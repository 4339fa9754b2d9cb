import type { UserMessage } from './message-types';

/** The words of personal ITFlow keys: connect, disconnect, whoami, refused keys (the rest: user-messages.ts). */
/** Personal ITFlow keys (ITFLOW_IDENTITY, src/identity). */
export const IDENTITY_MESSAGES = {
  connectPersonalOnly: (): UserMessage => ({
    tone: 'info',
    title: 'Connect in a personal chat',
    text: 'Your ITFlow API key is private: open a personal chat with the bot and say "connect" there.',
  }),
  connectNotOffered: (): UserMessage => ({
    tone: 'info',
    title: 'Everyone uses the shared ITFlow key',
    text: 'This bot acts in ITFlow with one shared key (ITFLOW_IDENTITY=shared), so there is nothing to connect.',
  }),
  connectFirst: (): UserMessage => ({
    tone: 'warning',
    title: 'Connect your ITFlow key first',
    text: 'This bot acts in ITFlow as you, with your own API key. In a personal chat with the bot, say "connect" and paste the key your ITFlow administrator made for your user.',
  }),
  keyRefused: (): UserMessage => ({
    tone: 'attention',
    title: 'Your ITFlow key was refused',
    text: 'ITFlow no longer accepts your API key (revoked or expired). Connect again: say "connect" in a personal chat with the bot.',
  }),
  connected: (clientCount: number, canWrite: boolean): UserMessage => ({
    tone: 'good',
    title: 'Connected to ITFlow as you',
    text: `Your key can read ${clientCount === 1 ? '1 client' : `${clientCount} clients`} and ${canWrite ? 'create and update contacts' : 'not create or update contacts (read only)'}. The bot now shows you only those clients and writes with your key.`,
  }),
  connectMalformed: (): UserMessage => ({
    tone: 'attention',
    title: 'That is not an API key',
    text: 'Paste the whole key exactly as ITFlow showed it (letters and digits, no spaces). Nothing was stored.',
  }),
  connectRefused: (): UserMessage => ({
    tone: 'attention',
    title: 'ITFlow did not accept that key',
    text: 'The key is wrong, revoked or expired. Nothing was stored. Ask your ITFlow administrator for a key for your user.',
  }),
  connectUnavailable: (): UserMessage => ({
    tone: 'warning',
    title: 'ITFlow is not answering',
    text: 'The key could not be checked, so nothing was stored. Try again in a moment.',
  }),
  disconnected: (had: boolean, policy: string): UserMessage => ({
    tone: 'info',
    title: had ? 'Disconnected' : 'Nothing to disconnect',
    text: `${had ? 'Your ITFlow key is forgotten. ' : ''}${policy === 'personal-required' ? 'Say "connect" to use the bot again.' : 'The bot now uses the shared ITFlow key for you.'}`,
  }),
  whoami: (status: { kind: 'shared' } | { kind: 'personal'; clientCount: number; canWrite: boolean; checkedAt: Date } | { kind: 'none' | 'refused' }, policy: string): UserMessage => {
    switch (status.kind) {
      case 'shared':
        return { tone: 'info', title: 'You act with the shared ITFlow key', text: policy === 'shared' ? 'Everyone uses the bot\'s one ITFlow key.' : 'Say "connect" in a personal chat to act as yourself.' };
      case 'personal':
        return {
          tone: 'info',
          title: 'You act in ITFlow as yourself',
          text: `With your own API key: ${status.clientCount === 1 ? '1 client' : `${status.clientCount} clients`}, ${status.canWrite ? 'read and write' : 'read only'} (checked ${status.checkedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC). Say "disconnect" to forget the key.`,
        };
      case 'refused':
        return IDENTITY_MESSAGES.keyRefused();
      case 'none':
        return IDENTITY_MESSAGES.connectFirst();
    }
  },
  roleForbids: (doing: 'read' | 'save' | 'create'): UserMessage => ({
    tone: 'attention',
    title: 'Your ITFlow role does not allow this',
    text: `Your ITFlow role or client access does not allow ${doing === 'create' ? 'adding this contact' : doing === 'save' ? 'changing this contact' : 'reading this'}.${doing === 'read' ? '' : ' Nothing was changed.'} Ask your ITFlow administrator.`,
  }),
} as const;
