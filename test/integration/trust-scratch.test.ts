import { BotHarness } from '../support/bot-harness';
import { message, TESS, TENANT_ID } from '../support/teams-activities';

let h: BotHarness;
beforeAll(async () => { h = await BotHarness.start({ env: { ALLOWED_TENANT_IDS: ` ${TENANT_ID.toUpperCase()} `, EDITOR_IDS: `${TESS.aadObjectId},a@b.example` } }); });
afterAll(async () => { await h?.stop(); });

it('probe', async () => {
  const NORA = { id: '29:1nora-nobody', name: 'Nora Nobody', aadObjectId: '11111111-2222-4333-8444-555555555555' };
  for (const who of [TESS, NORA, TESS, NORA]) {
    const before = h.connector.calls.length;
    const install = { ...message('', h.opts('personal', { from: who })), type: 'installationUpdate', action: 'add', text: undefined };
    const r = await h.post(install);
    console.log(who.name, r.status, h.connector.calls.length - before);
  }
}, 60000);
