/** Word lists the user generator draws from. A few names carry accents on purpose (UTF-8 on the wire). */
export const FIRST_NAMES = [
  'Ada', 'Alan', 'Amara', 'André', 'Anna', 'Aisha', 'Ben', 'Björn', 'Carla', 'Chen', 'Chloé', 'Daniel',
  'Diego', 'Elena', 'Emma', 'Fatima', 'Felix', 'Grace', 'Hannah', 'Hiro', 'Ines', 'Ivan', 'Jamal', 'Jana',
  'José', 'Julia', 'Kai', 'Karin', 'Lea', 'Leo', 'Lina', 'Lucas', 'Maya', 'Marco', 'Mei', 'Nadia', 'Noah',
  'Olga', 'Omar', 'Paula', 'Priya', 'Rafael', 'Renée', 'Sara', 'Sven', 'Tariq', 'Tom', 'Uma', 'Victor',
  'Wei', 'Yara', 'Yusuf', 'Zoë', 'Zoran',
] as const;

export const LAST_NAMES = [
  'Abbott', 'Bauer', 'Becker', 'Brown', 'Castillo', 'Chen', 'Costa', 'Dubois', 'Eriksson', 'Fischer',
  'Fontaine', 'García', 'Gómez', 'Hansen', 'Haddad', 'Ivanova', 'Jensen', 'Kim', 'Kowalski', 'Lambert',
  'Larsen', 'Lee', 'Martin', 'Meier', 'Moreau', 'Müller', 'Nakamura', 'Novak', 'Okafor', 'Olsen',
  'Patel', 'Peters', 'Quinn', 'Rossi', 'Santos', 'Schmid', 'Silva', 'Singh', 'Smith', 'Suzuki', 'Tanaka',
  'Torres', 'Nguyen', 'Wagner', 'Weber', 'Williams', 'Wong', 'Yilmaz', 'Zimmermann',
] as const;

export const DEPARTMENTS = [
  'Engineering', 'Sales', 'Marketing', 'Finance', 'Human Resources', 'Customer Support', 'IT',
  'Legal', 'Operations', 'Product',
] as const;

export const DIVISIONS = ['EMEA', 'Americas', 'APAC'] as const;

export const TITLES = [
  'Analyst', 'Associate', 'Engineer', 'Senior Engineer', 'Manager', 'Senior Manager', 'Director',
  'Specialist', 'Consultant', 'Coordinator', 'Vice President',
] as const;

export const PLACES: readonly (readonly [city: string, country: string])[] = [
  ['Zürich', 'Switzerland'], ['Lausanne', 'Switzerland'], ['Berlin', 'Germany'], ['Paris', 'France'],
  ['London', 'United Kingdom'], ['Madrid', 'Spain'], ['New York', 'United States'], ['Boston', 'United States'],
  ['Toronto', 'Canada'], ['São Paulo', 'Brazil'], ['Singapore', 'Singapore'], ['Tokyo', 'Japan'],
  ['Sydney', 'Australia'],
];

/** The ASCII spelling of a name for usernames and e-mail addresses (`Zoë` → `zoe`). */
export function asciiLower(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');
}

/** Nicknames that are hard to carry through CSV and JSON: commas, quotes, line breaks, backslashes, non-ASCII. */
export const NICKNAMES = [
  'Al, the "Great"', 'line one\nline two', 'Zoë "ZZ" Ünal', 'back\\slash', 'tab\there', 'rocket 🚀', ' leading space',
  'comma,comma,', '"quoted"', 'crlf\r\nline', "it's", 'semi;colon', '', 'Ωμέγα', '東京',
] as const;
