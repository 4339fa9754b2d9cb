import { createHmac } from 'node:crypto';
import http from 'node:http';
import { BotHarness } from '../support/bot-harness';
import { cardsOf, type CardJson } from '../support/connector';
import { TESS } from '../support/teams-activities';

/** Caller ID driven as each phone system would, over HTTP, against the real app and the demo sandbox. */

const TOKEN = 'calls-token-0123456789abcdef';
const TWILIO = 'twilio-auth-token-for-tests';
const RC_VERIFY = 'ringcentral-verification-token';
const OTHER = { id: '29:1other-technician', name: 'Otto Other', aadObjectId: '0a0a0a0a-1111-2222-3333-444444444444' };

let h: BotHarness;
beforeAll(async () => {
  h = await BotHarness.start({
    env: {
      CALLS_API_TOKEN: TOKEN,
      CALLS_EXTENSIONS: '202=otto@msp.example',
      TWILIO_AUTH_TOKEN: TWILIO,
      RINGCENTRAL_VERIFICATION_TOKEN: RC_VERIFY,
    },
  });
  // Both technicians have talked to the bot in personal chat; Tess claims extension 201.
  await h.say('my extension is 201');
  await h.say('help', 'personal', { from: OTHER });
});
afterAll(async () => {
  await h?.stop();
});

function url(path: string): string {
  return `${h.app.server.url}${path}`;
}

async function get(path: string, headers: Record<string, string> = { 'x-api-key': TOKEN }) {
  const res = await fetch(url(path), { headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url(path), { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': TOKEN, ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? null : (JSON.parse(text) as Record<string, unknown>) };
}

interface ThreeCxContact {
  id: number;
  firstName: string;
  lastName: string;
  company: string;
  businessPhone: string;
  sharedLine?: boolean;
}

function cardText(card: CardJson): string {
  return JSON.stringify(card);
}

/** Cards posted to each conversation since `from`. */
function cardsByConversation(from: number): Map<string, CardJson[]> {
  const out = new Map<string, CardJson[]>();
  for (const call of h.connector.calls.slice(from)) {
    if (call.method !== 'POST') continue;
    out.set(call.conversationId, [...(out.get(call.conversationId) ?? []), ...cardsOf(call.activity)]);
  }
  return out;
}

describe('3CX lookup', () => {
  it.each(['+15551010333', '15551010333', '5551010333', '(555) 101-0333', '+1 555.101.0333', '01115551010333', 'tel:+15551010333'])('finds Aisha Rahman for %s', async (number) => {
    const res = await get(`/api/calls/lookup?number=${encodeURIComponent(number)}`);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as { contacts: ThreeCxContact[]; sharedLine: boolean };
    expect(body.contacts).toHaveLength(1);
    expect(body.contacts[0]).toMatchObject({ firstName: 'Aisha', lastName: 'Rahman', company: 'Acme Corp', businessPhone: number });
    expect(body.sharedLine).toBe(false);
  });

  it('answers an unknown number and a short internal extension with an empty list', async () => {
    for (const number of ['+447700900123', '201', '']) {
      const res = await get(`/api/calls/lookup?number=${encodeURIComponent(number)}`);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toEqual({ sharedLine: false, contacts: [] });
    }
  });

  it('returns every candidate on a shared main line, marked', async () => {
    const res = await get('/api/calls/lookup?number=%2B15551010100', { authorization: `Bearer ${TOKEN}` });
    const body = JSON.parse(res.text) as { contacts: ThreeCxContact[]; sharedLine: boolean };
    expect(body.sharedLine).toBe(true);
    expect(body.contacts.length).toBeGreaterThan(3);
    expect(body.contacts.every((c) => c.sharedLine === true && c.company === 'Acme Corp')).toBe(true);
    // Archived contacts (Kevin O'Neill) are not offered.
    expect(body.contacts.map((c) => c.firstName)).not.toContain('Kevin');
  });

  it('refuses a missing or wrong token, in headers or the query', async () => {
    expect((await get('/api/calls/lookup?number=5551010333', {})).status).toBe(401);
    expect((await get('/api/calls/lookup?number=5551010333', { 'x-api-key': `${TOKEN}x` })).status).toBe(401);
    expect((await get('/api/calls/lookup?number=5551010333&token=nope', {})).status).toBe(401);
    const refused = await get('/api/calls/lookup?number=5551010333', { authorization: 'Bearer short' });
    expect(refused.status).toBe(401);
    expect(refused.text).not.toContain('Aisha');
  });

  it('never logs the token (query strings included)', () => {
    expect(h.logLines.join('\n')).not.toContain(TOKEN);
  });
});

describe('Superfecta', () => {
  it('answers "Name (Client)" as plain text, or an empty body', async () => {
    const found = await get(`/api/calls/name?number=5551010333&token=${TOKEN}`, {});
    expect(found.status).toBe(200);
    expect(found.type).toMatch(/^text\/plain/);
    expect(found.text).toBe('Aisha Rahman (Acme Corp)');
    const unknown = await get(`/api/calls/name?number=%2B442071234567&token=${TOKEN}`, {});
    expect(unknown).toMatchObject({ status: 200, text: '' });
    const shared = await get(`/api/calls/name?number=5551010100&token=${TOKEN}`, {});
    expect(shared.text).toBe('Acme Corp');
  });
});

describe('ringing', () => {
  it('posts the Incoming call card to the technician on that extension, and to nobody else', async () => {
    const before = h.connector.calls.length;
    const res = await post('/api/calls/ringing', { number: '+1 555 101 0333', callId: 'call-1', extension: '201' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ delivered: 'sent' });
    const posted = cardsByConversation(before);
    expect([...posted.keys()]).toEqual(['a:1personal-chat-with-tess']);
    const card = posted.get('a:1personal-chat-with-tess')![0]!;
    expect(cardText(card)).toContain('Incoming call — Aisha Rahman');
    expect(cardText(card)).toContain('Acme Corp');
    expect(cardText(card)).toContain('"verb":"contact.view"');
    expect(Buffer.byteLength(JSON.stringify(card), 'utf16le')).toBeLessThanOrEqual(40 * 1024);
  });

  it('does not post twice for repeated events of one call', async () => {
    const before = h.connector.calls.length;
    const again = await post('/api/calls/ringing', { number: '+15551010333', callId: 'call-1', extension: '201' });
    expect(again.body).toEqual({ delivered: 'duplicate' });
    expect(h.connector.calls.length).toBe(before);
  });

  it('reaches a technician by Teams user id; unknown numbers get the Add contact card', async () => {
    const before = h.connector.calls.length;
    const res = await post('/api/calls/ringing', { number: '+442071234567', callId: 'call-2', teamsUserId: TESS.aadObjectId });
    expect(res.body).toEqual({ delivered: 'sent' });
    const card = cardsByConversation(before).get('a:1personal-chat-with-tess')![0]!;
    expect(cardText(card)).toContain('unknown number');
    expect(cardText(card)).toContain('"verb":"contact.add"');
    expect(cardText(card)).toContain('+442071234567');
  });

  it('lists the candidates on a shared line', async () => {
    const before = h.connector.calls.length;
    await post('/api/calls/ringing', { number: '5551010100', callId: 'call-3', teamsUserId: TESS.aadObjectId });
    const card = cardsByConversation(before).get('a:1personal-chat-with-tess')![0]!;
    expect(cardText(card)).toContain('shared line');
    expect(cardText(card)).toContain('Sally Smith');
    expect(cardText(card)).toContain('Linda Nguyen');
  });

  it('says so for an extension nobody claimed and for an internal call, posting nothing', async () => {
    const before = h.connector.calls.length;
    expect((await post('/api/calls/ringing', { number: '5551010333', callId: 'call-4', extension: '299' })).body).toEqual({ delivered: 'no-technician' });
    // 202 maps to otto@msp.example, whose UPN the bot has not learned: no way to reach him yet.
    expect((await post('/api/calls/ringing', { number: '5551010333', callId: 'call-4', extension: '202' })).body).toEqual({ delivered: 'unknown-technician' });
    expect((await post('/api/calls/ringing', { number: '101', callId: 'call-5', extension: '201' })).body).toEqual({ delivered: 'internal-call' });
    expect(h.connector.calls.length).toBe(before);
  });

  it('refuses malformed bodies and wrong tokens', async () => {
    expect((await post('/api/calls/ringing', { number: 5 })).status).toBe(400);
    expect((await post('/api/calls/ringing', { number: '5551010333', callId: 'x', extension: '201' }, { 'x-api-key': 'wrong-token-wrong-token' })).status).toBe(401);
  });
});

describe('my extension', () => {
  it('shows the extension the technician set', async () => {
    const replies = await h.say('my extension');
    expect(JSON.stringify(replies.flatMap(cardsOf))).toContain('Your extension: 201');
  });
});

describe('adapters', () => {
  function twilioSignature(fullUrl: string, params: Record<string, string>, token = TWILIO): string {
    const payload = fullUrl + Object.keys(params).sort().map((k) => k + params[k]).join('');
    return createHmac('sha1', token).update(payload).digest('base64');
  }

  it('Twilio: a signed status callback rings the extension; a bad signature is refused', async () => {
    const path = `/api/calls/twilio?token=${TOKEN}&extension=201`;
    const params = { CallSid: 'CA-twilio-1', From: '+15551010333', To: '+15550000000', CallStatus: 'ringing' };
    const fullUrl = `http://${new URL(h.app.server.url).host}${path}`;
    const send = (signature: string) =>
      fetch(url(path), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });
    const before = h.connector.calls.length;
    expect((await send(twilioSignature(fullUrl, params, 'another-auth-token'))).status).toBe(403);
    expect(h.connector.calls.length).toBe(before);
    const good = await send(twilioSignature(fullUrl, params));
    expect(good.status).toBe(202);
    expect(await good.json()).toEqual({ delivered: ['sent'] });
    expect(cardText(cardsByConversation(before).get('a:1personal-chat-with-tess')![0]!)).toContain('Aisha Rahman');
  });

  it('RingCentral: echoes the validation token, then maps a Proceeding party to its extension', async () => {
    const handshake = await post(`/api/calls/ringcentral?token=${TOKEN}`, {}, { 'validation-token': 'rc-handshake-42' });
    expect(handshake.status).toBe(200);
    expect(handshake.headers.get('validation-token')).toBe('rc-handshake-42');
    const event = {
      uuid: 'e1',
      event: '/restapi/v1.0/account/~/extension/~/telephony/sessions',
      body: {
        telephonySessionId: 's-rc-1',
        parties: [{ extensionId: '1234567', direction: 'Inbound', from: { phoneNumber: '+15551010333' }, to: { phoneNumber: '+15550000000', extensionNumber: '201' }, status: { code: 'Proceeding' } }],
      },
    };
    expect((await post(`/api/calls/ringcentral?token=${TOKEN}`, event, { 'verification-token': 'wrong' })).status).toBe(403);
    const before = h.connector.calls.length;
    const res = await post(`/api/calls/ringcentral?token=${TOKEN}`, event, { 'verification-token': RC_VERIFY });
    expect(res.body).toEqual({ delivered: ['sent'] });
    expect([...cardsByConversation(before).keys()]).toEqual(['a:1personal-chat-with-tess']);
  });

  it('Yeastar: a 30011 call-status event rings each RING extension', async () => {
    const msg = JSON.stringify({
      call_id: '1648861726.280',
      members: [
        { inbound: { from: '5551010333', to: '2002', trunk_name: 'sip', channel_id: 'c1', member_status: 'ALERT' } },
        { extension: { number: '201', channel_id: 'c2', member_status: 'RING' } },
      ],
    });
    const before = h.connector.calls.length;
    const res = await post(`/api/calls/yeastar?token=${TOKEN}`, { type: 30011, sn: '3631A2124XXX', msg }, { 'x-api-key': '' });
    expect(res.body).toEqual({ delivered: ['sent'] });
    expect([...cardsByConversation(before).keys()]).toEqual(['a:1personal-chat-with-tess']);
  });
});

/** A lookup from another loopback address (Linux routes all of 127/8 to lo), as a second PBX would. */
function lookupFrom(localAddress: string): Promise<number> {
  const target = new URL(url('/api/calls/lookup?number=5551010333'));
  return new Promise((resolve, reject) => {
    const req = http.get({ host: target.hostname, port: target.port, path: target.pathname + target.search, localAddress, headers: { 'x-api-key': TOKEN }, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
}

describe('rate limiting', () => {
  it('answers a burst of 200 lookups from one address with 429s beyond its budget, while another address is still served', async () => {
    const statuses = await Promise.all(Array.from({ length: 200 }, () => lookupFrom('127.0.0.2')));
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(100);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    expect(await lookupFrom('127.0.0.3')).toBe(200);
  });
});
