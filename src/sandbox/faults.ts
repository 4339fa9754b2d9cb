import { emptyBody, failure, type PhpResponse } from './http';
import { MESSAGES } from './messages';

/**
 * Fault injection for trust tests: make the next N requests (optionally only to some paths) fail the way
 * real ITFlow deployments fail — a 500 with an empty body, a PHP warning instead of JSON, no answer at
 * all, a rejected key or a role that forbids the call — or, worse, do the work and then lose the answer
 * (`afterWrite500`, `afterWriteHang`): the row is stored but the caller cannot know it. `pass` answers
 * normally; in a sequence it holds the next fault back until a given request has gone through, e.g. "let one
 * create through, then fail every read": the write is confirmed, the read-back that follows it fails.
 */
export type FaultMode = 'none' | 'pass' | 'error500' | 'garbage' | 'hang' | 'unauthorized' | 'forbidden' | 'afterWrite500' | 'afterWriteHang';

export interface FaultSpec {
  mode: FaultMode;
  /** Paths the fault applies to, matched against the end of the request path ("contacts/read.php"); all if omitted. */
  paths?: string[];
  /** How many matching requests fail; every one until cleared if omitted. */
  count?: number;
}

/** What the server does with a request a fault applies to. */
export type FaultAction =
  /** Answer this instead of running the handler (null: never answer). */
  | { when: 'before'; response: PhpResponse | null }
  /** Run the handler (its writes land), then answer this instead of its response (null: never answer). */
  | { when: 'after'; response: PhpResponse | null };

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
  /** Faults in order: only the first applies; when it is used up, the next one takes over. */
  private queue: ActiveFault[] = [];

  /** Replaces every pending fault with this one, or with this sequence (each starts when the previous is used up). */
  set(spec: FaultSpec | readonly FaultSpec[]): void {
    const specs: readonly FaultSpec[] = Array.isArray(spec) ? spec : [spec as FaultSpec];
    this.queue = specs.flatMap((s) => {
      const count = s.count ?? Number.POSITIVE_INFINITY;
      return s.mode === 'none' || count <= 0 ? [] : [{ mode: s.mode, paths: s.paths ?? null, remaining: count }];
    });
  }

  clear(): void {
    this.queue = [];
  }

  /** How many more requests will fail (Infinity when unbounded, 0 when none). */
  remaining(): number {
    return this.queue.reduce((sum, f) => sum + f.remaining, 0);
  }

  /** Consumes one fault if it applies to this path; returns what to do instead of answering normally. */
  take(path: string): Exclude<FaultMode, 'none' | 'pass'> | null {
    const fault = this.queue[0];
    if (fault === undefined || (fault.paths !== null && !fault.paths.some((p) => path.endsWith(p)))) return null;
    fault.remaining--;
    if (fault.remaining <= 0) this.queue.shift();
    return fault.mode === 'pass' ? null : fault.mode;
  }
}

/** What a fault does: answer instead of the handler, or let the handler run and replace (or withhold) its answer. */
export function faultAction(mode: Exclude<FaultMode, 'none' | 'pass'>): FaultAction {
  switch (mode) {
    case 'error500':
      return { when: 'before', response: emptyBody(500) };
    case 'garbage':
      return { when: 'before', response: { status: 200, body: GARBAGE_BODY } };
    case 'unauthorized':
      return { when: 'before', response: failure(401, MESSAGES.authFailed) };
    case 'forbidden':
      return { when: 'before', response: failure(403, MESSAGES.forbiddenAction) };
    case 'hang':
      return { when: 'before', response: null };
    case 'afterWrite500':
      return { when: 'after', response: emptyBody(500) };
    case 'afterWriteHang':
      return { when: 'after', response: null };
  }
}
