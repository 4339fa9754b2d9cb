/**
 * Which ITFlow contact a pasted link points at. Pure: a URL and the configured ITFlow base URL in, ids out.
 *
 * ITFlow moved its contact page with versions (see docs/itflow-api.md, "Links into the ITFlow web UI"); the
 * ids are query parameters in every form. Only links on the configured ITFlow host (and under its path, when
 * ITFlow lives in a sub-folder) count: anything else is not ours to unfurl.
 */

export interface ContactLink {
  contactId: number;
  /** Present when the link names the client too (most ITFlow links do). */
  clientId?: number;
}

/** Every page path ITFlow has used for a contact, oldest first. */
export const CONTACT_PAGE_PATHS = [
  'client_contact_details.php',
  'contact_details.php',
  'user/contact_details.php',
  'agent/contact_details.php',
  'agent/contact.php',
] as const;

const PAGE_PATHS: ReadonlySet<string> = new Set(CONTACT_PAGE_PATHS);
const MAX_LINK_LENGTH = 2048;
const ID = /^\d{1,10}$/;
const ABSENT = 'absent';

export function parseContactLink(link: string, itflowBaseUrl: string): ContactLink | null {
  const url = parseWebUrl(link.trim().slice(0, MAX_LINK_LENGTH));
  const base = parseWebUrl(itflowBaseUrl);
  if (url === null || base === null) return null;
  // Same host and port; http and https both count, since people paste whichever their browser shows.
  if (url.hostname.toLowerCase() !== base.hostname.toLowerCase() || url.port !== base.port) return null;

  const basePath = base.pathname.replace(/\/+$/, '');
  const path = decodePath(url.pathname);
  if (path === null || !path.startsWith(`${basePath}/`)) return null;
  if (!PAGE_PATHS.has(path.slice(basePath.length + 1))) return null;

  const contactId = readId(url.searchParams.getAll('contact_id'));
  if (contactId === ABSENT || contactId === null) return null;
  const clientId = readId(url.searchParams.getAll('client_id'));
  if (clientId === null) return null;
  return clientId === ABSENT ? { contactId } : { contactId, clientId };
}

/** A positive id; ABSENT when the parameter is missing, null when it is not an id (or given twice, differently). */
function readId(values: string[]): number | null | typeof ABSENT {
  const distinct = [...new Set(values.map((v) => v.trim()))];
  if (distinct.length === 0) return ABSENT;
  const only = distinct.length === 1 ? (distinct[0] ?? '') : '';
  if (!ID.test(only)) return null;
  const id = Number(only);
  return id > 0 ? id : null;
}

function parseWebUrl(text: string): URL | null {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/** The path with %xx decoded and duplicate slashes folded; null for encodings that would hide a "../". */
function decodePath(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.split('/').some((segment) => segment === '..' || segment === '.')) return null;
  return decoded.replace(/\/{2,}/g, '/');
}
