import crypto from 'node:crypto';
import { normaliseCallerNumber, storedE164, phoneRegion } from '../../src/calls/caller-number';
import { RateLimiter, TokenCheck, presentedToken } from '../../src/calls/guard';
import { ringCentralEvents, twilioEvents, yeastarEvents } from '../../src/calls/adapters';

describe('normaliseCallerNumber', () => {
  it.each([
    ['+15551010333', 'US', '+15551010333', '5551010333'],
    ['15551010333', 'US', '+15551010333', '5551010333'],
    ['555-101-0333', 'US', '+15551010333', '5551010333'],
    ['011 1 555 101 0333', 'US', '+15551010333', '5551010333'],
    ['0015551010333', 'US', '+15551010333', '5551010333'],
    ['030 1234567', 'DE', '+49301234567', '301234567'],
    ['0049 30 1234567', 'DE', '+49301234567', '301234567'],
    ['07700 900123', 'GB', '+447700900123', '7700900123'],
    ['442071234567', 'US', '+442071234567', '2071234567'],
  ])('%s in %s is %s', (raw, region, e164, national) => {
    expect(normaliseCallerNumber(raw, phoneRegion(region))).toEqual({ kind: 'external', e164, nationalDigits: national });
  });

  it('treats up to six digits as an internal extension and junk as no number', () => {
    expect(normaliseCallerNumber('201', 'US')).toEqual({ kind: 'internal', digits: '201' });
    expect(normaliseCallerNumber('123456', 'US').kind).toBe('internal');
    expect(normaliseCallerNumber('anonymous', 'US').kind).toBe('none');
    expect(normaliseCallerNumber('9'.repeat(5000), 'US').kind).toBe('none');
  });

  it('reads stored numbers with and without their country code', () => {
    expect(storedE164('5551010333', null, 'US')).toBe('+15551010333');
    expect(storedE164('301234567', '49', 'US')).toBe('+49301234567');
    expect(storedE164('0301234567', '+49', 'US')).toBe('+49301234567');
    expect(storedE164('101', null, 'US')).toBeNull();
  });

  it('falls back to US for an unknown region', () => {
    expect(phoneRegion('ZZ')).toBe('US');
    expect(phoneRegion('de')).toBe('DE');
  });
});

describe('TokenCheck', () => {
  afterEach(() => jest.restoreAllMocks());

  it('compares fixed-length digests with timingSafeEqual, whatever the presented length', () => {
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    const check = new TokenCheck('the-right-token-0123');
    expect(check.matches('the-right-token-0123')).toBe(true);
    expect(check.matches('x')).toBe(false);
    expect(check.matches('the-right-token-0123-and-more')).toBe(false);
    expect(check.matches(undefined)).toBe(false);
    expect(spy).toHaveBeenCalledTimes(4);
    for (const [a, b] of spy.mock.calls) {
      expect((a as Buffer).length).toBe(32);
      expect((b as Buffer).length).toBe(32);
    }
  });

  it('takes the token from X-Api-Key, Bearer or ?token=', () => {
    const none = new URLSearchParams();
    expect(presentedToken({ 'x-api-key': 'a' }, none)).toBe('a');
    expect(presentedToken({ authorization: 'Bearer b' }, none)).toBe('b');
    expect(presentedToken({}, new URLSearchParams('token=c'))).toBe('c');
    expect(presentedToken({ authorization: 'Basic xyz' }, none)).toBeUndefined();
  });
});

describe('RateLimiter', () => {
  it('allows a burst, refills over time, and keeps callers apart', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 3, perSecond: 1, now: () => now });
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
    expect(limiter.take('b')).toBe(true);
    now = 1000;
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('a')).toBe(false);
  });

  it('remembers a bounded number of callers', () => {
    const limiter = new RateLimiter({ burst: 1, perSecond: 0.001, maxKeys: 2, now: () => 0 });
    expect(limiter.take('a')).toBe(true);
    limiter.take('b');
    limiter.take('c'); // forgets "a", the least recently seen
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('c')).toBe(false);
  });
});

describe('adapters', () => {
  it('Twilio: only ringing calls, extension from the URL or a short To', () => {
    expect(twilioEvents({ From: '+15551010333', CallSid: 'CA1', To: '201' }, new URLSearchParams())).toEqual([
      { number: '+15551010333', callId: 'CA1', extension: '201', agentEmail: undefined },
    ]);
    expect(twilioEvents({ From: '+15551010333', CallSid: 'CA1', CallStatus: 'completed' }, new URLSearchParams('extension=201'))).toEqual([]);
    expect(twilioEvents({}, new URLSearchParams())).toEqual([]);
  });

  it('RingCentral: inbound Setup/Proceeding parties only', () => {
    const party = (code: string, direction = 'Inbound') => ({ direction, from: { phoneNumber: '+15551010333' }, to: { extensionNumber: '201' }, status: { code } });
    expect(ringCentralEvents({ body: { telephonySessionId: 's1', parties: [party('Setup'), party('Answered'), party('Proceeding', 'Outbound')] } })).toEqual([
      { number: '+15551010333', callId: 's1', extension: '201' },
    ]);
    expect(ringCentralEvents({ nonsense: true })).toEqual([]);
    expect(ringCentralEvents(null)).toEqual([]);
  });

  it('Yeastar: msg as a string or an object; other event types ignored', () => {
    const msg = { call_id: 'y1', members: [{ inbound: { from: '5551010333', to: '2002', member_status: 'ALERT' } }, { extension: { number: '201', member_status: 'RING' } }, { extension: { number: '202', member_status: 'ANSWER' } }] };
    const expected = [{ number: '5551010333', callId: 'y1', extension: '201' }];
    expect(yeastarEvents({ type: 30011, msg: JSON.stringify(msg) })).toEqual(expected);
    expect(yeastarEvents({ type: 30011, msg })).toEqual(expected);
    expect(yeastarEvents({ type: 30012, msg })).toEqual([]);
    expect(yeastarEvents({ type: 30011, msg: '{not json' })).toEqual([]);
  });
});
