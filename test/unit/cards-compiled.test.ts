import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compileTemplate, NOT_BOUND } from '../../src/cards/compiled-template';
import { renderCard, renderWithEngine } from '../../src/cards/render';

/*
 * The compiled templates must bind every card exactly as adaptivecards-templating does, or leave it to the
 * engine. Each template in cards/ is bound both ways to view models generated from the template itself: every
 * path it uses, typed as its use suggests ("well-typed"), or anything at all ("messy": missing, null, the wrong
 * type, text full of template syntax).
 */

const CARDS_DIR = path.join(__dirname, '../../cards');
const TEMPLATES: Array<[string, object]> = readdirSync(CARDS_DIR)
  .filter((file) => file.endsWith('.json'))
  .map((file) => [file, JSON.parse(readFileSync(path.join(CARDS_DIR, file), 'utf8')) as object]);

/** What a template needs of its data: per property, how it is used, its own properties, and its items' shape. */
interface Shape {
  fields: Map<string, Field>;
}
interface Field {
  /** 'flag': a $when condition or `!x`; 'compare': `x == '…'`; 'text': shown. */
  uses: Set<'flag' | 'compare' | 'text'>;
  literals: Set<string>;
  children: Shape | null;
  items: Shape | null;
}

function fieldAt(shape: Shape, dotted: string): Field {
  const parts = dotted.split('.');
  let scope = shape;
  let field: Field | undefined;
  for (const part of parts) {
    field = scope.fields.get(part);
    if (field === undefined) {
      field = { uses: new Set(), literals: new Set(), children: null, items: null };
      scope.fields.set(part, field);
    }
    if (part !== parts[parts.length - 1]) scope = field.children ??= { fields: new Map() };
  }
  return field!;
}

function noteExpressions(text: string, shape: Shape, inWhen: boolean): void {
  for (const [, expression] of text.matchAll(/\$\{([^}]*)\}/g)) {
    for (const operand of expression!.split('&&')) {
      const match = /^\s*(!?)\s*([\w.]+)\s*(?:(==|!=)\s*'([^']*)')?\s*$/.exec(operand);
      if (match === null) continue;
      const field = fieldAt(shape, match[2]!);
      if (match[3] !== undefined) {
        field.uses.add('compare');
        field.literals.add(match[4]!);
      } else field.uses.add(inWhen || match[1] === '!' ? 'flag' : 'text');
    }
  }
}

function shapeOf(node: unknown, shape: Shape = { fields: new Map() }): Shape {
  if (typeof node === 'string') noteExpressions(node, shape, false);
  else if (Array.isArray(node)) for (const item of node) shapeOf(item, shape);
  else if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    let scope = shape;
    if (typeof record.$data === 'string') {
      const dataPath = /^\$\{([\w.]+)\}$/.exec(record.$data)?.[1];
      if (dataPath !== undefined) scope = fieldAt(shape, dataPath).items ??= { fields: new Map() };
    }
    for (const [key, value] of Object.entries(record)) {
      if (key === '$data') continue;
      if (key === '$when' && typeof value === 'string') noteExpressions(value, scope, true);
      else shapeOf(value, scope);
    }
  }
  return shape;
}

const trickyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('', '${x}', '${name}', '$', '\uE000\uE001', `O'Brien "Mac"`, 'C:\\path', 'true', '0', '€ 5'),
);

function valueFor(field: Field, messy: boolean): fc.Arbitrary<unknown> {
  const wellTyped: fc.Arbitrary<unknown> =
    field.items !== null
      ? fc.array(viewModelFor(field.items, messy), { maxLength: 3 })
      : field.children !== null
        ? viewModelFor(field.children, messy)
        : field.uses.has('flag') && !field.uses.has('compare') && !field.uses.has('text')
          ? fc.boolean()
          : field.uses.has('compare')
            ? fc.oneof(fc.constantFrom(...field.literals), trickyText)
            : fc.oneof(trickyText, fc.integer());
  if (!messy) return wellTyped;
  return fc.oneof(
    { weight: 40, arbitrary: wellTyped },
    { weight: 1, arbitrary: fc.constantFrom(null, undefined, true, false, 0, -1.5, '', [], {}) },
    { weight: 1, arbitrary: trickyText },
    { weight: 1, arbitrary: fc.array(fc.record({ name: trickyText }, { noNullPrototype: true }), { maxLength: 2 }) },
  );
}

function viewModelFor(shape: Shape, messy: boolean): fc.Arbitrary<Record<string, unknown>> {
  const entries = [...shape.fields].map(([name, field]) => [name, valueFor(field, messy)] as const);
  // Plain objects, as view models are (the engine copies objects; a copy's prototype is Object's).
  const record = fc.record(Object.fromEntries(entries), { noNullPrototype: true });
  if (!messy || entries.length === 0) return record;
  // Now and then a property is missing altogether.
  const names = entries.map(([name]) => name);
  // Rarely enough that a big template (the add form has a dozen nested records) still binds cleanly now and then.
  const missingNames = fc.oneof({ weight: 4, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.subarray(names, { minLength: 1, maxLength: 1 }) });
  return fc.tuple(record, missingNames).map(([model, missing]) => {
    for (const name of missing) delete model[name];
    return model;
  });
}

type Outcome = { card: unknown } | { error: string };

function viaEngine(template: object, viewModel: object): Outcome {
  try {
    return { card: renderWithEngine(template, viewModel) };
  } catch (err) {
    return { error: String(err) };
  }
}

describe('compiled card templates', () => {
  it.each(TEMPLATES)('%s compiles', (_file, template) => {
    expect(compileTemplate(template)).not.toBeNull();
  });

  it.each(TEMPLATES)('%s binds well-typed view models itself, exactly as the engine does', (_file, template) => {
    const compiled = compileTemplate(template)!;
    fc.assert(
      fc.property(viewModelFor(shapeOf(template), false), (viewModel) => {
        const bound = compiled.bind(viewModel);
        expect(bound).not.toBe(NOT_BOUND);
        expect({ card: bound }).toStrictEqual(viaEngine(template, viewModel));
      }),
      { numRuns: 100 },
    );
  });

  it.each(TEMPLATES)('%s, bound to anything, gives the engine’s card or leaves it to the engine', (_file, template) => {
    const compiled = compileTemplate(template)!;
    let boundByCompiled = 0;
    fc.assert(
      fc.property(viewModelFor(shapeOf(template), true), (viewModel) => {
        const engine = viaEngine(template, viewModel);
        const bound = compiled.bind(viewModel);
        if (bound !== NOT_BOUND) {
          boundByCompiled++;
          expect({ card: bound }).toStrictEqual(engine);
        }
        // renderCard as the app calls it: the same card, or the same error.
        let rendered: Outcome;
        try {
          rendered = { card: renderCard(template, viewModel) };
        } catch (err) {
          rendered = { error: String(err) };
        }
        expect(rendered).toStrictEqual(engine);
      }),
      { numRuns: 150 },
    );
    expect(boundByCompiled).toBeGreaterThan(0);
  });

  it('leaves templates using more of the language to the engine, with the same result', () => {
    const template = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: '${count(rows)} rows' },
        { type: 'TextBlock', $data: '${rows}', text: '${$index}: ${name}' },
      ],
    };
    const viewModel = { rows: [{ name: 'a' }, { name: 'b' }] };
    expect(compileTemplate(template)).toBeNull();
    expect({ card: renderCard(template, viewModel) }).toStrictEqual(viaEngine(template, viewModel));
    expect(renderCard(template, viewModel).body).toEqual([
      { type: 'TextBlock', text: '2 rows' },
      { type: 'TextBlock', text: '0: a' },
      { type: 'TextBlock', text: '1: b' },
    ]);
  });

  it('gives every card its own objects, never the template’s', () => {
    const [, template] = TEMPLATES.find(([file]) => file === 'message.json')!;
    const compiled = compileTemplate(template)!;
    const viewModel = { style: 'good', title: 'T', text: 'x', actions: [] };
    const first = compiled.bind(viewModel) as { body: unknown[] };
    const second = compiled.bind(viewModel) as { body: unknown[] };
    expect(first).toStrictEqual(second);
    expect(first.body).not.toBe(second.body);
    expect(first.body[0]).not.toBe(second.body[0]);
  });
});
