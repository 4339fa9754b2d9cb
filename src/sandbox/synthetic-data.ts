/** Word lists for synthetic directories: realistic, varied, with accents and apostrophes on purpose. */

export const FIRST_NAMES: readonly string[] = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
  'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen',
  'Christopher', 'Lisa', 'Daniel', 'Nancy', 'Matthew', 'Sandra', 'Anthony', 'Betty', 'Mark', 'Ashley',
  'Donald', 'Emily', 'Steven', 'Kimberly', 'Andrew', 'Margaret', 'Paul', 'Donna', 'Joshua', 'Michelle',
  'Kenneth', 'Carol', 'Kevin', 'Amanda', 'Brian', 'Melissa', 'Timothy', 'Deborah', 'Ronald', 'Stephanie',
  'George', 'Rebecca', 'Jason', 'Sharon', 'Edward', 'Laura', 'Jeffrey', 'Cynthia', 'Ryan', 'Dorothy',
  'Sally', 'Priya', 'Wei', 'Aisha', 'Omar', 'Yuki', 'Hiroshi', 'Fatima', 'Ivan', 'Olga',
  'José', 'María', 'Zoë', 'Chloé', 'François', 'Renée', 'Søren', 'Björn', 'Siobhán', 'Seán',
  'Łukasz', 'Małgorzata', 'Nuño', 'Inés', 'Ángel', 'Noémie', 'Jürgen', 'Anaïs', 'Dagný', 'Mehmet',
];

export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Patel', 'Shah', 'Kim', 'Chen', 'Wang', 'Tanaka', 'Sato', 'Ivanova', 'Kowalski', 'Novak',
  "O'Brien", "O'Neill", "O'Connor", "D'Angelo", "N'Diaye", "O'Sullivan", 'McAllister', 'MacDonald', 'Van der Berg', 'De la Cruz',
  'Álvarez', 'Müller', 'Núñez', 'Gómez', 'Björk', 'Søndergaard', 'Lefèvre', 'Dvořák', 'Wójcik', 'Yılmaz',
];

export const TITLES: readonly string[] = [
  'Office Manager', 'IT Director', 'Network Administrator', 'Systems Engineer', 'Help Desk Lead',
  'Chief Executive Officer', 'Chief Financial Officer', 'Controller', 'Accounts Payable Specialist',
  'HR Generalist', 'Operations Manager', 'Facilities Coordinator', 'Receptionist', 'Sales Manager',
  'Marketing Coordinator', 'Project Manager', 'Software Developer', 'Security Analyst', 'Practice Manager',
  'Nurse Manager', 'Paralegal', 'Warehouse Supervisor', 'Executive Assistant', 'Bookkeeper', '',
];

export const DEPARTMENTS: readonly string[] = [
  'Operations', 'IT', 'Finance', 'Human Resources', 'Executive', 'Sales', 'Marketing', 'Engineering',
  'Facilities', 'Legal', 'Clinical', 'Customer Service', 'Logistics', '',
];

export const NOTES: readonly string[] = [
  '', '', '', '', '',
  'Prefers email.',
  'Call the main line and ask for the extension.',
  'Works remotely Mondays and Fridays.',
  'Approves purchases under $2k.',
  'Part-time; mornings only.',
  'Escalation contact for after-hours outages.',
  'Has the "blue" keycard for the server room.',
  'Out on leave until further notice.',
  'Send invoices to accounts payable as well.',
];

export const COMPANY_WORDS: readonly string[] = [
  'Blue', 'Harbor', 'Summit', 'Cedar', 'Pioneer', 'Northwind', 'Riverside', 'Granite', 'Maple', 'Silver',
  'Evergreen', 'Lakeside', 'Redwood', 'Sterling', 'Beacon', 'Horizon', 'Keystone', 'Oakridge', 'Prairie', 'Coastal',
];

export const COMPANY_KINDS: readonly string[] = [
  'Logistics', 'Dental', 'Law Group', 'Manufacturing', 'Accounting', 'Health', 'Realty', 'Engineering',
  'Veterinary Clinic', 'Construction', 'Insurance', 'Foods', 'Architects', 'Credit Union', 'Academy',
];

export const CITIES: readonly { city: string; state: string; areaCode: string; zip: string }[] = [
  { city: 'Springfield', state: 'IL', areaCode: '217', zip: '62701' },
  { city: 'Portland', state: 'OR', areaCode: '503', zip: '97201' },
  { city: 'Austin', state: 'TX', areaCode: '512', zip: '78701' },
  { city: 'Denver', state: 'CO', areaCode: '303', zip: '80202' },
  { city: 'Columbus', state: 'OH', areaCode: '614', zip: '43215' },
  { city: 'Raleigh', state: 'NC', areaCode: '919', zip: '27601' },
  { city: 'Madison', state: 'WI', areaCode: '608', zip: '53703' },
  { city: 'Tucson', state: 'AZ', areaCode: '520', zip: '85701' },
];

export const STREETS: readonly string[] = [
  'Main St', 'Industrial Pkwy', 'Commerce Dr', 'Elm St', 'Harbor Blvd', 'Technology Way', 'Market St', 'Park Ave',
];
