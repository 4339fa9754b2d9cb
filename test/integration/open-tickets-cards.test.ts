import { ALL_CLIENTS } from '../../src/sandbox/api-keys';
import { randomUUID } from 'node:crypto';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';
import { BotHarness } from '../support/bot-harness';
import { actionTitled, textOf } from '../support/card-inspect';
import { cardsOf, type CardJson } from '../support/connector';

/**
 * Open tickets on the contact card and the Incoming call card, over HTTP, against a sandbox reached like a
 * remote ITFlow (so links into ITFlow are built) with the demo tickets: Sally Smith has two open tickets and a
 * resolved one; Aisha Rahman has none.
 */

const TOKEN = 'calls-token-0123456789abcdef';
let sandbox: Sandbox;
let h: BotHarness;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo' });
  h = await BotHarness.start({ itflow: { sandbox }, env: { CALLS_API_TOKEN: TOKEN } });
  await h.say('my extension is 201');
  // The first ticket read of a process looks for the end of the ticket list; later ones start where it ended.
  await h.say(`show contact ${idOf('aisha.rahman@acme.example')}`);
});
afterAll(async () => {
  await h?.stop();
  await sandbox?.close();
});

function idOf(email: string): number {
  return Number(sandbox.store.contactsByEmail(email, ALL_CLIENTS)[0]!.contact_id);
}

/** The links of the ticket lines (TextRuns that open a URL). */
function ticketLinks(card: CardJson): Array<{ text: string; url: string }> {
  const out: Array<{ text: string; url: string }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      const n = node as { type?: string; text?: string; selectAction?: { url?: string } };
      if (n.type === 'TextRun' && typeof n.selectAction?.url === 'string') out.push({ text: n.text ?? '', url: n.selectAction.url });
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return out;
}

describe('contact card', () => {
  it('lists the open tickets, newest first, each opening in ITFlow; resolved ones left out', async () => {
    const sally = idOf('sally@acme.example');
    const card = await h.ask(`show contact ${sally}`);
    const text = textOf(card);
    expect(text).toContain('Open tickets: 2');
    expect(text).not.toContain('Printer jam');
    const links = ticketLinks(card);
    expect(links.map((l) => l.text)).toEqual([expect.stringMatching(/^TCK-\d+ · Docking station does not detect monitors · New$/), expect.stringMatching(/Outlook keeps asking for password · Open$/)]);
    for (const link of links) expect(link.url).toMatch(new RegExp(`^${sandbox.url}/agent/ticket\\.php\\?client_id=\\d+&ticket_id=\\d+$`));
  });

  it('shows them on a card opened with a button and on a single find match too', async () => {
    const sally = idOf('sally@acme.example');
    expect(textOf(await h.execute('contact.view', { contactId: sally }))).toContain('Open tickets: 2');
    expect(textOf(await h.ask('find marcus'))).toContain('Open tickets: 1');
    expect(textOf(await h.ask(`show contact ${idOf('aisha.rahman@acme.example')}`))).toContain('No open tickets');
  });

  it('comes without the section, in time, when ITFlow does not answer for tickets', async () => {
    const priya = idOf('priya.patel@acme.example');
    sandbox.faults.set({ mode: 'hang', paths: ['tickets/read.php'], count: 1 });
    try {
      const started = Date.now();
      const card = await h.ask(`show contact ${priya}`);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(textOf(card)).toContain('Priya Patel');
      expect(textOf(card)).not.toMatch(/open tickets/i);
      expect(ticketLinks(card)).toEqual([]);
    } finally {
      sandbox.faults.clear();
    }
  });
});

describe('incoming call card', () => {
  it('carries the caller’s open tickets with links', async () => {
    const before = h.connector.calls.length;
    const res = await fetch(`${h.app.server.url}/api/calls/ringing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': TOKEN },
      body: JSON.stringify({ number: '+1 555 901 0101', callId: `call-tickets-${randomUUID()}`, extension: '201' }),
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ delivered: 'sent' });
    const card = h.connector.calls.slice(before).flatMap((c) => cardsOf(c.activity))[0]!;
    expect(textOf(card)).toContain('Incoming call — Sally Smith');
    expect(textOf(card)).toContain('Open tickets: 2');
    expect(ticketLinks(card)).toHaveLength(2);
    expect(actionTitled(card, 'Verify PIN').verb).toBe('contact.verifyPin');
  });
});
