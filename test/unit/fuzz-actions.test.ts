import fc from 'fast-check';
import { runAction } from '../../src/bot/actions';
import { answerCommand } from '../../src/bot/command-handlers';
import { parseCommand } from '../../src/bot/commands';
import type { TurnScope } from '../../src/bot/turn-scope';
import { VERBS } from '../../src/cards/verbs';
import { EDITABLE_FIELDS, FIELD_LABELS, versionOf, type EditableField } from '../../src/contacts/contact';
import { addFormSchema, editFormSchema } from '../../src/contacts/contact-form';
import { ContactService } from '../../src/contacts/contact-service';
import { ContactDirectory } from '../../src/contacts/directory';
import type { Contact } from '../../src/itflow/types';
import { silentLogger } from '../../src/logger';
import { actionTitled, formValues, textOf } from '../support/card-inspect';
import type { CardJson } from '../support/connector';
import { FAILURES, FakeItflow, storedValue, type Failure, type Flavor } from '../support/fake-itflow';
import { turnScopeFor } from '../support/turn-scope';
import { oneInstanceWrites } from '../support/shared-writes';

/**
 * Every card action (the action table's verbs and data schemas, the edit and add forms) and every typed
 * command, run through the real handlers and ContactService against an in-memory ITFlow that writes like the
 * real ones (latest: partial updates; legacy: every field not sent is blanked) and can fail in each way the real
 * one does. Whatever arrives: an answer card, worded for a person; no write without the right to edit; no
 * unhandled rejection; the generic "something went wrong" only for a failure that is not ITFlow's. And what is
 * written is exactly what the user changed: the inputs a submission carries whose value differs from the
 * snapshot the form was built from; a missing input is "unchanged", on every contact, in both flavors.
 */

export const ACTION_FUZZ_RUNS = { actions: 2000, edits: 1500, commands: 500 } as const;

interface World {
  api: FakeItflow;
  directory: ContactDirectory;
  service: ContactService;
}
const worlds = {} as Record<Flavor, World>;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  for (const flavor of ['latest', 'legacy'] as const) {
    const api = new FakeItflow(flavor);
    const directory = new ContactDirectory(api, { refreshSeconds: 3600, logger: silentLogger });
    await directory.refresh();
    worlds[flavor] = { api, directory, service: new ContactService(api, directory, oneInstanceWrites(), { allowedClientIds: [1, 2] }) };
  }
});
afterAll(async () => {
  for (const world of Object.values(worlds)) await world.directory.stop();
  process.off('unhandledRejection', onUnhandled);
});

function scope(world: World, canEdit: boolean): TurnScope {
  return turnScopeFor(world.service, { canEdit, userName: 'Fuzz Tester', tenantId: 't' });
}

/**
 * An answer a technician can read: a card with words, none of them leftovers of code (unless the user typed
 * them: a form keeps what was typed, "NaN" included).
 */
function expectReadable(card: CardJson, failure: Failure, typed: string): string {
  expect(card.type).toBe('AdaptiveCard');
  const text = textOf(card);
  expect(text.trim().length).toBeGreaterThan(0);
  for (const [leftover] of text.matchAll(/\bundefined\b|\[object Object\]|\bNaN\b|\$\{/g)) expect(typed).toContain(leftover);
  if (failure !== 'bug') expect(text).not.toMatch(/Something went wrong/);
  return text;
}

/** The fields compared before and after an action: what a write could change. */
const COMPARED: ReadonlyArray<keyof Contact> = [...EDITABLE_FIELDS, 'clientId', 'authMethod'];
const DEFAULTS: Record<EditableField, string | number | boolean> = {
  name: '', title: '', department: '', email: '', phone: '', extension: '', mobile: '', notes: '',
  locationId: 0, primary: false, important: false, billing: false, technical: false,
};

function copyOf(api: FakeItflow): Map<number, Contact> {
  return new Map([...api.contacts].map(([id, c]) => [id, { ...c }]));
}

function fieldsChanged(before: Contact, after: Contact | undefined): Array<keyof Contact> {
  return COMPARED.filter((f) => after?.[f] !== before[f]);
}

/**
 * The oracle: what an edit submission changes, built from the snapshot the form was made from. Only inputs the
 * submission carries count (a missing one means "unchanged"), and only when ITFlow would store something else
 * than the snapshot holds. Null when the submission is not a valid edit. `maybe` lists carried text with a "<"
 * in it: the bot and PHP strip tags slightly differently, so such a field may or may not count as changed.
 */
function userChanges(snapshot: Contact, data: Record<string, unknown>): { values: Map<EditableField, unknown>; maybe: Set<EditableField> } | null {
  const form = editFormSchema.safeParse(data);
  if (!form.success) return null;
  const values = new Map<EditableField, unknown>();
  const maybe = new Set<EditableField>();
  for (const f of EDITABLE_FIELDS) {
    const typed = form.data[f];
    if (data[f] === undefined || typed === undefined) continue;
    if (typeof typed === 'string' && typed.includes('<')) maybe.add(f);
    else if (storedValue(f, typed) !== snapshot[f]) values.set(f, storedValue(f, typed));
  }
  return { values, maybe };
}

/** Contacts other than the one edited are untouched, but for ITFlow clearing a primary flag when another became primary. */
function expectOthersUntouched(api: FakeItflow, before: Map<number, Contact>, edited: number | null): void {
  for (const [id, was] of before) {
    if (id === edited) continue;
    const changed = fieldsChanged(was, api.contacts.get(id)).filter((f) => !(f === 'primary' && api.primaryCleared.has(id)));
    expect({ id, changed }).toEqual({ id, changed: [] });
  }
}

const json = fc.jsonValue({ maxDepth: 2 });
const idLike = fc.oneof(fc.constantFrom(1, 2, 3, '1', '2', '3', 0, -1, '0', '007', 999_999, '1e2', 1.5, 'abc', '', 'NaN', '99999999999'), json);
const textLike = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', ' ', 'Sally Smith', 'sally@acme.example', 'new.person@acme.example', '+1 (555) 010-4242', '<b>x</b>', 'x'.repeat(300)), json);
const flagLike = fc.oneof(fc.constantFrom('true', 'false', true, false), json);
/** Any input may be missing: requiredKeys: []. */
const formData = fc.record(
  {
    name: textLike,
    title: textLike,
    department: textLike,
    email: textLike,
    phone: textLike,
    extension: textLike,
    mobile: textLike,
    notes: textLike,
    locationId: idLike,
    clientId: idLike,
    primary: flagLike,
    important: flagLike,
    billing: flagLike,
    technical: flagLike,
  },
  { requiredKeys: [] },
);

const actionCase = fc.record({
  flavor: fc.constantFrom<Flavor>('latest', 'legacy'),
  verb: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...Object.values(VERBS)) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) }),
  contactId: idLike,
  version: fc.oneof(fc.constantFrom('current', 'stale', 'v1.', 'v1.AAAA', 'v2.x', ''), json),
  formId: fc.oneof(fc.constantFrom('form-a', 'form-b', ''), fc.string({ maxLength: 120 }), json),
  form: formData,
  extra: fc.dictionary(fc.string({ maxLength: 10 }), json, { maxKeys: 3 }),
  canEdit: fc.boolean(),
  failure: fc.constantFrom(...FAILURES),
  failWritesOnly: fc.boolean(),
});

describe('runAction', () => {
  it(`answers every generated card action with a readable card, and writes nothing the user did not change (${ACTION_FUZZ_RUNS.actions} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(actionCase, async (c) => {
        const world = worlds[c.flavor];
        const { api } = world;
        const target = typeof c.contactId === 'number' ? api.contacts.get(c.contactId) : undefined;
        const ours = (c.version === 'current' || c.version === 'stale') && target !== undefined;
        const version = ours ? versionOf(c.version === 'current' ? target : { ...target, updatedAt: 'then' }) : c.version;
        const data: Record<string, unknown> = { ...c.extra, ...c.form, contactId: c.contactId, version, formId: c.formId };
        const before = copyOf(api);
        const writes = api.writeLog.length;
        api.primaryCleared.clear();
        api.failure = c.failure;
        api.failWritesOnly = c.failWritesOnly;
        try {
          const reply = await runAction(c.verb, data, scope(world, c.canEdit));
          const text = expectReadable(reply.card, c.failure, JSON.stringify(data));
          if (!c.canEdit) expect(api.writeLog.length).toBe(writes);
          if (!Object.values(VERBS).includes(c.verb as never)) expect(text).toMatch(/did not work/);
        } finally {
          api.heal();
        }

        // An existing contact changes only by a save of its own form, and only in fields the user changed.
        const saving = c.canEdit && ours && (c.verb === VERBS.save || c.verb === VERBS.forceSave);
        const edit = saving ? userChanges(target, data) : null;
        expectOthersUntouched(api, before, edit === null ? null : target!.id);
        if (edit !== null) {
          for (const f of fieldsChanged(before.get(target!.id)!, api.contacts.get(target!.id))) {
            expect([f, edit.values.has(f as EditableField) || edit.maybe.has(f as EditableField)]).toEqual([f, true]);
            if (edit.values.has(f as EditableField)) expect([f, api.contacts.get(target!.id)![f]]).toEqual([f, edit.values.get(f as EditableField)]);
          }
        }

        // A new contact comes only from an add form, with what was typed and ITFlow's defaults for what was missing.
        const created = [...api.contacts.keys()].filter((id) => !before.has(id));
        expect(created.length).toBeLessThanOrEqual(1);
        if (created.length === 1) {
          expect([c.verb, c.canEdit]).toEqual([VERBS.create, true]);
          const form = addFormSchema.safeParse(data);
          expect(form.success).toBe(true);
          const row = api.contacts.get(created[0]!)!;
          for (const f of EDITABLE_FIELDS) {
            const typed = form.data?.[f];
            if (data[f] === undefined) expect([f, row[f]]).toEqual([f, DEFAULTS[f]]);
            else if (!(typeof typed === 'string' && typed.includes('<'))) expect([f, row[f]]).toEqual([f, storedValue(f, typed)]);
          }
        }
      }),
      { numRuns: ACTION_FUZZ_RUNS.actions },
    );
    expect(unhandled).toEqual([]);
  });
});

/** How a generated edit treats one input: left out, submitted as the form showed it, or changed to a value. */
const MISSING = Symbol('missing');
const AS_SHOWN = Symbol('as shown');
type InputChoice = typeof MISSING | typeof AS_SHOWN | string;
const choice = (values: fc.Arbitrary<string>): fc.Arbitrary<InputChoice> =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(MISSING) }, { weight: 3, arbitrary: fc.constant(AS_SHOWN) }, { weight: 2, arbitrary: values });
const plainText = fc.oneof(fc.constantFrom('', 'Engineer', '  spaced out  ', 'Has the "blue" keycard.', 'Office Manager'), fc.string({ maxLength: 20 }).filter((t) => !t.includes('<')));
const phoneText = fc.constantFrom('', '(555) 101-0100', '555.010.4242', '+1 555 902 0201', '12', 'call me');
const toggleText = fc.constantFrom('true', 'false');

const editCase = fc.record({
  flavor: fc.constantFrom<Flavor>('latest', 'legacy'),
  contactId: fc.constantFrom(1, 2, 3),
  inputs: fc.record({
    name: choice(fc.constantFrom('Sally Smith', 'Renamed Person', '  Padded Name  ', '')),
    title: choice(plainText),
    department: choice(plainText),
    email: choice(fc.constantFrom('sally@acme.example', 'renamed@acme.example', ' padded@acme.example ', 'not an email', '')),
    phone: choice(phoneText),
    extension: choice(phoneText),
    mobile: choice(phoneText),
    notes: choice(plainText),
    locationId: choice(fc.constantFrom('', '0', '1', '2', '3', '99')),
    primary: choice(toggleText),
    important: choice(toggleText),
    billing: choice(toggleText),
    technical: choice(toggleText),
  }),
  /** Someone else changes this field in ITFlow after the form was built. */
  theirs: fc.option(fc.constantFrom(...EDITABLE_FIELDS), { nil: null }),
  force: fc.boolean(),
  failure: fc.constantFrom<Failure>('none', 'none', 'none', 'readBack', 'unknownOutcome', 'unavailable'),
});

/** A value for the field that differs from the contact's, as another ITFlow user would set it (in stored form). */
function theirValue(api: FakeItflow, contact: Contact, field: EditableField): string | number | boolean {
  const value = contact[field];
  if (typeof value === 'boolean') return !value;
  if (field === 'locationId') return api.locations.find((l) => l.clientId === contact.clientId && l.id !== value)?.id ?? 0;
  if (field === 'phone' || field === 'extension' || field === 'mobile') return value === '5550009999' ? '5550009998' : '5550009999';
  if (field === 'email') return value === 'changed@acme.example' ? 'changed.again@acme.example' : 'changed@acme.example';
  return value === 'Changed in ITFlow' ? 'Changed again in ITFlow' : 'Changed in ITFlow';
}

describe('saving an edit form', () => {
  it(`writes exactly the fields the user changed, whatever inputs are missing, in both flavors (${ACTION_FUZZ_RUNS.edits} runs)`, async () => {
    let elsewhere = 0;
    await fc.assert(
      fc.asyncProperty(editCase, async (c) => {
        const world = worlds[c.flavor];
        const { api } = world;
        api.heal();
        api.primaryCleared.clear();
        const id = c.contactId;
        const form = (await runAction(VERBS.edit, { contactId: id }, scope(world, true))).card as CardJson;
        const snapshot = { ...api.contacts.get(id)! };
        const shown = formValues(form);
        const submission: Record<string, unknown> = { ...actionTitled(form, 'Save').data };
        for (const f of EDITABLE_FIELDS) {
          const input = c.inputs[f];
          if (input === AS_SHOWN) submission[f] = shown[f];
          else if (input !== MISSING) submission[f] = input;
        }
        if (c.theirs !== null) {
          const current = api.contacts.get(id)!;
          api.contacts.set(id, { ...current, [c.theirs]: theirValue(api, current, c.theirs), updatedAt: `changed elsewhere ${++elsewhere}` });
        }
        const before = copyOf(api);
        const writes = api.writeLog.length;
        api.failure = c.failure;
        let text: string;
        try {
          text = textOf((await runAction(c.force ? VERBS.forceSave : VERBS.save, submission, scope(world, true))).card);
        } finally {
          api.heal();
        }

        const edit = userChanges(snapshot, submission);
        const was = before.get(id)!;
        const after = api.contacts.get(id)!;
        const written = fieldsChanged(was, after);
        // Never a field the user did not change; each changed field holds what the user typed.
        for (const f of written) expect([f, after[f]]).toEqual([f, edit?.values.get(f as EditableField)]);
        expectOthersUntouched(api, before, id);
        // Every write carries the full field set: legacy ITFlow blanks whatever it is not sent.
        for (const { fields } of api.writeLog.slice(writes)) expect(EDITABLE_FIELDS.filter((f) => fields[f] === undefined)).toEqual([]);

        const wanted = edit === null ? [] : EDITABLE_FIELDS.filter((f) => edit.values.has(f) && edit.values.get(f) !== was[f]);
        const location = edit?.values.get('locationId');
        const locationOk = location === undefined || location === 0 || api.locations.some((l) => l.id === location && l.clientId === was.clientId);
        if (/Saved by/.test(text)) {
          expect(written).toEqual(wanted);
          expect(text).toContain(`: ${wanted.map((f) => FIELD_LABELS[f]).join(', ')}.`);
          expect(text.includes('Not yet re-read from ITFlow')).toBe(c.failure === 'readBack');
          // The directory holds what ITFlow now has, re-read or as sent.
          for (const f of wanted) expect([f, world.directory.get(id)?.[f]]).toEqual([f, after[f]]);
        } else if (c.failure !== 'unknownOutcome') {
          expect(written).toEqual([]);
        }
        if (c.theirs !== null && !c.force) expect(text).not.toMatch(/Saved by/);
        if ((c.failure === 'none' || c.failure === 'readBack') && edit !== null && locationOk && wanted.length > 0 && (c.theirs === null || c.force)) {
          expect(text).toMatch(/Saved by/);
        }
      }),
      { numRuns: ACTION_FUZZ_RUNS.edits },
    );
    expect(unhandled).toEqual([]);
  });
});

describe('answerCommand(parseCommand(text))', () => {
  const words = fc.constantFrom('find', 'show contact', 'edit', 'add contact', 'who is', 'help', 'sally', '#', '0', '1', '2', '3', '99', 'at', 'acme', 'globex', 'archived', 'sally@acme.example', '555 101 0100', '+1 555 902 0201');
  const text = fc.oneof(fc.array(words, { maxLength: 6 }).map((w) => w.join(' ')), fc.string({ maxLength: 60 }));

  it(`answers every generated message with a readable card (${ACTION_FUZZ_RUNS.commands} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.boolean(), fc.constantFrom(...FAILURES), async (typed, canEdit, failure) => {
        const world = worlds.latest;
        world.api.failure = failure;
        try {
          const reply = await answerCommand(parseCommand(typed), scope(world, canEdit));
          expectReadable(reply.card, failure, typed);
        } finally {
          world.api.heal();
        }
      }),
      {
        numRuns: ACTION_FUZZ_RUNS.commands,
        examples: [
          ['show contact 0', true, 'none'],
          ['edit contact 0', true, 'none'],
          ['find #0', false, 'none'],
          ['show contact 99999999', true, 'none'],
        ],
      },
    );
    expect(unhandled).toEqual([]);
  });
});
