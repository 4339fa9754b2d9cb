import fc from 'fast-check';
import { addFormSchema, editFormSchema, EDIT_INPUT_NAMES, FIELD_LIMITS, fieldErrorsOf, rawFormValues } from '../../src/contacts/contact-form';

/**
 * The edit and add forms' schemas over generated submissions: what Teams clients send (strings, "true"/"false",
 * missing inputs) and what a forged invoke could send (numbers, objects, arrays, huge strings). Parsing never
 * throws; a valid form comes out normalized; an invalid one yields a readable message per field, never zod's
 * generic wording.
 */

export const FORM_FUZZ_RUNS = { edit: 1500, add: 1500 } as const;

const FIELDS = [...EDIT_INPUT_NAMES, 'clientId'] as const;
const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(null, true, false, 0, -1, 1.5, Number.MAX_SAFE_INTEGER, '', ' ', 'true', 'false', 'TRUE', '1', '0', '-3', '2.5', '1e3', '0x10', 'NaN'),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ minLength: 190, maxLength: 260 }),
  fc.constantFrom('<b>Bold</b>', 'a'.repeat(70_000), '555-0100 ext 12', '+1 (555) 901-0101', 'sally@acme.example', 'not an email', ' padded@example.com '),
);
const plausible = fc.record(
  {
    name: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('Sally Smith', "O'Brien", '   ')),
    title: fc.string({ maxLength: 60 }),
    department: fc.string({ maxLength: 60 }),
    email: fc.oneof(fc.emailAddress(), fc.string({ maxLength: 40 })),
    phone: fc.oneof(fc.stringMatching(/^[\d\s()+.-]{0,20}$/), fc.string({ maxLength: 20 })),
    extension: fc.stringMatching(/^\d{0,6}$/),
    mobile: fc.stringMatching(/^[\d\s()+.-]{0,20}$/),
    notes: fc.string({ maxLength: 500 }),
    locationId: fc.oneof(fc.constant(''), fc.nat(20).map(String)),
    primary: fc.constantFrom('true', 'false'),
    important: fc.constantFrom('true', 'false'),
    billing: fc.constantFrom('true', 'false'),
    technical: fc.constantFrom('true', 'false'),
    clientId: fc.oneof(fc.constant(''), fc.nat(20).map(String)),
  },
  { requiredKeys: [] },
);
/** A plausible submission with some inputs replaced by hostile values and some unknown keys added. */
const submission = fc
  .tuple(plausible, fc.dictionary(fc.constantFrom(...FIELDS), hostile, { maxKeys: 4 }), fc.dictionary(fc.string({ maxLength: 12 }), hostile, { maxKeys: 3 }))
  .map(([base, replaced, extra]): Record<string, unknown> => ({ ...extra, ...base, ...replaced }));

function expectReadableErrors(error: Parameters<typeof fieldErrorsOf>[0]): void {
  const errors = fieldErrorsOf(error);
  const entries = Object.entries(errors);
  // Every issue lands on a field the form shows, worded for a person.
  expect(entries.length).toBeGreaterThan(0);
  for (const [field, message] of entries) {
    expect(FIELDS).toContain(field);
    expect(message).toMatch(/^[A-Z]/);
    expect(message).not.toMatch(/^Invalid input|expected|received|NaN|undefined|\[object/i);
  }
}

describe('editFormSchema', () => {
  it(`parses or explains any submission (${FORM_FUZZ_RUNS.edit} runs)`, () => {
    fc.assert(
      fc.property(submission, (data) => {
        const parsed = editFormSchema.safeParse(data);
        if (parsed.success) {
          const v = parsed.data;
          // A missing input is "unchanged" (undefined); a present one is always read, '' included.
          for (const field of EDIT_INPUT_NAMES) expect([field, v[field] === undefined]).toEqual([field, data[field] === undefined]);
          if (v.name !== undefined) expect(v.name.length).toBeGreaterThan(0);
          if (v.name !== undefined) expect(v.name.length).toBeLessThanOrEqual(FIELD_LIMITS.name);
          if (v.notes !== undefined) expect(v.notes.length).toBeLessThanOrEqual(FIELD_LIMITS.notes);
          if (v.email !== undefined) expect(v.email).toMatch(/@/);
          for (const flag of [v.primary, v.important, v.billing, v.technical]) if (flag !== undefined) expect(typeof flag).toBe('boolean');
          if (v.locationId !== undefined) expect(Number.isSafeInteger(v.locationId) && v.locationId >= 0).toBe(true);
        } else {
          expectReadableErrors(parsed.error);
        }
        // What the user typed is kept as text, whatever else arrived.
        for (const value of Object.values(rawFormValues(data))) expect(typeof value).toBe('string');
      }),
      { numRuns: FORM_FUZZ_RUNS.edit },
    );
  });
});

describe('addFormSchema', () => {
  it(`parses or explains any submission; a client is always required (${FORM_FUZZ_RUNS.add} runs)`, () => {
    fc.assert(
      fc.property(submission, (data) => {
        const parsed = addFormSchema.safeParse(data);
        if (parsed.success) {
          const v = parsed.data;
          expect(Number.isSafeInteger(v.clientId) && v.clientId > 0).toBe(true);
          expect([v.name.length > 0, v.email]).toEqual([true, expect.stringMatching(/@/)]);
          // A missing optional input is the default a new contact has.
          const defaults = { title: '', department: '', phone: '', extension: '', mobile: '', notes: '', locationId: 0, primary: false, important: false, billing: false, technical: false };
          for (const [field, value] of Object.entries(defaults)) if (data[field] === undefined) expect([field, v[field as keyof typeof defaults]]).toEqual([field, value]);
        } else {
          expectReadableErrors(parsed.error);
          // Required inputs that are missing are named as missing.
          const errors = fieldErrorsOf(parsed.error);
          if (data.name === undefined) expect(errors.name).toBe('Name is required');
          if (data.clientId === undefined) expect(errors.clientId).toBe('Client is required');
          if (data.email === undefined) expect(errors.email).toBe('Email is required');
        }
      }),
      { numRuns: FORM_FUZZ_RUNS.add },
    );
  });
});
