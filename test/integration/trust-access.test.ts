import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { versionOf, type Contact } from '../../src/contacts/contact';
import { BotHarness } from '../support/bot-harness';
import { inputsOf, textOf } from '../support/card-inspect';
import { cardsOf, type CardJson } from '../support/connector';
import { invoke, message, TENANT_ID, TESS, type ActivityOptions } from '../support/teams-activities';
import { askAs, auditLines, writeVerbsIn } from '../support/trust-kit';
import { allContacts, contactNamed } from '../support/contacts';

/**
 * Who may talk to the bot and who may write: ALLOWED_TENANT_IDS, EDITOR_IDS (object id or UPN) and READ_ONLY,
 * enforced on the server for messages and invokes alike. Hidden buttons are checked too, but a forged write
 * (an invoke built by hand) must be refused with ITFlow untouched.
 */

const OTHER_TENANT = '0badc0de-0000-4000-8000-00000000beef';
const NORA = { id: '29:1nora-nobody', name: 'Nora Nobody', aadObjectId: '11111111-2222-4333-8444-555555555555' };
const UMA = { id: '29:1uma-upn', name: 'Uma Upn', aadObjectId: '99999999-8888-4777-8666-555555555555' };
const EDITOR_UPN = 'Uma.Upn@Contoso.example';

/** Everything a user sees in a typical session, as the cards that came back. */
async function session(h: BotHarness, as: Partial<ActivityOptions>, contact: Contact): Promise<CardJson[]> {
  const cards: CardJson[] = [];
  for (const text of ['help', 'find sally', `show contact ${contact.id}`, contact.email, 'find zebedee quixotic', 'add contact', `edit contact ${contact.id}`]) {
    cards.push(...(await askAs(h, text, as)));
  }
  const before = h.connector.calls.length;
  // The welcome is sent once per conversation: install into a new one.
  const base = message('', h.opts('personal', as));
  const install = { ...base, type: 'installationUpdate', action: 'add', text: undefined, conversation: { ...(base.conversation as object), id: `a:1${randomUUID()}` } };
  expect((await h.post(install)).status).toBe(200);
  cards.push(...h.connector.calls.slice(before).flatMap((c) => cardsOf(c.activity)));
  cards.push(await h.execute('contact.view', { contactId: contact.id }, as));
  cards.push(await h.execute('contact.cancel', { contactId: contact.id }, as));
  return cards;
}

/** Names and emails of every contact that appear in the text. */
function contactDataIn(text: string, contacts: readonly Contact[]): string[] {
  return contacts.flatMap((c) => [c.name, c.email]).filter((v) => v.length > 3 && text.includes(v));
}

describe('ALLOWED_TENANT_IDS and EDITOR_IDS', () => {
  let h: BotHarness;
  let contacts: Contact[];
  let sally: Contact;

  beforeAll(async () => {
    h = await BotHarness.start({ env: { ALLOWED_TENANT_IDS: ` ${TENANT_ID.toUpperCase()} `, EDITOR_IDS: `${TESS.aadObjectId},${EDITOR_UPN}` } });
    contacts = await allContacts(h.sandbox.url, h.sandbox.adminKey);
    sally = await contactNamed(h, 'Sally Smith');
  });
  afterAll(async () => {
    await h?.stop();
  });

  describe('another tenant', () => {
    const foreign = { tenantId: OTHER_TENANT };

    it('gets a refusal and no contact data for a message', async () => {
      const before = h.connector.calls.length;
      const cards = await askAs(h, 'find sally', foreign);
      expect(cards).toHaveLength(1);
      expect(textOf(cards[0]!)).toMatch(/not available to your organisation/i);
      expect(contactDataIn(JSON.stringify(h.connector.calls.slice(before)), contacts)).toEqual([]);
    });

    it('gets a refusal card and no contact data for Action.Execute invokes', async () => {
      for (const verb of ['contact.view', 'contact.edit', 'help']) {
        const card = await h.execute(verb, { contactId: sally.id }, foreign);
        expect(textOf(card)).toMatch(/not available/i);
        expect(contactDataIn(JSON.stringify(card), contacts)).toEqual([]);
      }
    });

    it('gets no contact data from any other invoke (message extensions, dialogs)', async () => {
      const probes = [
        invoke('composeExtension/query', { commandId: 'searchContacts', parameters: [{ name: 'query', value: 'sally' }] }, h.opts('personal', foreign)),
        invoke('composeExtension/queryLink', { url: `https://itflow.example/agent/contact.php?contact_id=${sally.id}` }, h.opts('personal', foreign)),
        invoke('task/fetch', { data: { verb: 'contact.view', contactId: sally.id } }, h.opts('personal', foreign)),
      ];
      for (const activity of probes) {
        const { status, body } = await h.post(activity);
        expect(status).toBeLessThan(500);
        expect(contactDataIn(JSON.stringify(body ?? ''), contacts)).toEqual([]);
      }
    });

    it('refuses a forged save, leaves ITFlow untouched, and audits the attempt', async () => {
      const form = await h.execute('contact.edit', { contactId: sally.id });
      const rowBefore = h.sandbox.store.getContactRow(sally.id);
      const from = h.logLines.length;
      const card = await h.click(form, 'Save', { title: 'Forged by another tenant' }, foreign);
      expect(textOf(card)).toMatch(/not available/i);
      expect(h.sandbox.store.getContactRow(sally.id)).toEqual(rowBefore);
      expect(auditLines(h.logLines, from)).toMatchObject([
        { action: 'contact.save', result: 'refused', contactId: sally.id, attemptedFields: ['title'], user: { tenantId: OTHER_TENANT } },
      ]);
    });

    it('refuses an activity that names no tenant at all, and sends nothing on install', async () => {
      const noTenant = { ...message('find sally', h.opts()), conversation: { id: 'a:1no-tenant', conversationType: 'personal' }, channelData: {} };
      const before = h.connector.calls.length;
      expect((await h.post(noTenant)).status).toBe(200);
      const cards = h.connector.calls.slice(before).flatMap((c) => cardsOf(c.activity));
      expect(cards.map(textOf).join('\n')).toMatch(/not available/i);
      expect(contactDataIn(JSON.stringify(cards), contacts)).toEqual([]);

      const install = { ...message('', h.opts('personal', foreign)), type: 'installationUpdate', action: 'add' };
      const beforeInstall = h.connector.calls.length;
      expect((await h.post(install)).status).toBe(200);
      expect(h.connector.calls.length).toBe(beforeInstall);
    });
  });

  describe('editors', () => {
    it('shows Edit and Add to an editor (matched by object id) and to nobody else', async () => {
      expect(writeVerbsIn(await session(h, {}, sally))).toEqual(expect.arrayContaining(['contact.edit', 'contact.add']));
      const noraCards = await session(h, { from: NORA }, sally);
      expect(noraCards.length).toBeGreaterThanOrEqual(10);
      expect(writeVerbsIn(noraCards)).toEqual([]);
      expect(noraCards.map(textOf).join('\n')).toContain('Sally Smith');
    });

    it('refuses a forged contact.save from a non-editor and leaves ITFlow untouched', async () => {
      const form = await h.execute('contact.edit', { contactId: sally.id });
      const rowBefore = h.sandbox.store.getContactRow(sally.id);
      const from = h.logLines.length;
      const card = await h.click(form, 'Save', { title: 'Forged by Nora', mobile: '555 000 0000' }, { from: NORA });
      expect(textOf(card)).toMatch(/not enabled for you/i);
      expect(h.sandbox.store.getContactRow(sally.id)).toEqual(rowBefore);
      expect(auditLines(h.logLines, from)).toMatchObject([
        {
          action: 'contact.save',
          result: 'refused',
          contactId: sally.id,
          attemptedFields: ['title', 'mobile'],
          changedFields: [],
          user: { id: NORA.id, aadObjectId: NORA.aadObjectId, name: NORA.name },
        },
      ]);
    });

    it('refuses a forged contact.create from a non-editor and creates nothing', async () => {
      const form = await h.ask('add contact');
      const count = h.sandbox.store.countContacts();
      const clientId = inputsOf(form).clientId!.choices![0]!.value;
      const card = await h.click(form, /^add/i, { clientId, name: 'Forged Person', email: 'forged.person@acme.example' }, { from: NORA });
      expect(textOf(card)).toMatch(/not enabled for you/i);
      expect(h.sandbox.store.countContacts()).toBe(count);
      const refusedForce = await h.execute('contact.forceSave', { contactId: sally.id, version: 'v1.x', name: 'X' }, { from: NORA });
      expect(textOf(refusedForce)).toMatch(/not enabled for you/i);
    });

    it('accepts an editor listed by UPN once the Bot Connector names the user, and only then', async () => {
      const connector = await MemberConnector.start({ [UMA.id]: { ...UMA, userPrincipalName: EDITOR_UPN.toLowerCase() } });
      try {
        const viaMembers = { from: UMA, serviceUrl: connector.url };
        for (let i = 0; i < 2; i++) expect((await h.post(message(`show contact ${sally.id}`, h.opts('personal', viaMembers)))).status).toBe(200);
        expect(connector.sentCards()).toHaveLength(2);
        expect(writeVerbsIn(connector.sentCards())).toEqual(['contact.edit', 'contact.edit']);
        // Remembered: the second turn did not ask again.
        expect(connector.memberLookups).toBe(1);

        const card = await h.execute('contact.view', { contactId: sally.id }, viaMembers);
        expect(writeVerbsIn([card])).toEqual(['contact.edit']);
      } finally {
        await connector.stop();
      }
      // The harness connector knows no members: the lookup fails and the user is not an editor (fail closed).
      const stranger = { ...UMA, id: '29:1uma-elsewhere', aadObjectId: '99999999-8888-4777-8666-000000000000' };
      expect(writeVerbsIn(await askAs(h, `show contact ${sally.id}`, { from: stranger }))).toEqual([]);
    });
  });
});

describe('READ_ONLY=true', () => {
  let h: BotHarness;
  let sally: Contact;

  beforeAll(async () => {
    h = await BotHarness.start({ env: { READ_ONLY: 'true', EDITOR_IDS: TESS.aadObjectId } });
    sally = await contactNamed(h, 'Sally Jones');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('shows no Edit or Add button anywhere, even to a listed editor', async () => {
    const cards = await session(h, {}, sally);
    expect(textOf(cards[2]!)).toContain('Sally Jones');
    expect(writeVerbsIn(cards)).toEqual([]);
  });

  it('refuses every write on the server: save, force save, create', async () => {
    const count = h.sandbox.store.countContacts();
    const rowBefore = h.sandbox.store.getContactRow(sally.id);
    const version = versionOf(sally);
    const from = h.logLines.length;
    const answers = [
      await h.execute('contact.save', { contactId: sally.id, version, name: sally.name, email: sally.email, title: 'Read-only?' }),
      await h.execute('contact.forceSave', { contactId: sally.id, version, name: sally.name, email: sally.email, title: 'Read-only!' }),
      await h.execute('contact.create', { formId: 'f-1', clientId: String(sally.clientId), name: 'New Person', email: 'new.person@globex.example' }),
      await h.execute('contact.edit', { contactId: sally.id }),
      await h.execute('contact.add', {}),
    ];
    for (const card of answers) expect(textOf(card)).toMatch(/not enabled for you/i);
    expect(h.sandbox.store.getContactRow(sally.id)).toEqual(rowBefore);
    expect(h.sandbox.store.countContacts()).toBe(count);
    expect(auditLines(h.logLines, from).map((a) => [a.action, a.result])).toEqual([
      ['contact.save', 'refused'],
      ['contact.forceSave', 'refused'],
      ['contact.create', 'refused'],
      ['contact.edit', 'refused'],
      ['contact.add', 'refused'],
    ]);
  });

  it('answers the typed "edit" and "add" commands with the same refusal', async () => {
    for (const text of [`edit contact ${sally.id}`, 'add contact Wanda Writer wanda@globex.example']) {
      const cards = await askAs(h, text, {});
      expect(cards).toHaveLength(1);
      expect(textOf(cards[0]!)).toMatch(/not enabled for you/i);
    }
  });
});

/** A Bot Connector stand-in that also answers TeamsInfo.getMember (GET …/members/{id}) with a UPN. */
class MemberConnector {
  memberLookups = 0;
  private readonly sent: CardJson[] = [];
  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(members: Record<string, { id: string; name: string; aadObjectId: string; userPrincipalName: string }>): Promise<MemberConnector> {
    let self: MemberConnector | null = null;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const member = /\/v3\/conversations\/[^/]+\/members\/([^/?]+)/.exec(req.url ?? '');
        res.setHeader('content-type', 'application/json');
        if (req.method === 'GET' && member) {
          self!.memberLookups++;
          const found = members[decodeURIComponent(member[1]!)];
          res.statusCode = found ? 200 : 404;
          res.end(JSON.stringify(found ? { ...found, tenantId: TENANT_ID } : {}));
          return;
        }
        if (req.method === 'POST' && /\/activities/.test(req.url ?? '')) {
          self!.sent.push(...cardsOf(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Parameters<typeof cardsOf>[0]));
        }
        res.end(JSON.stringify({ id: 'activity-1' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new MemberConnector(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return self;
  }

  sentCards(): CardJson[] {
    return [...this.sent];
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
