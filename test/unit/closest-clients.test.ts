import { closestClients } from '../../src/contacts/closest-clients';

const clients = [
  { id: 1, name: 'Acme Corp' },
  { id: 2, name: 'Globex Corporation' },
  { id: 3, name: 'Wayne Enterprises' },
  { id: 4, name: 'Wonka Industries' },
  { id: 5, name: 'Stark Industries' },
];

describe('closestClients', () => {
  it('offers the client a typo or a different wording most likely meant, best first', () => {
    expect(closestClients(clients, 'acme corpp').map((c) => c.id)[0]).toBe(1);
    expect(closestClients(clients, 'wayne enterprizes').map((c) => c.id)[0]).toBe(3);
    expect(closestClients(clients, 'globex').map((c) => c.id)[0]).toBe(2);
    expect(closestClients(clients, 'Stark Ind.').map((c) => c.id)[0]).toBe(5);
  });

  it('offers at most the requested number, and none for something unlike every client or empty', () => {
    expect(closestClients(clients, 'industries', 1)).toHaveLength(1);
    expect(closestClients(clients, 'zzqxv')).toEqual([]);
    expect(closestClients(clients, '   ')).toEqual([]);
    expect(closestClients([], 'acme')).toEqual([]);
  });

  it('folds case and accents', () => {
    expect(closestClients([{ id: 9, name: 'Café Müller' }], 'cafe muller').map((c) => c.id)).toEqual([9]);
  });
});
