/**
 * Card templates compiled once into a plain tree that binds a view model without the templating engine.
 *
 * adaptivecards-templating evaluates every `${…}` through adaptive-expressions: a memory object, an options
 * object and a case-insensitive key search per value, for every value of every card. Our templates use a small
 * part of the language — a property path (`${name}`, `${banner.text}`), a path compared with a string
 * (`${role != ''}`), text around them, `$when` and `$data` — and for that part the result can be computed
 * directly, ~10× cheaper (also `!`, `&&` and `||` on such values). The engine stays the reference:
 * - a template using anything else does not compile, and is always bound by the engine;
 * - binding gives up (returns NOT_BOUND) on anything whose result it does not know exactly like the engine —
 *   a missing or null value, a $when that is not a boolean, a comparison with something other than a string —
 *   and the engine then binds that card (and reports what is wrong with it).
 * Within that part the two agree exactly; a property test binds every card template both ways to compare.
 * Property names are looked up exactly, where the engine ignores case: view models never have two properties
 * whose names differ only in case.
 */

export const NOT_BOUND: unique symbol = Symbol('not bound');

type Path = readonly string[];
type Expression =
  | { kind: 'path'; path: Path }
  | { kind: 'compare'; path: Path; negated: boolean; literal: string }
  | { kind: 'not'; operand: Expression }
  | { kind: 'and'; operands: Expression[] }
  | { kind: 'or'; operands: Expression[] };
type Part = string | Expression;

type Node =
  | { kind: 'constant'; value: string | number | boolean | null }
  /** A string that is one expression: its value as it is (a number stays a number). */
  | { kind: 'value'; expression: Expression }
  /** Text with expressions in it: always a string. */
  | { kind: 'text'; parts: Part[] }
  | { kind: 'array'; items: Node[] }
  | { kind: 'object'; when: Expression | null; data: Path | null; entries: Array<[string, Node]> };

export interface CompiledTemplate {
  /** The bound card, or NOT_BOUND where only the engine can say what the result is. */
  bind(viewModel: object): unknown;
}

/** Keys the engine consumes and never copies to the output. */
const RESERVED = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Words the expression language reads as values, not as property names. */
const LITERAL_WORDS = new Set(['true', 'false', 'null', 'undefined']);
/** One operand: `path`, `!path`, or `path == 'text'` / `path != 'text'`. */
const OPERAND = /^\s*(!?)\s*([A-Za-z_][\w.]*)\s*(?:(==|!=)\s*'([^'\\&|]*)'\s*)?$/;
/** Characters that the expression language's string templates treat specially, outside of `${…}`. */
const SPECIAL_IN_TEXT = /[\\`${}]/;

class NotCompilable extends Error {}
class NotBound extends Error {}

/** The template compiled, or null when it uses more of the language than this covers. */
export function compileTemplate(template: unknown): CompiledTemplate | null {
  let root: Node;
  try {
    root = compileNode(template);
  } catch (err) {
    if (err instanceof NotCompilable) return null;
    throw err;
  }
  return {
    bind(viewModel: object): unknown {
      try {
        return bindNode(root, viewModel);
      } catch (err) {
        if (err instanceof NotBound) return NOT_BOUND;
        throw err;
      }
    },
  };
}

function compileNode(node: unknown): Node {
  if (typeof node === 'string') return compileString(node);
  if (node === null || typeof node === 'number' || typeof node === 'boolean') return { kind: 'constant', value: node };
  if (Array.isArray(node)) return { kind: 'array', items: node.map(compileNode) };
  if (typeof node === 'object') {
    const record = node as Record<string, unknown>;
    const when = record.$when === undefined ? null : wholeExpression(record.$when);
    const data = record.$data === undefined ? null : wholeExpression(record.$data);
    if (data !== null && data.kind !== 'path') throw new NotCompilable();
    const entries = Object.keys(record)
      .filter((key) => !RESERVED.has(key))
      .map((key): [string, Node] => [key, compileNode(record[key])]);
    return { kind: 'object', when, data: data?.path ?? null, entries };
  }
  throw new NotCompilable();
}

function compileString(text: string): Node {
  if (!text.includes('${')) return { kind: 'constant', value: text };
  const parts: Part[] = [];
  let at = 0;
  while (at < text.length) {
    const start = text.indexOf('${', at);
    const literal = text.slice(at, start < 0 ? text.length : start);
    if (SPECIAL_IN_TEXT.test(literal)) throw new NotCompilable();
    if (literal !== '') parts.push(literal);
    if (start < 0) break;
    const end = text.indexOf('}', start);
    if (end < 0) throw new NotCompilable();
    parts.push(expression(text.slice(start + 2, end)));
    at = end + 1;
  }
  const only = parts[0];
  return parts.length === 1 && typeof only === 'object' ? { kind: 'value', expression: only } : { kind: 'text', parts };
}

/** `$when` and `$data` must be one expression, nothing around it. */
function wholeExpression(value: unknown): Expression {
  if (typeof value !== 'string') throw new NotCompilable();
  const node = compileString(value);
  if (node.kind !== 'value') throw new NotCompilable();
  return node.expression;
}

/** `||` binds looser than `&&`, as in the engine. */
function expression(text: string): Expression {
  const alternatives = text.split('||').map(conjunction);
  return alternatives.length === 1 ? alternatives[0]! : { kind: 'or', operands: alternatives };
}

function conjunction(text: string): Expression {
  const operands = text.split('&&').map(operand);
  return operands.length === 1 ? operands[0]! : { kind: 'and', operands };
}

function operand(text: string): Expression {
  const match = OPERAND.exec(text);
  if (match === null) throw new NotCompilable();
  const [, not, dotted, comparison, literal] = match;
  const path = dotted!.split('.');
  if (!path.every((part) => IDENTIFIER.test(part)) || LITERAL_WORDS.has(path[0]!)) throw new NotCompilable();
  if (comparison === undefined) return not === '!' ? { kind: 'not', operand: { kind: 'path', path } } : { kind: 'path', path };
  if (not === '!') throw new NotCompilable();
  return { kind: 'compare', path, negated: comparison === '!=', literal: literal! };
}

function bindNode(node: Node, data: unknown): unknown {
  switch (node.kind) {
    case 'constant':
      return node.value;
    case 'value':
      return evaluate(node.expression, data);
    case 'text':
      return node.parts.map((part) => (typeof part === 'string' ? part : textOf(evaluate(part, data)))).join('');
    case 'array': {
      const out: unknown[] = [];
      for (const item of node.items) {
        const bound = bindNode(item, data);
        // As the engine does: dropped items vanish, and an item that became several is spliced in.
        if (Array.isArray(bound)) out.push(...(bound as unknown[]));
        else if (bound !== null) out.push(bound);
      }
      return out;
    }
    case 'object':
      return bindObject(node, data);
  }
}

function bindObject(node: Extract<Node, { kind: 'object' }>, data: unknown): unknown {
  let contexts: unknown[] = [data];
  if (node.data !== null) {
    const value = lookup(node.data, data);
    // Each element becomes the data of one copy; an undefined element leaves the outer data in place.
    contexts = Array.isArray(value) ? value.map((element: unknown) => (element === undefined ? data : element)) : [value];
  }
  const copies: Array<Record<string, unknown>> = [];
  for (const context of contexts) {
    if (node.when !== null) {
      const keep = evaluate(node.when, context);
      if (typeof keep !== 'boolean') throw new NotBound();
      if (!keep) continue;
    }
    const copy: Record<string, unknown> = {};
    for (const [key, child] of node.entries) copy[key] = bindNode(child, context);
    copies.push(copy);
  }
  return copies.length === 0 ? null : copies.length === 1 ? copies[0] : copies;
}

function evaluate(e: Expression, data: unknown): unknown {
  switch (e.kind) {
    case 'path':
      return lookup(e.path, data);
    case 'compare': {
      const value = lookup(e.path, data);
      if (typeof value !== 'string') throw new NotBound();
      return (value === e.literal) !== e.negated;
    }
    case 'not':
      return !booleanOf(evaluate(e.operand, data));
    case 'and':
      // Left to right, stopping at the first false, as the engine does.
      for (const operand of e.operands) if (!booleanOf(evaluate(operand, data))) return false;
      return true;
    case 'or':
      for (const operand of e.operands) if (booleanOf(evaluate(operand, data))) return true;
      return false;
  }
}

function booleanOf(value: unknown): boolean {
  if (typeof value !== 'boolean') throw new NotBound();
  return value;
}

/** The value at the path; NotBound unless every step is a plain object's own property and the value is not null. */
function lookup(path: Path, data: unknown): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Map) throw new NotBound();
    if (!Object.prototype.propertyIsEnumerable.call(value, key)) throw new NotBound();
    value = (value as Record<string, unknown>)[key];
  }
  if (value === undefined || value === null) throw new NotBound();
  return value;
}

/** How the engine writes a value into text; anything but a string, number or boolean is left to it. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new NotBound();
}
