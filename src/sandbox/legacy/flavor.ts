import type { ServerFlavor } from '../flavor';
import { answerLegacy, type LegacyRoute } from './auth';
import type { LegacyStore } from './legacy-store';
import { legacyNotFound } from './output';
import { readLegacyClients, readLegacyContacts, readLegacyLocations } from './reads';
import { createLegacyContact, deleteLegacyContact, updateLegacyContact } from './writes';

/** The late-2024 server's API files: no archive.php or unarchive.php yet, so those paths are PHP's 404 page. */
const LEGACY_ROUTES: ReadonlyMap<string, LegacyRoute> = new Map<string, LegacyRoute>([
  ['/api/v1/contacts/read.php', { kind: 'read', handle: readLegacyContacts }],
  ['/api/v1/contacts/create.php', { kind: 'write', handle: createLegacyContact }],
  ['/api/v1/contacts/update.php', { kind: 'write', handle: updateLegacyContact }],
  ['/api/v1/contacts/delete.php', { kind: 'write', handle: deleteLegacyContact }],
  ['/api/v1/locations/read.php', { kind: 'read', handle: readLegacyLocations }],
  ['/api/v1/clients/read.php', { kind: 'read', handle: readLegacyClients }],
]);

export function legacyFlavor(legacy: LegacyStore): ServerFlavor {
  return {
    endpoint(path) {
      const route = LEGACY_ROUTES.get(path);
      return route === undefined ? null : (request) => answerLegacy(legacy, route, request);
    },
    notFound: legacyNotFound,
  };
}
