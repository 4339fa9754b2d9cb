/**
 * The caller-ID endpoints on the bot's port. Off (404) unless CALLS_API_TOKEN is set. Every request is counted
 * against its client address before anything else, then authenticated, then counted against its token; nothing
 * here logs a URL (a query string may carry the token).
 */
import restify from 'restify';
import type { Logger } from '../logger';
import { BodyBudget, readWebhookBody } from '../request-body';
import { callerDisplayName, type CallerLookup, type CallerMatch } from './caller-lookup';
import { ringCentralEvents, ringingBodySchema, twilioEvents, twilioSignatureValid, yeastarEvents } from './adapters';
import { presentedToken, RateLimiter, sameDigest, TokenCheck, tokenKey } from './guard';
import type { RingEvent, RingingService, RingOutcome } from './ringing';
import type { Contact } from '../itflow/types';

export interface CallRoutesDeps {
  /** Null: caller ID is off and every route answers 404. */
  token: string | null;
  lookup: CallerLookup;
  ringing: RingingService;
  contactLink: (contact: Contact) => string | null;
  twilioAuthToken?: string | undefined;
  /** Overrides the URL Twilio signed (behind a proxy the bot cannot see the public one). */
  publicBaseUrl?: string | undefined;
  ringCentralVerificationToken?: string | undefined;
  logger: Logger;
  limits?: { perAddress: RateLimiter; perToken: RateLimiter };
}

type Handler = (req: restify.Request, res: restify.Response, query: URLSearchParams) => Promise<void>;

export function registerCallRoutes(server: restify.Server, deps: CallRoutesDeps): void {
  const check = deps.token === null ? null : new TokenCheck(deps.token);
  const limits = deps.limits ?? {
    // One PBX looks up every call: generous per token, tighter per address so one noisy client cannot starve it.
    perAddress: new RateLimiter({ burst: 60, perSecond: 20 }),
    perToken: new RateLimiter({ burst: 600, perSecond: 200 }),
  };

  const bodies = new BodyBudget();
  const guarded = (handler: Handler) => async (req: restify.Request, res: restify.Response) => {
    try {
      if (check === null) return void res.send(404, { error: 'Not found' });
      if (!limits.perAddress.take(req.socket.remoteAddress ?? 'unknown')) return void tooMany(res);
      const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const token = presentedToken(req.headers, query);
      if (!check.matches(token)) return void res.send(401, { error: 'Missing or wrong token' });
      if (!limits.perToken.take(tokenKey(token ?? ''))) return void tooMany(res);
      if (req.method === 'POST') {
        // The server parses no bodies for its routes (see src/request-body.ts): webhooks read theirs here, bounded.
        const body = await readWebhookBody(req, bodies);
        if (!body.ok) {
          if (!('aborted' in body)) res.send(body.refusal.status, { error: body.refusal.error });
          return;
        }
        req.body = body.value;
      }
      await handler(req, res, query);
    } catch (err) {
      deps.logger.error('caller ID request failed', { path: req.path(), error: err });
      if (!res.headersSent) res.send(500, { error: 'Internal error' });
    }
  };

  server.get('/api/calls/lookup', guarded(async (_req, res, query) => {
    const match = deps.lookup.lookup(query.get('number') ?? '');
    res.send(200, threeCxAnswer(match, query.get('number') ?? '', deps));
  }));

  server.get('/api/calls/name', guarded(async (_req, res, query) => {
    const match = deps.lookup.lookup(query.get('number') ?? '');
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.sendRaw(200, superfectaName(match, deps.lookup));
  }));

  server.post('/api/calls/ringing', guarded(async (req, res) => {
    const parsed = ringingBodySchema.safeParse(req.body);
    if (!parsed.success) return void res.send(400, { error: 'Expected JSON {number, callId, extension|agentEmail|teamsUserId}' });
    res.send(202, { delivered: await deps.ringing.ring(parsed.data) });
  }));

  server.post('/api/calls/twilio', guarded(async (req, res) => {
    const params = plainObject(req.body);
    if (deps.twilioAuthToken !== undefined) {
      const url = `${deps.publicBaseUrl ?? `${forwardedProto(req)}://${req.headers.host ?? 'localhost'}`}${req.url ?? ''}`;
      const signature = req.headers['x-twilio-signature'];
      if (!twilioSignatureValid(deps.twilioAuthToken, url, params, typeof signature === 'string' ? signature : undefined)) {
        return void res.send(403, { error: 'Bad signature' });
      }
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.send(202, { delivered: await ringAll(deps, twilioEvents(params, url.searchParams)) });
  }));

  server.post('/api/calls/ringcentral', guarded(async (req, res) => {
    // The subscription handshake: RingCentral expects its Validation-Token echoed back.
    const validation = req.headers['validation-token'];
    if (typeof validation === 'string' && validation !== '') {
      res.setHeader('Validation-Token', validation.slice(0, 512));
      return void res.send(200);
    }
    const verification = deps.ringCentralVerificationToken;
    const presented = req.headers['verification-token'];
    if (verification !== undefined && !sameDigest(verification, typeof presented === 'string' ? presented : '')) {
      return void res.send(403, { error: 'Bad verification token' });
    }
    res.send(202, { delivered: await ringAll(deps, ringCentralEvents(req.body)) });
  }));

  server.post('/api/calls/yeastar', guarded(async (req, res) => {
    res.send(202, { delivered: await ringAll(deps, yeastarEvents(req.body)) });
  }));

  // 3CX's ReportCall journaling scenario: acknowledged and counted, nothing stored (no call records in ITFlow yet).
  server.post('/api/calls/journal', guarded(async (req, res) => {
    const body = plainObject(req.body);
    deps.logger.info('call journaled', { callType: shortText(body['callType']), entityId: shortText(body['entityId']) });
    res.send(204);
  }));
}

async function ringAll(deps: CallRoutesDeps, events: RingEvent[]): Promise<RingOutcome[]> {
  return Promise.all(events.slice(0, 20).map((e) => deps.ringing.ring(e)));
}

/** The shape the shipped 3CX template (docs/3cx/itflow-teams.xml) maps; the searched number echoed as businessPhone. */
function threeCxAnswer(match: CallerMatch, searched: string, deps: CallRoutesDeps) {
  return {
    sharedLine: match.sharedLine,
    contacts: match.contacts.map((c) => {
      const [firstName = '', ...rest] = c.name.trim().split(/\s+/);
      return {
        id: c.id,
        firstName,
        lastName: rest.join(' '),
        company: deps.lookup.clientName(c.clientId),
        email: c.email,
        businessPhone: searched.slice(0, 64),
        ...(c.mobile !== '' && { mobile: c.mobile }),
        url: deps.contactLink(c) ?? '',
        ...(match.sharedLine && { sharedLine: true }),
      };
    }),
  };
}

/** "Jane Doe (Acme)"; on a shared line the company when every candidate has the same one; else nothing. */
function superfectaName(match: CallerMatch, lookup: CallerLookup): string {
  const [first] = match.contacts;
  if (first === undefined) return '';
  if (!match.sharedLine) return callerDisplayName(first, lookup.clientName(first.clientId));
  const clients = new Set(match.contacts.map((c) => c.clientId));
  return clients.size === 1 ? lookup.clientName(first.clientId) : '';
}

function tooMany(res: restify.Response): void {
  res.setHeader('Retry-After', '1');
  res.send(429, { error: 'Too many requests' });
}

function forwardedProto(req: restify.Request): string {
  const proto = req.headers['x-forwarded-proto'];
  return typeof proto === 'string' && /^https?$/.test(proto) ? proto : 'http';
}

function shortText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value).slice(0, 20) : '';
}

function plainObject(body: unknown): Record<string, unknown> {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
