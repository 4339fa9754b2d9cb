import { parseSignature, plainTextOf, type SignatureDetails } from '../../src/contacts/signature';

const lines = (...l: string[]) => l.join('\n');

describe('parseSignature', () => {
  it.each<[string, string, SignatureDetails]>([
    [
      'a classic signature after "Thanks,"',
      lines('Hi team, please add me to the portal.', '', 'Thanks,', 'Bob Lee', 'IT Manager', 'Acme Corp', 'T: +1 (555) 010-2000 ext. 12', 'M: 555.010.3000', 'bob.lee@acme.example'),
      { name: 'Bob Lee', title: 'IT Manager', phone: '+1 (555) 010-2000', extension: '12', mobile: '555.010.3000', email: 'bob.lee@acme.example' },
    ],
    [
      'name and title on one line, phones on one line',
      lines('Can you reset my password?', 'Best regards,', 'Jane Doe | Director of Operations', 'Phone: 555-202-0100 | Mobile: 555-901-0202', 'jane@globex.example'),
      { name: 'Jane Doe', title: 'Director of Operations', phone: '555-202-0100', mobile: '555-901-0202', email: 'jane@globex.example' },
    ],
    [
      'a "--" separator and a comma between name and title',
      lines('See attached.', '--', 'José Álvarez, Warehouse Supervisor', 'Office: (555) 101-0200 x220', 'Cell: 555 901 0106', 'mailto:jose.alvarez@acme.example'),
      { name: 'José Álvarez', title: 'Warehouse Supervisor', phone: '(555) 101-0200', extension: '220', mobile: '555 901 0106', email: 'jose.alvarez@acme.example' },
    ],
    [
      'an explicit "Title:" line and a fax number to skip',
      lines('Cheers', "Marcus O'Brien", 'Title: Network Administrator', 'F: 555-101-0299', 'Tel. 555-101-0210'),
      { name: "Marcus O'Brien", title: 'Network Administrator', phone: '555-101-0210' },
    ],
    [
      'no sign-off: the last lines are the signature, no name is guessed',
      lines('Please add our new controller to the billing contacts.', 'Maria Garcia', 'Controller', '555-202-0320', 'maria.garcia@globex.example'),
      { title: 'Controller', phone: '555-202-0320', email: 'maria.garcia@globex.example' },
    ],
    ['just an address in a sentence', 'can you add carla@initech.example to the portal?', { email: 'carla@initech.example' }],
    [
      'a quoted earlier message is not the sender\'s signature',
      lines('Thanks,', 'Tom Becker', 'Facilities Coordinator', 'From: Hank Scorpio <hank.scorpio@globex.example>', 'Mobile: 555-902-0202', 'President'),
      { name: 'Tom Becker', title: 'Facilities Coordinator' },
    ],
    [
      'short numbers are not phone numbers, and a company line is not a title',
      lines('Regards,', 'Nina Kowalski', 'Initech Inc.', 'Room 12, Building 4', 'Ext. 10'),
      { name: 'Nina Kowalski' },
    ],
    [
      'a number in a sentence is not taken for a phone',
      lines('My daughter was born on 2024-03-15 and our order is 12345678.', 'Thanks'),
      {},
    ],
    ['nothing at all', '', {}],
  ])('%s', (_what, text, expected) => {
    expect(parseSignature(text)).toEqual(expected);
  });

  it('leaves out a value longer than ITFlow keeps rather than cutting it', () => {
    const long = lines('Thanks,', `${'A'.repeat(5)} ${'B'.repeat(400)}`, `${'x'.repeat(300)}@acme.example`, '555-010-2000');
    expect(parseSignature(long)).toEqual({ phone: '555-010-2000' });
  });
});

describe('plainTextOf', () => {
  it('turns a Teams HTML body into lines, dropping tags and decoding entities', () => {
    const html =
      '<p>Hello,</p><p>please add me.</p><p>Best regards,<br>Jane Doe<br>R&amp;D Lead&nbsp;|&nbsp;Globex<br>' +
      '<a href="mailto:jane@globex.example">jane@globex.example</a> &#8226; Phone: 555-202-0100</p><style>p{color:red}</style>';
    expect(plainTextOf(html).split('\n').map((l) => l.trim()).filter((l) => l !== '')).toEqual([
      'Hello,',
      'please add me.',
      'Best regards,',
      'Jane Doe',
      'R&D Lead | Globex',
      'jane@globex.example • Phone: 555-202-0100',
    ]);
  });

  it('feeds the signature parser', () => {
    const html = '<div>Thanks,</div><div>Jane Doe</div><div>R&amp;D Lead</div><div>Mobile:&nbsp;555-901-0202</div>';
    expect(parseSignature(plainTextOf(html))).toEqual({ name: 'Jane Doe', title: 'R&D Lead', mobile: '555-901-0202' });
  });
});
