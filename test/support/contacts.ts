import { emptyContact } from '../../src/contacts/contact';
import { contactWriteSchema, type Contact, type ContactWrite } from '../../src/itflow/types';

/**
 * A contact for tests: the app's own empty contact (client 1, every text blank, no flags, no dates) with the
 * given id and name and whatever fields the test sets. Each test file states its own defaults (client, email
 * pattern) in `fields`, so what a file's assertions rely on stays visible in that file.
 */
export function makeContact(id: number, name: string, fields: Partial<Contact> = {}): Contact {
  return { ...emptyContact(1), id, name, ...fields };
}

/** The full field set of a write, blank (as the empty contact has it) but for the fields given. */
export function makeWrite(fields: Partial<ContactWrite> = {}): ContactWrite {
  return { ...contactWriteSchema.parse(emptyContact(1)), ...fields };
}
