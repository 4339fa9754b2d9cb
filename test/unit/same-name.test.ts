import { sameNameIn } from '../../src/contacts/same-name';
import { makeContact } from '../support/contacts';

describe('sameNameIn (the add form warning)', () => {
  const contacts = [
    makeContact(1, 'Sally Smith', { clientId: 1 }),
    makeContact(2, 'Sally Jones', { clientId: 2 }),
    makeContact(3, 'Kevin O’Neill', { clientId: 1, archivedAt: '2025-01-02 03:04:05' }),
  ];

  test('the same name at the same client, in any case, spacing or word order', () => {
    expect(sameNameIn('sally  SMITH', 1, contacts)?.id).toBe(1);
    expect(sameNameIn('Smith, Sally', 1, contacts)?.id).toBe(1);
  });

  test('another client, another name, an archived namesake or no name is no warning', () => {
    expect(sameNameIn('Sally Smith', 2, contacts)).toBeNull();
    expect(sameNameIn('Sally Smithers', 1, contacts)).toBeNull();
    expect(sameNameIn('Kevin O’Neill', 1, contacts)).toBeNull();
    expect(sameNameIn('  ', 1, contacts)).toBeNull();
  });
});
