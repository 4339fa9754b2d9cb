import { ItflowUnavailableError } from '../itflow/errors';
import type { Logger } from '../logger';
import type { TeamsUser } from './access';

/**
 * The audit trail: one structured log line (msg "audit") per write attempt — saved, refused, failed or
 * answered otherwise — naming the Teams user, the contact, the field names (never their values) and the result.
 */
export interface AuditEntry {
  /** "update", "update (forced)", "create", or the card verb of a refused attempt. */
  action: string;
  contactId: number | null;
  /** The outcome: saved, created, unchanged, conflict, duplicate, invalid, notFound, stale, failed, refused. */
  result: string;
  /** Fields whose value ITFlow now holds because of this action ([] unless it wrote). */
  changedFields: readonly string[];
  /** Fields the user asked to change (or, for a create, filled in). */
  attemptedFields: readonly string[];
  reason?: string;
  /** 'failed': ITFlow confirmed the write but the contact could not be read back afterwards (it is done). */
  readBack?: 'failed';
}

export function audit(logger: Logger, user: TeamsUser, entry: AuditEntry): void {
  logger.info('audit', {
    ...entry,
    user: { id: user.id, aadObjectId: user.aadObjectId, upn: user.upn, name: user.name, tenantId: user.tenantId },
  });
}

/** For the audit line: which kind of failure, never its details (they may name hosts or values). */
export function failureKind(err: unknown): string {
  if (err instanceof ItflowUnavailableError && err.outcomeUnknown) return `${err.name} (outcome unknown)`;
  return err instanceof Error ? err.name : 'unknown error';
}
