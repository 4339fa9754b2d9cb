import { z } from 'zod';

/**
 * The checks on a Bot Framework token that need no key: shape, algorithm, key id, issuer and lifetime. A token
 * failing any of them is refused before a signing key is looked up (so it can never cause a key fetch), with
 * the same clock tolerance botbuilder applies (5 minutes).
 */

const CLOCK_TOLERANCE_SECONDS = 5 * 60;
/** Microsoft's tokens are 1–2 KB; the limit only keeps decoding cheap. */
const MAX_TOKEN_LENGTH = 16 * 1024;

const header = z.object({ alg: z.literal('RS256'), kid: z.string().min(1).max(256) });
const payload = z.object({ iss: z.string().min(1), exp: z.number().finite(), nbf: z.number().finite().optional() });

export type InspectedToken = { ok: true; kid: string; issuer: string } | { ok: false; reason: string };

/** `authorization` as botbuilder reads it: exactly "Bearer <jwt>". */
export function inspectBearerToken(authorization: string | undefined, allowedIssuers: ReadonlySet<string>, nowMs = Date.now()): InspectedToken {
  if (authorization === undefined || authorization.trim() === '') return { ok: false, reason: 'no Authorization header' };
  const match = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(authorization);
  if (match === null || authorization.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'not a signed bearer JWT' };
  const parsedHeader = header.safeParse(decodeSegment(match[1]!));
  if (!parsedHeader.success) return { ok: false, reason: 'token header is not RS256 with a key id' };
  const parsedPayload = payload.safeParse(decodeSegment(match[2]!));
  if (!parsedPayload.success) return { ok: false, reason: 'token claims lack an issuer or an expiry' };
  const claims = parsedPayload.data;
  const now = nowMs / 1000;
  if (claims.exp + CLOCK_TOLERANCE_SECONDS < now) return { ok: false, reason: 'token expired' };
  if (claims.nbf !== undefined && claims.nbf - CLOCK_TOLERANCE_SECONDS > now) return { ok: false, reason: 'token not yet valid' };
  if (!allowedIssuers.has(claims.iss)) return { ok: false, reason: 'token from an issuer the bot does not accept' };
  return { ok: true, kid: parsedHeader.data.kid, issuer: claims.iss };
}

function decodeSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
