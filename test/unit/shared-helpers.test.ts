import { BoundedMap } from '../../src/bounded-map';
import { emailIn, isEmailAddress } from '../../src/contacts/email';
import { withinTimeLimit } from '../../src/time-limit';

describe('BoundedMap', () => {
  it('forgets the oldest entry once one too many is set', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('c', 3);
    expect([...map.keys()]).toEqual(['b', 'c']);
  });

  it('counts setting a key again as new, so it is kept longest', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('a', 3).set('c', 4);
    expect([...map.entries()]).toEqual([['a', 3], ['c', 4]]);
  });
});

describe('withinTimeLimit', () => {
  it('answers with the work when it comes in time', async () => {
    await expect(withinTimeLimit(Promise.resolve(42), 1000)).resolves.toEqual({ inTime: true, value: 42 });
  });

  it('answers "not in time" when the work is slower, leaving the work to finish', async () => {
    let finish: (value: number) => void = () => undefined;
    const work = new Promise<number>((resolve) => {
      finish = resolve;
    });
    await expect(withinTimeLimit(work, 5)).resolves.toEqual({ inTime: false });
    finish(7);
    await expect(work).resolves.toBe(7);
  });

  it('passes on a failure that comes in time', async () => {
    await expect(withinTimeLimit(Promise.reject(new Error('boom')), 1000)).rejects.toThrow('boom');
  });
});

describe('email addresses (one rule for forms, search, commands, signatures and the Email button)', () => {
  it.each(['sally@acme.example', 'o’brien@acme.example', "o'brien@acme.example", 'a@b.c', 'first.last+tag@sub.acme.example'])('%s is an address', (text) => {
    expect(isEmailAddress(text)).toBe(true);
  });

  it.each(['sally@acme', 'sally smith@acme.example', 'a@@b.c', '"x"@y.z', 'sally@acme.example.', '@acme.example', 'sally@'])('%s is not', (text) => {
    expect(isEmailAddress(text)).toBe(false);
  });

  it.each([
    ['write to sally@acme.example.', 'sally@acme.example'],
    ['E: mailto:bob@globex.example | T: 555 0100', 'bob@globex.example'],
    ["reach me at 'jo@initech.example'", 'jo@initech.example'],
    ['<sally@acme.example>', 'sally@acme.example'],
  ])('finds the address in %j', (text, address) => {
    expect(emailIn(text)).toBe(address);
  });

  it('finds none where there is none', () => {
    expect(emailIn('call me on 555 0100 @ the office')).toBeUndefined();
  });
});
