import { ALL_CLIENTS } from '../../src/sandbox/api-keys';
import { ItflowClient } from '../../src/itflow/client';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox';

/** getContactPin against the sandbox in both flavors: the PIN reaches the comparison and nothing else. */

const PIN = '5150-PQ';

describe.each(['latest', 'legacy'] as const)('%s', (flavor) => {
  let sandbox: Sandbox;
  let client: ItflowClient;
  let withPin: number;
  let withoutPin: number;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 'demo', flavor });
    client = new ItflowClient({ baseUrl: sandbox.url, apiKey: sandbox.adminKey });
    withPin = Number(sandbox.store.contactsByEmail('aisha.rahman@acme.example', ALL_CLIENTS)[0]!.contact_id);
    withoutPin = Number(sandbox.store.contactsByEmail('sally@acme.example', ALL_CLIENTS)[0]!.contact_id);
    sandbox.store.updateContactRaw(withPin, { contact_pin: PIN });
  });
  afterAll(async () => {
    await client.close();
    await sandbox.close();
  });

  it('ITFlow sends the PIN in contact rows; Contact objects never carry it', async () => {
    const raw = await fetch(`${sandbox.url}/api/v1/contacts/read.php?api_key=${sandbox.adminKey}&contact_id=${withPin}`);
    expect(await raw.text()).toContain(PIN);
    const contact = await client.getContact(withPin);
    expect(contact?.name).toBe('Aisha Rahman');
    expect(JSON.stringify(contact)).not.toContain(PIN);
    expect(JSON.stringify(await client.listContacts({ limit: 100, offset: 0 }))).not.toContain(PIN);
  });

  it('getContactPin answers with a PIN that only matches', async () => {
    const lookup = await client.getContactPin(withPin);
    if (!lookup.found || lookup.pin === null) throw new Error('expected a PIN');
    expect(lookup.clientId).toBeGreaterThan(0);
    expect(lookup.pin.matches(PIN)).toBe(true);
    expect(lookup.pin.matches('5150')).toBe(false);
    expect(JSON.stringify(lookup)).not.toContain(PIN);
  });

  it('tells a contact without a PIN from a missing one', async () => {
    expect(await client.getContactPin(withoutPin)).toMatchObject({ found: true, pin: null });
    expect(await client.getContactPin(999_999)).toEqual({ found: false });
    await expect(client.getContactPin(0)).rejects.toThrow(RangeError);
  });
});
