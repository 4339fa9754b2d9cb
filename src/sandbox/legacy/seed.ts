import { createHash } from 'node:crypto';
import type { LegacyStore } from './legacy-store';

/**
 * Client-portal logins for a freshly seeded legacy database. In the recorded lab the two primary contacts
 * (Sally Smith, Sally Jones) have auth method "local" and no password stored yet; the demo data gives every
 * primary contact a full login — a (fake) password hash and a pending reset token — so that anything that
 * must never show those columns has something to not show.
 */
export function seedPortalLogins(legacy: LegacyStore, kind: 'demo' | 'fixtures' | 'none', now: string): void {
  if (kind === 'none') return;
  for (const id of legacy.primaryContactIds()) {
    if (kind === 'fixtures') {
      legacy.setPortalLogin(id, { authMethod: 'local' });
    } else {
      const digest = createHash('sha256').update(`demo-portal-${id}`).digest('base64url');
      legacy.setPortalLogin(id, { authMethod: 'local', passwordHash: `$2y$10$${digest}`, resetToken: digest.slice(0, 32).toUpperCase(), tokenExpire: now });
    }
  }
}
