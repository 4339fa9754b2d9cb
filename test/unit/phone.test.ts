import {
  formatPhone,
  formatPhoneForEditing,
  phoneKeysMatch,
  phoneLookupDigits,
  phoneMatchKeys,
  phoneRegion,
  queryPhoneKeys,
  storedE164,
  telUri,
  trailingDigitsMatch,
} from '../../src/contacts/phone';

describe('formatting stored numbers (country code beside the digits, default region)', () => {
  test.each([
    // digits, country code, default region, shown
    ['02079460958', '44', 'US', '+44 20 7946 0958'],
    ['02079460958', '44', 'GB', '020 7946 0958'],
    ['2079460958', '44', 'GB', '020 7946 0958'],
    ['03012345678', '49', 'US', '+49 30 12345678'],
    ['03012345678', null, 'DE', '030 12345678'],
    ['0291234567', '61', 'US', '+61 2 9123 4567'],
    ['0412345678', '61', 'AU', '0412 345 678'],
    ['2025550143', '1', 'US', '(202) 555-0143'],
    ['2025550143', null, 'US', '(202) 555-0143'],
    ['2025550143', '1', 'GB', '+1 202 555 0143'],
    ['15551010100', '1', 'US', '(555) 101-0100'],
    ['5551010100', '1', 'US', '(555) 101-0100'],
  ])('%s with country code %s in region %s shows as %s', (digits, cc, region, shown) => {
    expect(formatPhone(digits, cc, phoneRegion(region))).toBe(shown);
  });

  test('nothing, extensions and unplaceable digits stay as they are', () => {
    expect(formatPhone('', '44', 'US')).toBe('');
    expect(formatPhone('204', null, 'US')).toBe('204');
    expect(formatPhone('12', '44', 'US')).toBe('12');
  });

  test('an edit form shows the number formatted only when the format keeps the stored digits', () => {
    expect(formatPhoneForEditing('02079460958', '44', 'US')).toBe('02079460958');
    expect(formatPhoneForEditing('02079460958', '44', 'GB')).toBe('020 7946 0958');
    expect(formatPhoneForEditing('2025550143', '1', 'US')).toBe('(202) 555-0143');
    expect(formatPhoneForEditing('15551010100', '1', 'US')).toBe('+1 555 101 0100');
    expect(formatPhoneForEditing('5551234', null, 'US')).toBe('5551234');
  });

  test('tel: URIs are E.164, with the extension', () => {
    expect(telUri('02079460958', '44', 'US', '12')).toBe('tel:+442079460958;ext=12');
    expect(telUri('03012345678', '49', 'US')).toBe('tel:+493012345678');
    expect(telUri('0412345678', null, 'AU')).toBe('tel:+61412345678');
    expect(telUri('2025550143', null, 'US')).toBe('tel:+12025550143');
    expect(telUri('12', null, 'US')).toBeNull();
  });

  test('an unknown default region falls back to US', () => {
    expect(phoneRegion('ZZ')).toBe('US');
    expect(phoneRegion(undefined)).toBe('US');
    expect(phoneRegion(' gb ')).toBe('GB');
  });
});

describe('matching a typed or dialled number with a stored one', () => {
  const ukStored = phoneMatchKeys('02079460958', '44', 'US');

  test('stored numbers are keyed by E.164 and by digits without the trunk zero', () => {
    expect(ukStored).toEqual({ e164: '+442079460958', tail: '2079460958' });
    expect(phoneMatchKeys('2079460958', null, 'GB')).toEqual({ e164: '+442079460958', tail: '2079460958' });
    expect(storedE164('0412345678', '61', 'US')).toBe('+61412345678');
  });

  test.each([
    ['+44 20 7946 0958', 'US'],
    ['0044 20 7946 0958', 'US'],
    ['020 7946 0958', 'GB'],
    ['2079460958', 'US'],
    ['7946 0958', 'US'],
  ])('%s (region %s) finds the UK number stored as 02079460958', (typed, region) => {
    expect(phoneKeysMatch(queryPhoneKeys(typed, phoneRegion(region)), ukStored)).toBe(true);
  });

  test('German, Australian and US numbers in and out', () => {
    expect(phoneKeysMatch(queryPhoneKeys('+49 30 12345678', 'US'), phoneMatchKeys('03012345678', '49', 'US'))).toBe(true);
    expect(phoneKeysMatch(queryPhoneKeys('+61 412 345 678', 'US'), phoneMatchKeys('0412345678', '61', 'US'))).toBe(true);
    expect(phoneKeysMatch(queryPhoneKeys('(202) 555-0143', 'US'), phoneMatchKeys('12025550143', '1', 'US'))).toBe(true);
    expect(phoneKeysMatch(queryPhoneKeys('+1 202 555 0143', 'GB'), phoneMatchKeys('2025550143', null, 'US'))).toBe(true);
  });

  test('different numbers, and tails shorter than seven digits, do not match', () => {
    expect(phoneKeysMatch(queryPhoneKeys('+44 20 7946 0959', 'US'), ukStored)).toBe(false);
    expect(phoneKeysMatch(queryPhoneKeys('+49 30 12345678', 'US'), ukStored)).toBe(false);
    expect(trailingDigitsMatch('460958', '02079460958')).toBe(false);
    expect(trailingDigitsMatch('9460958', '02079460958')).toBe(true);
  });

  test('the exact lookup asks for the national number, with a trunk zero, then the digits', () => {
    expect(phoneLookupDigits('442079460958', 'US')).toEqual(['2079460958', '02079460958', '442079460958']);
    expect(phoneLookupDigits('2025550143', 'US')).toEqual(['2025550143']);
    expect(phoneLookupDigits('12025550143', 'US')).toEqual(['2025550143', '12025550143']);
  });

  test('hostile input is bounded', () => {
    expect(queryPhoneKeys('9'.repeat(10_000), 'US').e164).toBeNull();
    expect(formatPhone('9'.repeat(10_000), '44', 'US')).toBe('9'.repeat(10_000));
  });
});
