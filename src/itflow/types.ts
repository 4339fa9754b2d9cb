import { z } from 'zod';

/**
 * A contact row as the ITFlow client maps it: one shape for both ITFlow generations, ids and flags parsed,
 * secrets (PIN, photo path, portal password/token columns) already dropped. The domain's Contact
 * (src/contacts/contact.ts) is this shape.
 */
export const itflowContactSchema = z.object({
  id: z.number().int().positive(),
  clientId: z.number().int().nonnegative(),
  name: z.string(),
  title: z.string(),
  department: z.string(),
  email: z.string(),
  /** Digits only, as ITFlow stores them. */
  phone: z.string(),
  extension: z.string(),
  mobile: z.string(),
  phoneCountryCode: z.string().nullable(),
  mobileCountryCode: z.string().nullable(),
  notes: z.string(),
  primary: z.boolean(),
  important: z.boolean(),
  billing: z.boolean(),
  technical: z.boolean(),
  /** 0 = no location. */
  locationId: z.number().int().nonnegative(),
  /** Legacy servers only ("local", "azure", ""); null when the server has no such column. */
  authMethod: z.string().nullable(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
  archivedAt: z.string().nullable(),
});
export type ItflowContact = z.infer<typeof itflowContactSchema>;

/** The fields a create or update sends. Always the full set: legacy ITFlow blanks whatever is missing. */
export const contactWriteSchema = itflowContactSchema.pick({
  name: true,
  title: true,
  department: true,
  email: true,
  phone: true,
  extension: true,
  mobile: true,
  notes: true,
  primary: true,
  important: true,
  billing: true,
  technical: true,
  locationId: true,
  // Sent only when not null, so legacy servers keep their value and latest servers never see it.
  authMethod: true,
});
export type ContactWrite = z.infer<typeof contactWriteSchema>;

export const clientSchema = z.object({ id: z.number().int().positive(), name: z.string() });
export type Client = z.infer<typeof clientSchema>;

export const locationSchema = z.object({
  id: z.number().int().positive(),
  clientId: z.number().int().nonnegative(),
  name: z.string(),
  archivedAt: z.string().nullable(),
  /** ITFlow's "primary location" of its client; absent where the row did not say (read as not primary). */
  primary: z.boolean().optional(),
});
export type Location = z.infer<typeof locationSchema>;

export interface PageRequest {
  limit: number;
  offset: number;
}

/**
 * Typed operations on an ITFlow server. Every method either returns parsed data or throws one of the
 * errors in ./errors. "Not found" and "end of list" are empty results, never errors.
 */
export interface ItflowApi {
  /** One page ordered by contact id; an empty array means the end of the list. */
  listContacts(page: PageRequest): Promise<ItflowContact[]>;
  getContact(id: number): Promise<ItflowContact | null>;
  /** Exact, case-insensitive; the same email may exist once per client. */
  findContactsByEmail(email: string): Promise<ItflowContact[]>;
  /** Exact match on stored digits; ITFlow returns one arbitrary row for a shared number. A hint only. */
  findContactByPhone(digits: string): Promise<ItflowContact | null>;
  /** Returns the new contact id. */
  createContact(clientId: number, fields: ContactWrite): Promise<number>;
  /**
   * Sends the full field set with the row's own client id. Throws ItflowRejectedError when ITFlow answers
   * "False" (which also covers "nothing changed" and "not found": the caller re-reads to tell them apart).
   */
  updateContact(contactId: number, clientId: number, fields: ContactWrite): Promise<void>;
  listClients(): Promise<Client[]>;
  listLocations(): Promise<Location[]>;
}
