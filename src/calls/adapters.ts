/**
 * Thin mappings of each PBX's "ringing" webhook onto one RingEvent. Parsed once here with zod; anything that is not
 * a ringing inbound call maps to no events (and is acknowledged, so the PBX does not retry it).
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { sameDigest } from './guard';
import type { RingEvent } from './ringing';

const text = z.union([z.string(), z.number().transform(String)]).pipe(z.string().max(200));

export const ringingBodySchema = z.object({
  number: text,
  callId: text.pipe(z.string().min(1)),
  extension: text.optional(),
  agentEmail: text.optional(),
  teamsUserId: text.optional(),
});

/** Twilio status callback (form-encoded): From, CallSid, and the extension from the URL or a short To. */
export function twilioEvents(params: Record<string, unknown>, query: URLSearchParams): RingEvent[] {
  const from = str(params['From']);
  const callId = str(params['CallSid']);
  if (from === '' || callId === '') return [];
  const status = str(params['CallStatus']);
  if (status !== '' && status !== 'ringing' && status !== 'initiated') return [];
  const to = str(params['ForwardedFrom']) || str(params['To']);
  const extension = query.get('extension') ?? (/^\d{1,6}$/.test(to) ? to : undefined);
  return [{ number: from, callId, extension, agentEmail: query.get('agentEmail') ?? undefined }];
}

/**
 * Twilio's X-Twilio-Signature: base64 HMAC-SHA1 of the full URL followed by every POST parameter (name then
 * value, names sorted), keyed with the account's auth token. Compared as equal-length digests.
 */
export function twilioSignatureValid(authToken: string, url: string, params: Record<string, unknown>, signature: string | undefined): boolean {
  const payload = url + Object.keys(params).sort().map((k) => k + str(params[k])).join('');
  const expected = createHmac('sha1', authToken).update(payload, 'utf8').digest('base64');
  return sameDigest(expected, signature ?? '') && signature !== undefined;
}

const ringCentralSchema = z.object({
  body: z.object({
    telephonySessionId: text.optional(),
    sessionId: text.optional(),
    parties: z
      .array(
        z.object({
          extensionId: text.optional(),
          direction: z.string().optional(),
          from: z.object({ phoneNumber: text.optional() }).optional(),
          to: z.object({ phoneNumber: text.optional(), extensionNumber: text.optional(), extensionId: text.optional() }).optional(),
          status: z.object({ code: z.string().optional() }).optional(),
        }),
      )
      .max(50),
  }),
});

/** RingCentral telephony-session notification: each inbound party in Setup/Proceeding rings its extension. */
export function ringCentralEvents(payload: unknown): RingEvent[] {
  const parsed = ringCentralSchema.safeParse(payload);
  if (!parsed.success) return [];
  const { body } = parsed.data;
  const callId = body.telephonySessionId ?? body.sessionId ?? '';
  if (callId === '') return [];
  return body.parties.flatMap((party) => {
    const code = party.status?.code ?? '';
    const number = party.from?.phoneNumber ?? '';
    if ((code !== 'Setup' && code !== 'Proceeding') || party.direction === 'Outbound' || number === '') return [];
    const extension = party.to?.extensionNumber ?? party.extensionId ?? party.to?.extensionId;
    return extension === undefined ? [] : [{ number, callId, extension }];
  });
}

const yeastarMember = z.object({
  extension: z.object({ number: text, member_status: z.string() }).partial().optional(),
  inbound: z.object({ from: text, to: text, member_status: z.string() }).partial().optional(),
});
const yeastarCall = z.object({ call_id: text, members: z.array(yeastarMember).max(100) });
const yeastarSchema = z.object({ type: z.number().optional(), msg: z.union([z.string().max(64 * 1024), yeastarCall]) });

/** Yeastar P-Series 30011 "call status changed": the inbound caller, each extension whose status is RING. */
export function yeastarEvents(payload: unknown): RingEvent[] {
  const parsed = yeastarSchema.safeParse(payload);
  if (!parsed.success || (parsed.data.type !== undefined && parsed.data.type !== 30011)) return [];
  // Yeastar sends msg as a JSON string inside the JSON body.
  let msg: unknown = parsed.data.msg;
  if (typeof msg === 'string') {
    try {
      msg = JSON.parse(msg);
    } catch {
      return [];
    }
  }
  const call = yeastarCall.safeParse(msg);
  if (!call.success) return [];
  const caller = call.data.members.find((m) => m.inbound?.from !== undefined)?.inbound?.from;
  if (caller === undefined) return [];
  return call.data.members
    .filter((m) => m.extension?.member_status === 'RING' && m.extension.number !== undefined)
    .map((m) => ({ number: caller, callId: call.data.call_id, extension: m.extension!.number }));
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}
