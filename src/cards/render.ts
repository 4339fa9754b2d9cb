import * as ACData from 'adaptivecards-templating';
import { compileTemplate, NOT_BOUND, type CompiledTemplate } from './compiled-template';

export type AdaptiveCardJson = {
  type: 'AdaptiveCard';
  version: string;
  body: unknown[];
  actions?: unknown[];
  [k: string]: unknown;
};

/** Thrown when a template and its view model do not fit together: a programming error, never a user error. */
export class CardTemplateError extends Error {
  override name = 'CardTemplateError';
}

/*
 * User text may itself contain "${x}". The templating engine does not re-expand data values, but then a leftover
 * expression in the output could be either a template bug or user text. So every "$" in the view model is swapped
 * for a private-use marker before binding; after binding, any "${" left must come from the template, and the
 * markers are swapped back. ESCAPE itself is doubled first so that text already containing it survives unchanged.
 */
const ESCAPE = '\uE000';
const ESCAPED_ESCAPE = `${ESCAPE}\uE001`;
const ESCAPED_DOLLAR = `${ESCAPE}\uE002`;

function hideDollars(text: string): string {
  return text.replaceAll(ESCAPE, ESCAPED_ESCAPE).replaceAll('$', ESCAPED_DOLLAR);
}

function revealDollars(text: string): string {
  return text.replace(/\uE000([\uE001\uE002])/g, (_, kind: string) => (kind === '\uE001' ? ESCAPE : '$'));
}

function mapStrings(value: unknown, fn: (text: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, fn));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  }
  return value;
}

/** True when some string in the value contains "$" or the marker, i.e. escaping is needed at all. */
function hasDollars(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('$') || value.includes(ESCAPE);
  if (Array.isArray(value)) return value.some(hasDollars);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasDollars);
  return false;
}

/**
 * Template keys that are consumed by binding; "$schema" is the only "$" key a bound card may keep. The path is
 * only spelled out for a hit: this walk runs for every card sent.
 */
function findLeftovers(value: unknown, path: Array<string | number>, out: string[]): void {
  const where = () => '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
  if (typeof value === 'string') {
    if (value.includes('${')) out.push(`${where()}: ${value}`);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      findLeftovers(value[i], path, out);
      path.pop();
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      path.push(k);
      if (k.startsWith('$') && k !== '$schema') out.push(`${where()}: unbound template key`);
      findLeftovers(v, path, out);
      path.pop();
    }
  }
}

function isAdaptiveCard(value: unknown): value is AdaptiveCardJson {
  if (value === null || typeof value !== 'object') return false;
  const card = value as Record<string, unknown>;
  return card.type === 'AdaptiveCard' && typeof card.version === 'string' && Array.isArray(card.body);
}

/** Each template prepared once, both ways: for the engine, and compiled (null where it does not compile). */
const prepared = new WeakMap<object, { engine: ACData.Template; compiled: CompiledTemplate | null }>();

function templateFor(template: object): { engine: ACData.Template; compiled: CompiledTemplate | null } {
  let t = prepared.get(template);
  if (t === undefined) {
    let engine: ACData.Template;
    try {
      engine = new ACData.Template(template);
    } catch (err) {
      throw new CardTemplateError(`card template has an invalid expression: ${(err as Error).message}`);
    }
    t = { engine, compiled: compileTemplate(template) };
    prepared.set(template, t);
  }
  return t;
}

/*
 * The engine also warns "Unable to parse" for every $when that is merely false, so only the warning about a
 * $when that is not an expression at all (the element is then always dropped) says something is wrong.
 */
function realWarnings(warnings: string[]): string[] {
  return warnings.filter((w) => w.includes('is not an Adaptive Expression'));
}

/**
 * Binds a card template to its view model. Throws CardTemplateError when an expression is left unbound (a view
 * model missing a field the template uses) or the result is not a card, so a broken card never reaches a user.
 * The compiled template binds it when it can (see compiled-template.ts); otherwise the templating engine does.
 */
export function renderCard<T extends object>(template: object, viewModel: T): AdaptiveCardJson {
  const compiled = templateFor(template).compiled?.bind(viewModel) ?? NOT_BOUND;
  if (compiled === NOT_BOUND) return renderWithEngine(template, viewModel);
  if (!isAdaptiveCard(compiled)) throw new CardTemplateError('card template did not produce an AdaptiveCard');
  return compiled;
}

/** renderCard, always through adaptivecards-templating: the reference the compiled templates are held to. */
export function renderWithEngine<T extends object>(template: object, viewModel: T): AdaptiveCardJson {
  const t = templateFor(template).engine;
  // Most view models hold no "$" at all; then neither deep copy is needed.
  const escaped = hasDollars(viewModel);
  const bound: unknown = t.expand({ $root: escaped ? mapStrings(viewModel, hideDollars) : viewModel });
  const problems = realWarnings(t.getLastTemplateExpansionWarnings());
  findLeftovers(bound, [], problems);
  if (problems.length > 0) {
    throw new CardTemplateError(`card template left unbound expressions:\n${problems.slice(0, 10).join('\n')}`);
  }
  const card = escaped ? mapStrings(bound, revealDollars) : bound;
  if (!isAdaptiveCard(card)) throw new CardTemplateError('card template did not produce an AdaptiveCard');
  return card;
}
