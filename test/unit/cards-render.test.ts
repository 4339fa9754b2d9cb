import fc from 'fast-check';
import { CardTemplateError, renderCard } from '../../src/cards/render';

const template = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [
    { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: '${name}' }] },
    { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Hello ${name}!' }] },
    { type: 'Container', $when: "${note != ''}", items: [{ type: 'TextBlock', text: '${note}' }] },
  ],
  actions: [{ type: 'Action.Execute', title: 'Go', verb: 'go', data: { verb: 'go', id: '${id}' } }],
};

function texts(card: ReturnType<typeof renderCard>): unknown[] {
  return card.body.map((el) => {
    const e = el as { inlines?: Array<{ text: unknown }>; items?: Array<{ text: unknown }> };
    return (e.inlines ?? e.items ?? [])[0]?.text;
  });
}

describe('renderCard', () => {
  it('binds view-model values and keeps their types', () => {
    const card = renderCard(template, { name: 'Sally', note: '', id: 8 });
    expect(texts(card)).toEqual(['Sally', 'Hello Sally!']);
    expect(card.actions).toEqual([{ type: 'Action.Execute', title: 'Go', verb: 'go', data: { verb: 'go', id: 8 } }]);
  });

  it.each([
    ['a template expression', '${x}'],
    ['the value it is bound to', '${name}'],
    ['a nested one', 'a ${b ${c}} d'],
    ['a dollar at the end', 'costs 5$'],
    ['the escape characters themselves', '\uE000\uE001\uE002 $\uE000'],
  ])('renders user text containing %s literally', (_what, text) => {
    const card = renderCard(template, { name: text, note: text, id: 1 });
    expect(texts(card)).toEqual([text, `Hello ${text}!`, text]);
  });

  it.each([
    ['quotes', `Marcus "Mac" O'Brien`],
    ['backslashes', 'C:\\Users\\sally \\n not a newline'],
    ['newlines', 'line one\nline two\r\nline three'],
    ['emoji and accents', 'José Álvarez 👩‍💻 ★'],
    ['html', '<b>bold</b> <script>alert(1)</script>'],
    ['markdown links', '[link](http://evil.example) **bold** _it_'],
  ])('binds user text with %s unchanged', (_what, text) => {
    const card = renderCard(template, { name: text, note: text, id: 1 });
    expect(texts(card)).toEqual([text, `Hello ${text}!`, text]);
  });

  it('binds any text, including template syntax and the escape characters, exactly as given', () => {
    const piece = fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('${', '}', '$', '\uE000', '\uE001', '\uE002', '${name}', "'", '"', '\\'));
    const text = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (value) => {
        const card = renderCard(template, { name: value, note: value, id: 1 });
        expect(texts(card)).toEqual(value === '' ? [value, `Hello ${value}!`] : [value, `Hello ${value}!`, value]);
      }),
    );
  });

  it('leaves the template object untouched so it can be bound again', () => {
    const before = JSON.stringify(template);
    renderCard(template, { name: 'One', note: 'n', id: 1 });
    const second = renderCard(template, { name: 'Two', note: '', id: 2 });
    expect(JSON.stringify(template)).toBe(before);
    expect(texts(second)).toEqual(['Two', 'Hello Two!']);
  });

  it('throws when the view model lacks a field the template uses', () => {
    expect(() => renderCard(template, { name: 'Sally', note: '' })).toThrow(CardTemplateError);
    expect(() => renderCard(template, { name: 'Sally', note: '' })).toThrow(/actions\[0\]\.data\.id: \$\{id\}/);
  });

  it('throws on an unbound expression even when user text also contains one', () => {
    const withTypo = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: '${nmae}' }, { type: 'TextBlock', text: '${name}' }],
    };
    expect(() => renderCard(withTypo, { name: '${nmae}' })).toThrow(/body\[0\]\.text/);
  });

  it('throws when a $when is not an expression (it would always hide its element)', () => {
    const broken = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', $when: 'true', text: 'x' }] };
    expect(() => renderCard(broken, {})).toThrow(/is not an Adaptive Expression/);
  });

  it('throws a CardTemplateError for a template expression that does not parse', () => {
    const broken = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', $when: '${(}', text: 'x' }] };
    expect(() => renderCard(broken, {})).toThrow(CardTemplateError);
  });

  it('throws when the template does not produce a card', () => {
    expect(() => renderCard({ type: 'TextBlock', text: '${name}' }, { name: 'x' })).toThrow(/did not produce/);
  });
});
