import crypto from 'node:crypto';
import { inspect } from 'node:util';
import { ContactPin, contactPinRowSchema } from '../../src/itflow/contact-pin';
import { PinCheck, type PinSource } from '../../src/contacts/pin-check';
import { PinAttempts } from '../../src/bot/verbs/pin-attempts';

const PIN = '8642-AB';

describe('ContactPin', () => {
  afterEach(() => jest.restoreAllMocks());

  it('matches the PIN (spaces around it aside, case counting) and nothing else', () => {
    const pin = ContactPin.of(PIN)!;
    expect(pin.matches(PIN)).toBe(true);
    expect(pin.matches(`  ${PIN}\n`)).toBe(true);
    expect(pin.matches(PIN.toLowerCase())).toBe(false);
    expect(pin.matches(`${PIN}0`)).toBe(false);
    expect(pin.matches('')).toBe(false);
  });

  it('compares equal-length SHA-256 digests with timingSafeEqual, whatever the attempt length', () => {
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    const pin = ContactPin.of(PIN)!;
    for (const attempt of [PIN, 'x', 'a much longer attempt than any PIN would ever be']) pin.matches(attempt);
    expect(spy).toHaveBeenCalledTimes(3);
    for (const [a, b] of spy.mock.calls) {
      expect((a as Buffer).length).toBe(32);
      expect((b as Buffer).length).toBe(32);
    }
  });

  it('reads an empty PIN as none', () => {
    expect(ContactPin.of('')).toBeNull();
    expect(ContactPin.of('   ')).toBeNull();
  });

  it('never shows its value: JSON, string, inspect, or a row parsed from ITFlow', () => {
    const row = contactPinRowSchema.parse({ contact_id: '8', contact_client_id: '1', contact_pin: PIN, contact_name: 'Sally' });
    expect([row.id, row.clientId, row.pin instanceof ContactPin]).toEqual([8, 1, true]);
    for (const shown of [JSON.stringify(row), String(row.pin), inspect(row, { depth: 5, showHidden: true }), `${String(row.pin)}`]) {
      expect(shown).not.toContain(PIN);
    }
    expect(contactPinRowSchema.parse({ contact_id: 8, contact_client_id: 1, contact_pin: null }).pin).toBeNull();
    expect(contactPinRowSchema.parse({ contact_id: 8, contact_client_id: 1 }).pin).toBeNull();
    expect(contactPinRowSchema.parse({ contact_id: 8, contact_client_id: 1, contact_pin: 1234 }).pin?.matches('1234')).toBe(true);
  });
});

describe('PinCheck', () => {
  const rows = new Map<number, { clientId: number; pin: string | null }>([
    [1, { clientId: 1, pin: PIN }],
    [2, { clientId: 1, pin: null }],
    [3, { clientId: 2, pin: PIN }],
  ]);
  const source: PinSource = {
    getContactPin: async (id) => {
      const row = rows.get(id);
      return row === undefined ? { found: false } : { found: true, clientId: row.clientId, pin: row.pin === null ? null : ContactPin.of(row.pin) };
    },
  };
  const check = new PinCheck(source, (clientId) => clientId === 1);

  it('answers match, mismatch, noPin or notFound, and nothing for contacts of clients not allowed', async () => {
    expect(await check.check(1, PIN)).toBe('match');
    expect(await check.check(1, '0000')).toBe('mismatch');
    expect(await check.check(2, PIN)).toBe('noPin');
    expect(await check.check(3, PIN)).toBe('notFound');
    expect(await check.check(9, PIN)).toBe('notFound');
    expect(await check.check(0, PIN)).toBe('notFound');
    expect([await check.hasPin(1), await check.hasPin(2), await check.hasPin(3), await check.hasPin(-1)]).toEqual([true, false, null, null]);
  });
});

describe('PinAttempts', () => {
  /** markOnce with a clock the test moves. */
  function storeAt(clock: { now: number }) {
    const expiry = new Map<string, number>();
    return {
      keys: expiry,
      markOnce: async (key: string, ttlMs: number) => {
        if ((expiry.get(key) ?? 0) > clock.now) return false;
        expiry.set(key, clock.now + ttlMs);
        return true;
      },
    };
  }

  it('allows 5 per contact within any 15 minutes, per contact, and frees each attempt 15 minutes after it was made', async () => {
    const clock = { now: 0 };
    const store = storeAt(clock);
    const attempts = new PinAttempts(store);
    for (let i = 0; i < 4; i++) expect(await attempts.take(7)).toBe(true);
    clock.now = 10 * 60_000;
    expect(await attempts.take(7)).toBe(true);
    expect(await attempts.take(7)).toBe(false);
    expect(await attempts.take(8)).toBe(true);
    // 15 minutes after the first four: four free again, the fifth (made at 10 min) still counts.
    clock.now = 15 * 60_000;
    for (let i = 0; i < 4; i++) expect(await attempts.take(7)).toBe(true);
    expect(await attempts.take(7)).toBe(false);
    expect([...store.keys.keys()].every((k) => /^pin-attempt:\d+:\d$/.test(k))).toBe(true);
  });
});
