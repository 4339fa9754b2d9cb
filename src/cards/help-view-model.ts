import type { CardContext } from './types';

/**
 * Help and welcome examples that run when tapped: each is an Action.Submit carrying a Teams messageBack, so the
 * command is sent as if typed (and shown in the chat as typed), from every client, phones included. In channels
 * and group chats the bot only hears messages that @mention it, so the examples show that form.
 */
export interface ExampleVm {
  /** What the button shows: "find sally", or "@ITFlow find sally" where the mention is needed. */
  label: string;
  description: string;
  data: { msteams: { type: 'messageBack'; text: string; displayText: string } };
}

export interface HelpVm {
  canEdit: boolean;
  /** '' in a personal chat; otherwise how to address the bot here. */
  mentionNote: string;
  find: ExampleVm[];
  change: ExampleVm[];
}

const FIND_EXAMPLES: Array<[string, string]> = [
  ['find sally', 'by name, email, title or department'],
  ['find sally at acme', 'only contacts of one client'],
  ['find 555-202-0100', 'by phone or mobile number, in any format'],
  ['show contact 8', 'open a contact by its ITFlow id'],
];

const CHANGE_EXAMPLES: Array<[string, string]> = [
  ['edit sally smith', 'open the edit form for one contact'],
  ['add contact', 'open an empty form for a new contact'],
  ['new contact Sally Smith sally@acme.example', 'start a new contact with the name and email filled in'],
];

const WELCOME_EXAMPLES: Array<[string, string]> = [
  ['find sally', 'search by name'],
  ['find 555-202-0100', 'search by phone number'],
];

export function exampleVm(ctx: CardContext, command: string, description: string): ExampleVm {
  const label = ctx.conversation === 'personal' ? command : `@${ctx.botName} ${command}`;
  return { label, description, data: { msteams: { type: 'messageBack', text: command, displayText: label } } };
}

export function mentionNote(ctx: CardContext): string {
  if (ctx.conversation === 'personal') return '';
  const where = ctx.conversation === 'channel' ? 'In a channel' : 'In a group chat';
  return `${where} I only see messages that @mention me: type @${ctx.botName}, pick me from the list, then your request.`;
}

export function helpVm(ctx: CardContext): HelpVm {
  return {
    canEdit: ctx.canEdit,
    mentionNote: mentionNote(ctx),
    find: FIND_EXAMPLES.map(([c, d]) => exampleVm(ctx, c, d)),
    change: ctx.canEdit ? CHANGE_EXAMPLES.map(([c, d]) => exampleVm(ctx, c, d)) : [],
  };
}

export function welcomeVm(ctx: CardContext): HelpVm {
  const extra: Array<[string, string]> = ctx.canEdit ? [['add contact', 'add someone new']] : [['show contact 8', 'open a contact by its ITFlow id']];
  return {
    canEdit: ctx.canEdit,
    mentionNote: mentionNote(ctx),
    find: [...WELCOME_EXAMPLES, ...extra].map(([c, d]) => exampleVm(ctx, c, d)),
    change: [],
  };
}
