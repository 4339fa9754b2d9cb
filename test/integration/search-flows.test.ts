import { BotHarness } from '../support/bot-harness';
import { actionsOf, leftoverTemplateExpressions, textOf } from '../support/card-inspect';
import { cardsOf, type CardJson } from '../support/connector';

/**
 * Issue 11: the right person first. Messages over HTTP into the real bot against the demo sandbox (two Sallys,
 * John Carter, archived Kevin O'Neill), cards out.
 */
let h: BotHarness;

beforeAll(async () => {
  h = await BotHarness.start();
});
afterAll(async () => {
  await h?.stop();
});

function openedNames(card: CardJson): string[] {
  return actionsOf(card)
    .filter((a) => a.verb === 'results.open')
    .map((a) => String(a.title ?? ''));
}

function isResultsListing(card: CardJson, ...names: string[]): void {
  expect(leftoverTemplateExpressions(card)).toEqual([]);
  const text = textOf(card);
  for (const name of names) expect(text).toContain(name);
  expect(actionsOf(card).filter((a) => a.verb === 'results.open').length).toBeGreaterThanOrEqual(names.length);
}

describe('ranking: a lone hit opens only when nobody else is close', () => {
  it('"find jon" lists Sally Jones and John Carter instead of opening Sally', async () => {
    const card = await h.ask('find jon');
    isResultsListing(card, 'Sally Jones', 'John Carter');
    expect(actionsOf(card).some((a) => a.verb === 'contact.edit')).toBe(false);
  });

  it('a bare "jon" answers the same as "find jon"', async () => {
    const bare = await h.ask('jon');
    isResultsListing(bare, 'Sally Jones', 'John Carter');
    expect(openedNames(bare)).toEqual(openedNames(await h.ask('find jon')));
  });

  it('a name nobody else is near still opens the contact directly', async () => {
    const card = await h.ask('find scorpio');
    expect(textOf(card)).toContain('Hank Scorpio');
    expect(actionsOf(card).some((a) => a.verb === 'results.open')).toBe(false);
  });
});

describe('did you mean', () => {
  it('"jonh smiht" and "find jonh smiht" both offer the nearest names, one tap each', async () => {
    const bare = await h.ask('jonh smiht');
    const found = await h.ask('find jonh smiht');
    for (const card of [bare, found]) {
      expect(leftoverTemplateExpressions(card)).toEqual([]);
      expect(textOf(card)).toMatch(/No contacts match/);
      expect(textOf(card)).toMatch(/Did you mean/);
    }
    const offers = (card: CardJson): string[] => actionsOf(card).filter((a) => a.verb === 'contact.view').map((a) => String(a.title));
    expect(offers(bare)).toEqual(offers(found));
    expect(offers(bare).some((t) => t.startsWith('John Carter'))).toBe(true);
    expect(offers(bare).some((t) => t.startsWith('Sally Smith'))).toBe(true);

    const john = await h.click(bare, /^John Carter/);
    expect(textOf(john)).toContain('John Carter');
    expect(textOf(john)).toContain('IT Director');
  });

  it('gibberish typed bare still gets the help card', async () => {
    const replies = await h.say('qwxz vbnm');
    const cards = replies.flatMap(cardsOf);
    expect(cards).toHaveLength(1);
    expect(textOf(cards[0]!)).not.toMatch(/Did you mean/);
    expect(textOf(cards[0]!)).toMatch(/find/i);
  });
});

describe('archived contacts are mentioned, not silently hidden', () => {
  it('"find kevin" says one archived contact matches, and Show lists him', async () => {
    const card = await h.ask('find kevin');
    expect(textOf(card)).toMatch(/No contacts match/);
    expect(textOf(card)).toContain('1 archived contact matches');
    const shown = await h.click(card, 'Show');
    expect(textOf(shown)).toContain("Kevin O'Neill");
    expect(textOf(shown)).toMatch(/Archived/);
  });

  it('a bare "kevin" answers the same way', async () => {
    expect(textOf(await h.ask('kevin'))).toContain('1 archived contact matches');
  });
});

describe('international numbers in and out (demo seed: Harriet Clarke, 02079460958 with country code 44)', () => {
  it.each(['find +44 20 7946 0958', '+44 20 7946 0958', 'find 2079460958', 'find 0044 20 7946 0958'])('"%s" finds her', async (typed) => {
    const card = await h.ask(typed);
    expect(textOf(card)).toContain('Harriet Clarke');
  });

  it('her card shows the numbers in international format and calls them in E.164; US numbers stay national', async () => {
    const card = await h.ask('find harriet clarke');
    expect(textOf(card)).toContain('+44 20 7946 0958');
    expect(textOf(card)).toContain('+44 7700 900461');
    expect(textOf(card)).not.toContain('02079460958');
    const urls = actionsOf(card).map((a) => a.url ?? '');
    expect(urls).toContain('tel:+442079460958;ext=12');
    expect(urls).toContain('tel:+447700900461');

    const sally = await h.ask('find sally smith');
    expect(textOf(sally)).toContain('(555) 101-0100');
    expect(textOf(sally)).not.toContain('+1 (555)');
    expect(actionsOf(sally).map((a) => a.url ?? '')).toContain('tel:+15551010100;ext=101');
  });
});
