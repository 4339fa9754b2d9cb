import { escapeHtml } from './php';
import type { PhpResponse } from './http';
import type { SandboxStore } from './store';

/** Where ITFlow's web UI shows a contact; the bot's "Open in ITFlow" link points here (ITFLOW_CONTACT_LINK). */
export const CONTACT_PAGE_PATH = '/agent/contact.php';

const HTML = 'text/html; charset=UTF-8';

/** What the page shows; PINs, password hashes, photos and tokens never appear. */
const SHOWN: Array<[string, string]> = [
  ['contact_title', 'Title'],
  ['contact_department', 'Department'],
  ['contact_email', 'Email'],
  ['contact_phone', 'Phone'],
  ['contact_extension', 'Extension'],
  ['contact_mobile', 'Mobile'],
  ['contact_notes', 'Notes'],
  ['contact_updated_at', 'Updated'],
  ['contact_archived_at', 'Archived'],
];

/**
 * A simple read-only contact page at ITFlow's path, so "Open in ITFlow" works in sandbox mode too. Like ITFlow's,
 * it needs the contact's own client id; anything else is "not found". The sandbox listens on loopback only.
 */
export function contactPage(method: string, query: URLSearchParams, store: SandboxStore): PhpResponse {
  if (method !== 'GET' && method !== 'HEAD') return page(405, 'Method not allowed', '<p>This page is read-only.</p>');
  const clientId = idParam(query.get('client_id'));
  const contactId = idParam(query.get('contact_id'));
  const row = contactId === null ? null : (store.getContactRow(contactId) as Record<string, unknown> | null);
  if (row === null || clientId === null || Number(row.contact_client_id) !== clientId) {
    return page(404, 'Contact not found', '<p>There is no such contact in this sandbox.</p>');
  }
  const facts = SHOWN.map(([column, label]) => [label, textOf(row[column])] as const)
    .filter(([, value]) => value !== '')
    .map(([label, value]) => `<tr><th>${label}</th><td>${escapeHtml(value).replaceAll('\n', '<br>')}</td></tr>`)
    .join('');
  const name = textOf(row.contact_name) || '(no name)';
  return page(200, name, `<p>Client #${clientId} · Contact #${contactId} (ITFlow sandbox, read-only)</p><table>${facts}</table>`);
}

function idParam(value: string | null): number | null {
  return value !== null && /^\d{1,10}$/.test(value) && Number(value) > 0 ? Number(value) : null;
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

function page(status: number, title: string, body: string): PhpResponse {
  const safeTitle = escapeHtml(title);
  return {
    status,
    contentType: HTML,
    body:
      `<!doctype html><html><head><meta charset="utf-8"><title>${safeTitle}</title>` +
      '<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:48rem}th{text-align:left;padding-right:1rem;vertical-align:top;color:#555}</style>' +
      `</head><body><h1>${safeTitle}</h1>${body}</body></html>`,
  };
}
