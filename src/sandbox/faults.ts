import { emptyBody, failure, type PhpResponse } from './http';
import { MESSAGES } from './messages';

/**
 * Fault injection for trust tests: make the next N requests (optionally only to some paths) fail the way
 * real ITFlow deployments fail — a 500 with an empty body, a PHP warning instead of JSON, no answer at
 * all, or a rejected key.
 */
export type FaultMode = 'none' | 'error500' | 'garbage' | 'hang' | 'unauthorized';

export interface FaultSpec {
  mode: FaultMode;
  /** Paths the fault applies to, matched against the end of the request path ("contacts/read.php"); all if omitted. */
  paths?: string[];
  /** How many matching requests fail; every one until cleared if omitted. */
  count?: number;
}

interface ActiveFault {
  mode: Exclude<FaultMode, 'none'>;
  paths: readonly string[] | null;
  remaining: number;
}

/** A PHP warning printed before (and cutting off) the JSON, as a misconfigured server sends it. */
const GARBAGE_BODY =
  '<br />\n<b>Warning</b>:  Undefined array key "contact_id" in <b>/var/www/itflow/api/v1/contacts/read.php</b> on line <b>12</b><br />\n' +
  '{"success":"True","count":1,"data":[{"contact_id":"1","contact_na';

export class FaultInjector {
  private active: ActiveFault | null = null;

  set(spec: FaultSpec): void {
    const count = spec.count ?? Number.POSITIVE_INFINITY;
    this.active = spec.mode === 'none' || count <= 0 ? null : { mode: spec.mode, paths: spec.paths ?? null, remaining: count };
  }

  clear(): void {
    this.active = null;
  }

  /** How many more requests will fail (Infinity when unbounded, 0 when none). */
  remaining(): number {
    return this.active?.remaining ?? 0;
  }

  /** Consumes one fault if it applies to this path; returns what to do instead of answering normally. */
  take(path: string): Exclude<FaultMode, 'none'> | null {
    const fault = this.active;
    if (fault === null || (fault.paths !== null && !fault.paths.some((p) => path.endsWith(p)))) return null;
    fault.remaining--;
    if (fault.remaining <= 0) this.active = null;
    return fault.mode;
  }
}

/** The response a fault produces, or null for "hang" (never answer). */
export function faultResponse(mode: Exclude<FaultMode, 'none'>): PhpResponse | null {
  switch (mode) {
    case 'error500':
      return emptyBody(500);
    case 'garbage':
      return { status: 200, body: GARBAGE_BODY };
    case 'unauthorized':
      return failure(401, MESSAGES.authFailed);
    case 'hang':
      return null;
  }
}
