/**
 * The layering of src/, checked by `npm run lint` (dependency-cruiser). Imports point downward only:
 * bot → contacts → itflow, bot → cards → contacts (types); botbuilder stays inside src/bot.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'itflow-is-the-bottom',
      comment: 'src/itflow talks HTTP to ITFlow and knows nothing of the domain, the cards or the bot above it.',
      severity: 'error',
      from: { path: '^src/itflow/' },
      to: { path: '^src/(contacts|bot|cards|store|identity|calls|sandbox)/' },
    },
    {
      name: 'domain-below-bot',
      comment: 'The domain (src/contacts) must not depend on the bot, the cards or the HTTP edge.',
      severity: 'error',
      from: { path: '^src/contacts/' },
      to: { path: '^src/(bot|cards|server|app)' },
    },
    {
      name: 'cards-are-pure',
      comment: 'Cards are templates bound to view models: no bot, no ITFlow I/O.',
      severity: 'error',
      from: { path: '^src/cards/' },
      to: { path: '^src/(bot|itflow/(client|transport))' },
    },
    {
      name: 'botbuilder-only-in-bot',
      comment: 'Only src/bot speaks Bot Framework, so a move to the Agents SDK stays small.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/bot/' },
      to: { path: '^node_modules/(botbuilder|botframework-)' },
    },
    {
      name: 'state-and-calls-below-bot',
      comment: 'The store, personal identities and caller ID reach Teams only through ports the bot implements.',
      severity: 'error',
      from: { path: '^src/(store|identity|calls)/' },
      to: { path: '^src/bot/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'sandbox-stands-apart',
      comment: 'The sandbox imitates ITFlow; the bot reaches it only over HTTP.',
      severity: 'error',
      from: { path: '^src/(bot|contacts|cards|itflow|store|identity|calls)/' },
      to: { path: '^src/sandbox/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(dist|data|coverage)/' },
  },
};
