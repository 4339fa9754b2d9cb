import type { CardJson } from './connector';

/** Reading a bound card the way a person would: its text, its buttons, its inputs. */

type Node = Record<string, unknown>;

function walk(value: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) walk(v, visit);
  } else if (value !== null && typeof value === 'object') {
    visit(value as Node);
    for (const v of Object.values(value as Node)) walk(v, visit);
  }
}

/** All visible text: TextBlocks, TextRuns, Fact titles and values, input labels, button titles. */
export function textOf(card: CardJson): string {
  const parts: string[] = [];
  walk(card, (node) => {
    if ((node.type === 'TextBlock' || node.type === 'TextRun') && typeof node.text === 'string') parts.push(node.text);
    if (typeof node.title === 'string' && typeof node.value === 'string' && !('type' in node)) parts.push(`${node.title} ${node.value}`);
    if (typeof node.label === 'string') parts.push(node.label);
  });
  return parts.join('\n');
}

export interface CardAction {
  type: string;
  title: string;
  verb?: string;
  data?: Record<string, unknown>;
  url?: string;
}

export function actionsOf(card: CardJson): CardAction[] {
  const out: CardAction[] = [];
  walk(card, (node) => {
    if (typeof node.type === 'string' && node.type.startsWith('Action.')) out.push(node as unknown as CardAction);
  });
  return out;
}

export function actionTitled(card: CardJson, title: string | RegExp): CardAction {
  const found = actionsOf(card).find((a) => (typeof title === 'string' ? a.title === title : title.test(a.title ?? '')));
  if (!found) throw new Error(`no action "${String(title)}" in card; actions: ${actionsOf(card).map((a) => a.title).join(', ')}`);
  return found;
}

export interface CardInput {
  id: string;
  type: string;
  value?: string;
  choices?: Array<{ title: string; value: string }>;
}

export function inputsOf(card: CardJson): Record<string, CardInput> {
  const out: Record<string, CardInput> = {};
  walk(card, (node) => {
    if (typeof node.type === 'string' && node.type.startsWith('Input.') && typeof node.id === 'string') out[node.id] = node as unknown as CardInput;
  });
  return out;
}

/** The values a client would submit for this card's inputs, with the given overrides typed in. */
export function formValues(card: CardJson, typed: Record<string, string> = {}): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [id, input] of Object.entries(inputsOf(card))) {
    if (input.value !== undefined) values[id] = String(input.value);
    else if (input.type === 'Input.Toggle') values[id] = 'false';
    else values[id] = '';
  }
  return { ...values, ...typed };
}

export function leftoverTemplateExpressions(card: CardJson): string[] {
  const found: string[] = [];
  walk(card, (node) => {
    for (const v of Object.values(node)) if (typeof v === 'string' && /\$\{[^}]*\}/.test(v)) found.push(v);
  });
  return found;
}
