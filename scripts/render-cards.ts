/**
 * Renders sample cards to docs/cards/*.png with the official adaptivecards renderer in headless Debian Chromium,
 * under a Teams-like (light) host config, so a person can see what the bot sends without opening Teams.
 *
 *   npx tsx scripts/render-cards.ts            (needs /usr/bin/chromium: apt-get install -y chromium)
 *   npx tsx scripts/render-cards.ts incoming-call pin-check     (only these)
 *
 * Nothing is fetched: the page is built from local files and every request it would make is refused.
 */
import { fixedCardContext } from '../src/cards/fixed-context';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { cards, type AdaptiveCardJson, type CardContext } from '../src/cards/views';
import { incomingCallCard } from '../src/cards/incoming-call';
import { pinCheckCard } from '../src/cards/pin-check';
import type { Client, Location } from '../src/itflow/types';
import type { Contact } from '../src/contacts/contact';

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, 'docs', 'cards');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CARD_WIDTH_PX = 520;

// ---------------------------------------------------------------- sample data

const clients: Client[] = [
  { id: 1, name: 'Acme Corp' },
  { id: 2, name: 'Globex' },
];
const locations: Location[] = [
  { id: 11, clientId: 1, name: 'Acme HQ', archivedAt: null },
  { id: 12, clientId: 1, name: 'Acme Warehouse', archivedAt: null },
  { id: 21, clientId: 2, name: 'Globex Campus', archivedAt: null },
  { id: 22, clientId: 2, name: 'Globex R&D Lab', archivedAt: null },
];

function sample(fields: Partial<Contact>): Contact {
  return {
    id: 8,
    clientId: 1,
    name: 'Sally Smith',
    title: 'Office Manager',
    department: 'Administration',
    email: 'sally@acme.example',
    phone: '5552020100',
    extension: '214',
    mobile: '5559010111',
    phoneCountryCode: null,
    mobileCountryCode: null,
    notes: 'Prefers email before 10am. Signs off on hardware purchases.',
    primary: true,
    important: true,
    billing: false,
    technical: true,
    locationId: 11,
    authMethod: null,
    createdAt: '2025-01-10 09:00:00',
    updatedAt: '2025-03-02 14:30:00',
    archivedAt: null,
    ...fields,
  };
}

const sally = sample({});
const hits: Contact[] = [
  sally,
  sample({ id: 14, name: 'Sally Jones', title: 'Accountant', department: 'Finance', email: 'sally.jones@globex.example', clientId: 2, phone: '', extension: '', mobile: '15559010122', important: false, primary: false, billing: true, technical: false }),
  sample({ id: 31, name: "Sally O'Neill", title: 'Site Lead', email: 'soneill@acme.example', phone: '5552020177', extension: '', important: false, primary: false }),
  sample({ id: 40, name: 'Sally Álvarez', title: '', email: 'salvarez@globex.example', clientId: 2, phone: '', extension: '', mobile: '', important: false, archivedAt: '2025-02-14 08:15:00' }),
];

const ctx: CardContext = fixedCardContext(clients, locations);

const samples: Array<[string, AdaptiveCardJson]> = [
  ['results', cards.results({ query: 'sally' }, hits, ctx, { total: 11, note: 'Still loading the directory: 1,200 contacts so far' })],
  ['contact', cards.contact(sally, ctx, { banner: { tone: 'good', text: 'Saved by Alex Tech.' } })],
  ['edit', cards.editForm(sally, ctx, {
    version: 'sample-version',
    values: { email: 'sally@acme', title: 'Operations Lead' },
    errors: { email: 'Email does not look like an address (name@example.com)' },
    banner: { tone: 'attention', text: 'Nothing was saved: fix the field marked below.' },
  })],
  ['add', cards.addForm(ctx, {
    formId: 'sample-form',
    values: { name: 'Sally Smith', email: 'sally@acme.example', clientId: '1' },
    errors: { email: 'Sally Smith at Acme Corp already has this email.' },
    existing: sally,
  })],
  ['conflict', cards.conflict(sally, ctx, {
    version: 'sample-version',
    values: { title: 'Operations Lead', mobile: '(555) 901-0199' },
    differences: [
      { field: 'title', label: 'Title', theirs: 'Office Manager', yours: 'Operations Lead' },
      { field: 'mobile', label: 'Mobile', theirs: '', yours: '(555) 901-0199' },
    ],
    changedBy: 'Alex Tech changed it through Teams at 2025-06-01 14:03 UTC.',
  })],
  ['no-match', cards.noMatch('nora', ctx, { prefill: { name: 'Nora' } })],
  ['message', cards.message({ tone: 'warning', title: 'ITFlow is not answering', text: 'The search used the copy loaded 4 minutes ago. Try again in a minute.', actions: [{ title: 'Try again', verb: 'help' }] })],
  ['incoming-call', incomingCallCard('+15552020100', [{
    contact: sally,
    tickets: {
      count: 2,
      countIsExact: true,
      latest: [
        { label: 'TCK-41 · Docking station does not detect monitors · New', url: 'https://itflow.example/agent/ticket.php?client_id=1&ticket_id=41' },
        { label: 'TCK-37 · Outlook keeps asking for password · Open', url: 'https://itflow.example/agent/ticket.php?client_id=1&ticket_id=37' },
      ],
    },
  }], false, { clientName: (id) => ctx.clientName(id), contactLink: (c) => ctx.contactLink(c), canEdit: true, canVerifyPin: true })],
  ['pin-check', pinCheckCard({ contactId: sally.id, name: sally.name, client: 'Acme Corp' })],
  ['help', cards.help(ctx)],
  ['welcome', cards.welcome(ctx)],
  ['welcome-channel', cards.welcome({ ...ctx, conversation: 'channel' })],
];

// ---------------------------------------------------------------- a Teams-like host

const FONT = "'Segoe UI', 'Open Sans', system-ui, sans-serif";
const sizes = { small: 12, default: 14, medium: 16, large: 20, extraLarge: 24 };
const weights = { lighter: 300, default: 400, bolder: 600 };
const colors = (main: string, subtle: string) => ({ default: main, subtle });
const foreground = {
  default: colors('#242424', '#616161'),
  dark: colors('#242424', '#616161'),
  light: colors('#FFFFFF', '#F0F0F0'),
  accent: colors('#5B5FC7', '#7579EB'),
  good: colors('#0E700E', '#107C10'),
  warning: colors('#A05E03', '#B96A00'),
  attention: colors('#C4314B', '#D13438'),
};
const style = (backgroundColor: string) => ({ backgroundColor, foregroundColors: foreground });

const hostConfig = {
  fontFamily: FONT,
  fontTypes: {
    default: { fontFamily: FONT, fontSizes: sizes, fontWeights: weights },
    monospace: { fontFamily: "'Cascadia Mono', 'DejaVu Sans Mono', monospace", fontSizes: { ...sizes, default: 13 }, fontWeights: weights },
  },
  spacing: { small: 6, default: 10, medium: 14, large: 20, extraLarge: 28, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E6E6E6' },
  supportsInteractivity: true,
  containerStyles: {
    default: style('#FFFFFF'),
    emphasis: style('#F5F5F5'),
    accent: style('#EBEBF7'),
    good: style('#E7F4E4'),
    attention: style('#FDE7E9'),
    warning: style('#FFF4CE'),
  },
  actions: { maxActions: 6, spacing: 'default', buttonSpacing: 8, actionsOrientation: 'horizontal', actionAlignment: 'left', showCard: { actionMode: 'inline' } },
  inputs: {
    label: {
      inputSpacing: 'small',
      requiredInputs: { weight: 'bolder', suffix: ' *', suffixColor: 'attention' },
      optionalInputs: { weight: 'bolder' },
    },
    errorMessage: { size: 'small', spacing: 'small', weight: 'default' },
  },
};

const TEAMS_CSS = `
  body { margin: 0; padding: 24px; background: #F5F5F5; font-family: ${FONT}; }
  #frame { width: ${CARD_WIDTH_PX}px; background: #FFF; border: 1px solid #E0E0E0; border-radius: 8px;
           box-shadow: 0 1px 2px rgba(0,0,0,.12); overflow: hidden; }
  .ac-pushButton { font-family: ${FONT}; font-size: 14px; font-weight: 600; color: #242424; background: #FFF;
                   border: 1px solid #D1D1D1; border-radius: 4px; padding: 5px 12px; flex: 0 1 auto !important; }
  .ac-pushButton.style-positive { background: #5B5FC7; border-color: #5B5FC7; color: #FFF; }
  .ac-pushButton.style-destructive { background: #FFF; border-color: #C4314B; color: #C4314B; }
  .ac-input.ac-textInput, .ac-input.ac-multichoiceInput, .ac-input select, .ac-choiceSetInput-filtered-textbox {
    font-family: ${FONT}; font-size: 14px; border: 1px solid #D1D1D1; border-bottom-color: #616161;
    border-radius: 4px; padding: 5px 8px; background: #FFF; color: #242424; box-sizing: border-box; }
  .ac-input.ac-textInput.ac-multiline { height: 64px; }
  .ac-toggleInput input { accent-color: #5B5FC7; }
  .ac-input-validation-failed { border-color: #C4314B !important; }
  .ac-container.ac-selectable:hover { background-color: #F5F5F5 !important; }
`;

function pageHtml(): string {
  const library = readFileSync(require.resolve('adaptivecards/dist/adaptivecards.min.js'), 'utf8');
  const libraryCss = readFileSync(require.resolve('adaptivecards/dist/adaptivecards.css'), 'utf8');
  // Plain page script (not TypeScript): this project compiles without DOM types.
  const renderer = `
    window.renderSample = function (payload) {
      var card = new AdaptiveCards.AdaptiveCard();
      card.hostConfig = new AdaptiveCards.HostConfig(${JSON.stringify(hostConfig)});
      card.parse(payload);
      var frame = document.getElementById('frame');
      frame.replaceChildren(card.render());
      return document.fonts.ready.then(function () { return frame.offsetHeight; });
    };`;
  return `<!doctype html><html><head><meta charset="utf-8">
    <style>${libraryCss}</style><style>${TEAMS_CSS}</style>
    <script>${library}</script><script>${renderer}</script>
    </head><body><div id="frame"></div></body></html>`;
}

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: CARD_WIDTH_PX + 48, height: 800 }, deviceScaleFactor: 2 });
    await page.route('**/*', (route) => route.abort());
    await page.setContent(pageHtml());
    const only = process.argv.slice(2);
    for (const [name, card] of samples.filter(([n]) => only.length === 0 || only.includes(n))) {
      await page.evaluate(`window.renderSample(${JSON.stringify(card)})`);
      const file = path.join(OUT_DIR, `${name}.png`);
      await page.locator('#frame').screenshot({ path: file });
      console.log(`wrote ${path.relative(ROOT, file)}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
