import { z } from 'zod';

/**
 * What the edit and add forms submit. Adaptive Card inputs arrive as strings ("true"/"false" for toggles,
 * "" for an empty input, possibly missing altogether on some clients), so every field is parsed from a string
 * here, once. Field limits mirror ITFlow's columns (varchar 200 for names and emails, etc.).
 */

export const FIELD_LIMITS = {
  name: 200,
  title: 200,
  department: 200,
  email: 200,
  phone: 200,
  extension: 200,
  mobile: 200,
  notes: 65535,
} as const;

/** Toggle inputs: only the literal "true" is true (z.coerce.boolean would turn "false" into true). */
export const toggle = z
  .union([z.literal('true'), z.literal('false'), z.boolean()], { error: 'Choose on or off' })
  .optional()
  .transform((v) => v === true || v === 'true');

const text = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text` })
    .optional()
    .transform((v) => (v ?? '').trim())
    .pipe(z.string().max(max, `${label} is too long (at most ${max} characters)`));

const requiredText = (max: number, label: string) => text(max, label).pipe(z.string().min(1, `${label} is required`));

const emailText = z
  .string({ error: 'Email must be text' })
  .optional()
  .transform((v) => (v ?? '').trim())
  .pipe(
    z
      .string()
      .min(1, 'Email is required')
      .max(FIELD_LIMITS.email, `Email is too long (at most ${FIELD_LIMITS.email} characters)`)
      .regex(/^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/, 'Email does not look like an address (name@example.com)'),
  );

const phoneText = (label: string) =>
  text(FIELD_LIMITS.phone, label).refine((v) => v === '' || /^[\d\s()+.\-/x#*]+$/i.test(v), {
    message: `${label} may contain only digits, spaces and + ( ) - .`,
  });

const idChoice = (label: string, required: boolean) =>
  z
    .union([z.string(), z.number()], { error: `${label} must be chosen from the list` })
    .optional()
    .transform((v) => (v === undefined || v === '' ? 0 : Number(v)))
    .pipe(
      z
        // Text that is not a number arrives as NaN: the same message as any other wrong choice.
        .number({ error: `${label} must be chosen from the list` })
        .int(`${label} must be chosen from the list`)
        .nonnegative(`${label} must be chosen from the list`)
        .refine((n) => !required || n > 0, `${label} is required`),
    );

/** The editable fields, as both forms submit them. */
export const contactFormFields = {
  name: requiredText(FIELD_LIMITS.name, 'Name'),
  title: text(FIELD_LIMITS.title, 'Title'),
  department: text(FIELD_LIMITS.department, 'Department'),
  email: emailText,
  phone: phoneText('Phone'),
  extension: phoneText('Extension'),
  mobile: phoneText('Mobile'),
  notes: text(FIELD_LIMITS.notes, 'Notes'),
  locationId: idChoice('Location', false),
  primary: toggle,
  important: toggle,
  billing: toggle,
  technical: toggle,
};

export const editFormSchema = z.object(contactFormFields);
export type EditFormValues = z.infer<typeof editFormSchema>;

export const addFormSchema = z.object({ ...contactFormFields, clientId: idChoice('Client', true) });
export type AddFormValues = z.infer<typeof addFormSchema>;

/** The names of the inputs in cards/contact-edit.json; the add form has these plus clientId. */
export const EDIT_INPUT_NAMES = Object.keys(contactFormFields) as Array<keyof typeof contactFormFields>;
export const FORM_INPUT_NAMES: ReadonlyArray<keyof AddFormValues> = [...EDIT_INPUT_NAMES, 'clientId'];

/** Per-field messages, keyed by input name, for re-rendering a form next to what the user typed. */
export type FieldErrors = Partial<Record<keyof AddFormValues, string>>;

/** The raw strings a user typed, kept so a re-rendered form loses nothing. */
export type RawFormValues = Partial<Record<keyof AddFormValues, string>>;

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path[0];
    if (typeof key === 'string' && key in contactFormFields || key === 'clientId') {
      const k = key as keyof AddFormValues;
      out[k] ??= issue.message;
    }
  }
  return out;
}

/** Pulls the form's inputs out of an action payload as strings, whatever else the payload carries. */
export function rawFormValues(data: Record<string, unknown>): RawFormValues {
  const out: RawFormValues = {};
  for (const key of FORM_INPUT_NAMES) {
    const v = data[key];
    if (typeof v === 'string') out[key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[key] = String(v);
  }
  return out;
}
