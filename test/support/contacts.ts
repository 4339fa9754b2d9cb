import { emptyContact, type Contact } from '../../src/contacts/contact';
import { ItflowClient } from '../../src/itflow/client';
import { contactWriteSchema, type ContactWrite } from '../../src/itflow/types';
import type { BotHarness } from './bot-harness';

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

/** Every contact in the sandbox, read through the real API with the admin key. */
export async function allContacts(baseUrl: string, apiKey: string): Promise<Contact[]> {
  const client = new ItflowClient({ baseUrl, apiKey });
  try {
    const out: Contact[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await client.listContacts({ limit: 500, offset });
      if (page.length === 0) return out;
      out.push(...page);
    }
  } finally {
    await client.close();
  }
}

export async function contactNamed(h: BotHarness, name: string): Promise<Contact> {
  const found = (await allContacts(h.sandbox.url, h.sandbox.adminKey)).find((c) => c.name === name);
  if (found === undefined) throw new Error(`no contact named ${name}`);
  return found;
}
