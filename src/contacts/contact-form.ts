import { z } from 'zod';
import { EMAIL_ADDRESS } from './email';

/**
 * What the edit and add forms submit. Adaptive Card inputs arrive as strings ("true"/"false" for toggles,
 * "" for an empty input, possibly missing altogether on some clients), so every field is parsed from a string
 * here, once. Field limits mirror ITFlow's columns (varchar 200 for names and emails, etc.).
 *
 * A missing input is not an empty one. On the edit form it means "unchanged" (some Teams clients omit inputs,
 * and an old or forged card may lack some): it parses to undefined and is never written. On the add form it
 * means a new contact's default ('' / no location / off), so a missing required input is reported as missing.
 * A present value, '' included, is always what the user set.
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
const toggle = z.union([z.literal('true'), z.literal('false'), z.boolean()], { error: 'Choose on or off' }).transform((v) => v === true || v === 'true');

const text = (max: number, label: string) =>
  z
    .string({ error: `${label} must be text` })
    .transform((v) => v.trim())
    .pipe(z.string().max(max, `${label} is too long (at most ${max} characters)`));

const requiredText = (max: number, label: string) => text(max, label).pipe(z.string().min(1, `${label} is required`));

const emailText = z
  .string({ error: 'Email must be text' })
  .transform((v) => v.trim())
  .pipe(
    z
      .string()
      .min(1, 'Email is required')
      .max(FIELD_LIMITS.email, `Email is too long (at most ${FIELD_LIMITS.email} characters)`)
      .regex(EMAIL_ADDRESS, 'Email does not look like an address (name@example.com)'),
  );

const phoneText = (label: string) =>
  text(FIELD_LIMITS.phone, label).refine((v) => v === '' || /^[\d\s()+.\-/x#*]+$/i.test(v), {
    message: `${label} may contain only digits, spaces and + ( ) - .`,
  });

/** A choice from a list: "" is "none chosen" (0). */
const idChoice = (label: string, required: boolean) =>
  z
    .union([z.string(), z.number()], { error: `${label} must be chosen from the list` })
    .transform((v) => (v === '' ? 0 : Number(v)))
    .pipe(
      z
        // Text that is not a number arrives as NaN: the same message as any other wrong choice.
        .number({ error: `${label} must be chosen from the list` })
        .int(`${label} must be chosen from the list`)
        .nonnegative(`${label} must be chosen from the list`)
        .refine((n) => !required || n > 0, `${label} is required`),
    );

/** The editable fields: how a present input is read. */
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

/** The edit form: every input optional; a missing one is undefined, "leave as it is". */
export const editFormSchema = z.object(contactFormFields).partial();
export type EditFormValues = z.infer<typeof editFormSchema>;

/** The add form: a missing input is read as the default a new contact has (and so fails where one is required). */
export const addFormSchema = z.object({
  name: contactFormFields.name.prefault(''),
  title: contactFormFields.title.prefault(''),
  department: contactFormFields.department.prefault(''),
  email: contactFormFields.email.prefault(''),
  phone: contactFormFields.phone.prefault(''),
  extension: contactFormFields.extension.prefault(''),
  mobile: contactFormFields.mobile.prefault(''),
  notes: contactFormFields.notes.prefault(''),
  locationId: contactFormFields.locationId.prefault(''),
  primary: contactFormFields.primary.prefault(false),
  important: contactFormFields.important.prefault(false),
  billing: contactFormFields.billing.prefault(false),
  technical: contactFormFields.technical.prefault(false),
  clientId: idChoice('Client', true).prefault(''),
});
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
    if (typeof key === 'string' && (FORM_INPUT_NAMES as readonly string[]).includes(key)) {
      out[key as keyof AddFormValues] ??= issue.message;
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
