import type { Client } from '../itflow/types';
import { emptyContact, type Contact } from '../contacts/contact';
import { formatPhoneForEditing } from '../contacts/phone';
import { FORM_INPUT_NAMES, type AddFormValues, type FieldErrors, type RawFormValues } from '../contacts/contact-form';
import { primaryLocationOf } from '../contacts/pickers';
import type { ActionData, Banner, CardContext } from './types';
import { VERBS } from './verbs';
import { bannerVm, displayName, joinNonEmpty, regionOf, type BannerVm } from './view-model-parts';
import { DATASETS } from './datasets';
import { addFormLocationsVm, clientPickerVm, editFormLocationsVm, type ChoiceVm, type MoreVm } from './picker-view-models';

export type { ChoiceVm } from './picker-view-models';

type FieldName = keyof AddFormValues;

/** Every field, so a template's `${values.x}` and `$when` on `errors.x` always bind. */
const FIELD_NAMES = FORM_INPUT_NAMES;

export type FormValuesVm = Record<FieldName, string>;
export type FormErrorsVm = Record<FieldName, string>;

function withTyped(defaults: FormValuesVm, typed: RawFormValues | undefined): FormValuesVm {
  const out = { ...defaults };
  for (const key of FIELD_NAMES) {
    const v = typed?.[key];
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function errorsVm(errors: FieldErrors | undefined): FormErrorsVm {
  const out = {} as FormErrorsVm;
  for (const key of FIELD_NAMES) out[key] = errors?.[key] ?? '';
  return out;
}

/*
 * Phones are prefilled formatted but without the country code: ITFlow keeps only the digits of what is saved,
 * so "(555) 101-0100" round-trips to the stored digits while "+1 ..." built from a separate country-code column
 * would not. Whoever compares a submitted form with the row must compare phone digits, not text.
 */
function contactValues(contact: Contact, ctx: CardContext): FormValuesVm {
  return {
    name: contact.name,
    title: contact.title,
    department: contact.department,
    email: contact.email,
    phone: formatPhoneForEditing(contact.phone, contact.phoneCountryCode, regionOf(ctx)),
    extension: contact.extension,
    mobile: formatPhoneForEditing(contact.mobile, contact.mobileCountryCode, regionOf(ctx)),
    notes: contact.notes,
    locationId: String(contact.locationId),
    primary: String(contact.primary),
    important: String(contact.important),
    billing: String(contact.billing),
    technical: String(contact.technical),
    clientId: String(contact.clientId),
  };
}

export interface EditFormVm {
  banner: BannerVm;
  /** "Name · Client" */
  heading: string;
  contactId: number;
  version: string;
  values: FormValuesVm;
  errors: FormErrorsVm;
  locations: ChoiceVm[];
  locationsMore: MoreVm;
  locationDataset: string;
}

export function editFormVm(
  contact: Contact,
  ctx: CardContext,
  opts: { version: string; values?: RawFormValues; errors?: FieldErrors; banner?: Banner },
): EditFormVm {
  const values = withTyped(contactValues(contact, ctx), opts.values);
  const locations = editFormLocationsVm(ctx, contact.clientId, contact.locationId);
  return {
    banner: bannerVm(opts.banner),
    heading: joinNonEmpty([displayName(contact), ctx.clientName(contact.clientId)], ' · '),
    contactId: contact.id,
    version: opts.version,
    values,
    errors: errorsVm(opts.errors),
    locations: locations.choices,
    locationsMore: locations.more,
    locationDataset: locations.dataset,
  };
}

function prefixed(prefix: string, text: string): string {
  return text === '' ? '' : `${prefix}${text}`;
}

export interface AddFormVm {
  banner: BannerVm;
  formId: string;
  values: FormValuesVm;
  errors: FormErrorsVm;
  clients: ChoiceVm[];
  clientsMore: MoreVm;
  locations: ChoiceVm[];
  locationsMore: MoreVm;
  chooseClientFirst: boolean;
  datasets: typeof DATASETS;
  existing: { show: boolean; contactId: number; name: string; detail: string };
  sameName: boolean;
  /** 'execute' in chat (Universal Actions); 'submit' inside a dialog, where Teams only sends Action.Submit. */
  submitStyle: SubmitStyle;
  /** One button per offered client: the form again with that client chosen. */
  clientOffers: Array<{ title: string; data: ActionData }>;
  hasClientOffers: boolean;
}

export type SubmitStyle = 'execute' | 'submit';

export interface AddFormOptions {
  formId: string;
  /** Preselected; narrows the location choices to this client's and preselects its primary location. */
  clientId?: number;
  values?: RawFormValues;
  errors?: FieldErrors;
  banner?: Banner;
  /** The contact that already has the email: the form offers to open it. */
  existing?: Contact;
  /** `existing` has the same name (not the same email): the form offers "Add anyway". */
  sameName?: boolean;
  /** 'submit' for the add form inside a dialog (Teams sends only Action.Submit from dialogs). */
  submitStyle?: SubmitStyle;
  /** Clients to offer with one tap each (the typed client matched none of them exactly). */
  clientOffers?: Client[];
}

export function addFormVm(ctx: CardContext, opts: AddFormOptions): AddFormVm {
  const chosenClient = opts.clientId !== undefined && opts.clientId > 0 ? opts.clientId : undefined;
  const primary = chosenClient === undefined ? undefined : primaryLocationOf(ctx.locationsForClient(chosenClient), chosenClient);
  const defaults = {
    ...contactValues(emptyContact(0), ctx),
    clientId: chosenClient !== undefined ? String(chosenClient) : '',
    locationId: primary !== undefined ? String(primary.id) : '0',
  };
  const values = withTyped(defaults, opts.values);
  const clients = clientPickerVm(ctx, chosenClient);
  const locations = addFormLocationsVm(ctx, chosenClient, Number(values.locationId) || 0);
  const existing = opts.existing;
  return {
    banner: bannerVm(opts.banner),
    formId: opts.formId,
    values,
    errors: errorsVm(opts.errors),
    clients: clients.choices,
    clientsMore: clients.more,
    locations: locations.choices,
    locationsMore: locations.more,
    chooseClientFirst: locations.chooseClientFirst,
    datasets: DATASETS,
    existing:
      existing === undefined
        ? { show: false, contactId: 0, name: '', detail: '' }
        : {
            show: true,
            contactId: existing.id,
            name: displayName(existing),
            detail: prefixed(' · ', joinNonEmpty([ctx.clientName(existing.clientId), existing.email], ' · ')),
          },
    submitStyle: opts.submitStyle ?? 'execute',
    sameName: opts.existing !== undefined && opts.sameName === true,
    clientOffers: (opts.clientOffers ?? []).map((client) => ({ title: client.name, data: offerData(client, values) })),
    hasClientOffers: (opts.clientOffers ?? []).length > 0,
  };
}

/** "Use this client": the add verb with the client and what the user already gave (name, email, phone). */
function offerData(client: Client, values: FormValuesVm): ActionData {
  const data: ActionData = { verb: VERBS.add, clientId: client.id };
  for (const key of ['name', 'email', 'phone'] as const) if (values[key].trim() !== '') data[key] = values[key];
  return data;
}
