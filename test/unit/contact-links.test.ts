import { CONTACT_PAGE_PATHS, parseContactLink } from '../../src/contacts/contact-links';

const BASE = 'https://itflow.msp.example';

describe('parseContactLink', () => {
  it.each(CONTACT_PAGE_PATHS)('reads the ids from /%s', (page) => {
    expect(parseContactLink(`${BASE}/${page}?client_id=3&contact_id=42`, BASE)).toEqual({ contactId: 42, clientId: 3 });
    expect(parseContactLink(`${BASE}/${page}?contact_id=42`, BASE)).toEqual({ contactId: 42 });
  });

  it.each([
    ['parameters in any order, with others and a fragment', `${BASE}/agent/contact.php?contact_id=7&tab=notes&client_id=2#details`, { contactId: 7, clientId: 2 }],
    ['http for an https ITFlow', 'http://itflow.msp.example/agent/contact.php?contact_id=7', { contactId: 7 }],
    ['a host in capitals', 'https://ITFLOW.MSP.example/agent/contact.php?contact_id=7', { contactId: 7 }],
    ['surrounding spaces', `  ${BASE}/contact_details.php?contact_id=7 `, { contactId: 7 }],
    ['doubled slashes', `${BASE}//agent//contact.php?contact_id=7`, { contactId: 7 }],
    ['the same id twice', `${BASE}/agent/contact.php?contact_id=7&contact_id=7`, { contactId: 7 }],
    ['an encoded path', `${BASE}/agent/contact%2Ephp?contact_id=7`, { contactId: 7 }],
    ['dot segments, resolved as a browser does', `${BASE}/agent/%2e%2e/agent/./contact.php?contact_id=7`, { contactId: 7 }],
  ])('accepts %s', (_what, link, expected) => {
    expect(parseContactLink(link, BASE)).toEqual(expected);
  });

  it.each([
    ['another host', 'https://evil.example/agent/contact.php?contact_id=7'],
    ['a host that only ends like ours', 'https://notitflow.msp.example/agent/contact.php?contact_id=7'],
    ['a sub-domain of ours', 'https://x.itflow.msp.example/agent/contact.php?contact_id=7'],
    ['another port', 'https://itflow.msp.example:8443/agent/contact.php?contact_id=7'],
    ['credentials smuggling another host', 'https://itflow.msp.example@evil.example/agent/contact.php?contact_id=7'],
    ['another ITFlow page', `${BASE}/agent/client.php?client_id=3`],
    ['a ticket page with a contact id', `${BASE}/agent/ticket.php?ticket_id=9&contact_id=7`],
    ['a page name inside another folder', `${BASE}/admin/contact.php?contact_id=7`],
    ['no contact id', `${BASE}/agent/contact.php?client_id=3`],
    ['an empty contact id', `${BASE}/agent/contact.php?contact_id=`],
    ['a contact id of zero', `${BASE}/agent/contact.php?contact_id=0`],
    ['a negative contact id', `${BASE}/agent/contact.php?contact_id=-7`],
    ['a contact id with letters', `${BASE}/agent/contact.php?contact_id=7abc`],
    ['two different contact ids', `${BASE}/agent/contact.php?contact_id=7&contact_id=8`],
    ['a client id that is not a number', `${BASE}/agent/contact.php?contact_id=7&client_id=acme`],
    ['a javascript: URL', 'javascript:alert(1)//itflow.msp.example/agent/contact.php?contact_id=7'],
    ['an ftp URL', 'ftp://itflow.msp.example/agent/contact.php?contact_id=7'],
    ['garbage', 'not a link at all'],
    ['an empty string', ''],
  ])('refuses %s', (_what, link) => {
    expect(parseContactLink(link, BASE)).toBeNull();
  });

  describe('with ITFlow in a sub-folder', () => {
    const sub = 'https://msp.example/itflow/';

    it('requires the folder in front of the page', () => {
      expect(parseContactLink('https://msp.example/itflow/agent/contact.php?contact_id=5', sub)).toEqual({ contactId: 5 });
      expect(parseContactLink('https://msp.example/agent/contact.php?contact_id=5', sub)).toBeNull();
      expect(parseContactLink('https://msp.example/itflow2/agent/contact.php?contact_id=5', sub)).toBeNull();
      expect(parseContactLink('https://msp.example/itflow/%2e%2e/agent/contact.php?contact_id=5', sub)).toBeNull();
    });
  });

  it('works against a loopback sandbox with a port', () => {
    expect(parseContactLink('http://127.0.0.1:41234/agent/contact.php?contact_id=5', 'http://127.0.0.1:41234')).toEqual({ contactId: 5 });
    expect(parseContactLink('http://127.0.0.1:41235/agent/contact.php?contact_id=5', 'http://127.0.0.1:41234')).toBeNull();
  });

  it('finds nothing when the configured base URL is unusable', () => {
    expect(parseContactLink(`${BASE}/agent/contact.php?contact_id=5`, 'not a url')).toBeNull();
  });
});
