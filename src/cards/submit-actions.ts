import type { AdaptiveCardJson } from './render';

/**
 * The same card with every Action.Execute turned into an Action.Submit, for Teams on phones, where Execute
 * buttons do nothing on current iOS and Android builds (AdaptiveCards#9315, msteams-docs#13924) and Submit
 * works. Every template already puts the verb in the action's data (the cards tests check it), so a Submit
 * arrives as a message whose value the same action table reads.
 */
export function withSubmitActions(card: AdaptiveCardJson): AdaptiveCardJson {
  return convert(card) as AdaptiveCardJson;
}

function convert(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(convert);
  if (value === null || typeof value !== 'object') return value;
  const node = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = convert(v);
  if (node.type !== 'Action.Execute') return out;
  const { verb, ...rest } = out;
  const data = typeof rest.data === 'object' && rest.data !== null ? rest.data : {};
  return { ...rest, type: 'Action.Submit', data: typeof verb === 'string' ? { verb, ...data } : data };
}
