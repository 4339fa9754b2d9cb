import { mysqlDateTime } from './php';
import type { NewClient, NewContact, NewLocation } from './schema';
import { CITIES, COMPANY_KINDS, COMPANY_WORDS, DEPARTMENTS, FIRST_NAMES, LAST_NAMES, NOTES, STREETS, TITLES } from './synthetic-data';

/**
 * A deterministic synthetic directory for load tests and benchmarks: about one client per 200 contacts, two
 * locations per client with a shared main line each, realistic names (accents, apostrophes), titles,
 * departments, unique emails per client, extensions on the main line, mobiles, a few archived contacts.
 * Pure: the store inserts what this returns and fills in the ids.
 */

export interface SyntheticOptions {
  contacts: number;
  seed: number;
  now: Date;
  /** Clients and contacts already in the database, so repeated calls yield new names and numbers. */
  existingClients: number;
  existingContacts: number;
  contactsPerClient: number;
  /** Exactly this many clients (instead of one per contactsPerClient contacts); at least one. */
  clients?: number;
  /**
   * Exactly this many locations in all (at least one per client), spread unevenly as at a real MSP: most clients
   * have one or two sites, one chain has many. Default: two per client.
   */
  locations?: number;
}

export type SyntheticLocation = Omit<NewLocation, 'location_client_id'>;
export type SyntheticContact = Omit<NewContact, 'contact_client_id' | 'contact_location_id'> & { locationIndex: number };

export interface SyntheticClient {
  client: NewClient;
  locations: SyntheticLocation[];
  contacts: SyntheticContact[];
}

/** mulberry32: tiny, fast, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Lower-case ASCII for email local parts and domains: accents folded, everything else dropped. */
export function asciiSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/ø/g, 'o')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

function companyName(index: number): string {
  const combos = COMPANY_WORDS.length * COMPANY_KINDS.length;
  // A stride coprime with the combination count visits every name once before repeating.
  const slot = (index * 7) % combos;
  const base = `${COMPANY_WORDS[slot % COMPANY_WORDS.length]!} ${COMPANY_KINDS[Math.floor(slot / COMPANY_WORDS.length)]!}`;
  const round = Math.floor(index / combos);
  return round === 0 ? base : `${base} ${round + 1}`;
}

function daysBefore(now: Date, days: number, random: Random): Date {
  return new Date(now.getTime() - days * 86_400_000 - Math.floor(random() * 86_400) * 1000);
}

export function generateSyntheticDirectory(options: SyntheticOptions): SyntheticClient[] {
  const random = seededRandom(options.seed);
  const count = Math.max(0, Math.floor(options.contacts));
  if (count === 0 && options.clients === undefined) return [];
  const clientCount = Math.max(1, Math.floor(options.clients ?? Math.round(count / options.contactsPerClient)));
  const sites = options.locations === undefined ? null : siteCounts(clientCount, options.locations, random);
  const base = Math.floor(count / clientCount);
  const remainder = count % clientCount;
  const clients: SyntheticClient[] = [];
  let contactIndex = options.existingContacts;
  // Numbers main lines in order, so no two sites share one (two per earlier client, as the default gives).
  let siteIndex = options.existingClients * 2;
  for (let c = 0; c < clientCount; c++) {
    const clientIndex = options.existingClients + c;
    const size = base + (c < remainder ? 1 : 0);
    const siteCount = sites?.[c] ?? 2;
    clients.push(syntheticClient({ clientIndex, size, firstContactIndex: contactIndex, firstSiteIndex: siteIndex, siteCount }, random, options.now));
    contactIndex += size;
    siteIndex += siteCount;
  }
  return clients;
}

/**
 * Locations per client adding up to `total`: one each, then a tenth of the rest to the first client (a chain
 * with many branches, the case that stresses a location picker), the remainder to clients drawn at random.
 */
function siteCounts(clients: number, total: number, random: Random): number[] {
  const counts = new Array<number>(clients).fill(1);
  let rest = Math.max(0, Math.floor(total) - clients);
  const chain = Math.floor(rest / 10);
  counts[0]! += chain;
  rest -= chain;
  for (; rest > 0; rest--) counts[Math.floor(random() * clients)]! += 1;
  return counts;
}

const SITE_LABELS = ['Headquarters', 'Branch Office'];

function siteLabel(index: number): string {
  return SITE_LABELS[index] ?? `Site ${pad(index + 1, 3)}`;
}

interface ClientPlan {
  clientIndex: number;
  size: number;
  firstContactIndex: number;
  firstSiteIndex: number;
  siteCount: number;
}

function syntheticClient(plan: ClientPlan, random: Random, now: Date): SyntheticClient {
  const { clientIndex, size, firstContactIndex, firstSiteIndex, siteCount } = plan;
  const name = companyName(clientIndex);
  const domain = `${asciiSlug(name)}.example`;
  const place = pick(random, CITIES);
  const created = mysqlDateTime(daysBefore(now, 1500 + Math.floor(random() * 1000), random));
  const client: NewClient = {
    client_name: name,
    client_type: pick(random, COMPANY_KINDS),
    client_website: domain,
    client_rate: pick(random, ['95.00', '125.00', '150.00', '175.00']),
    client_currency_code: 'USD',
    client_net_terms: 30,
    client_abbreviation: name.replace(/[^A-Z]/g, '').slice(0, 4) || 'CLNT',
    client_notes: '',
    client_created_at: created,
  };
  const sites = Array.from({ length: siteCount }, (_, l) => l);
  const mainLines = sites.map((l) => `${place.areaCode}555${pad((firstSiteIndex + l) % 10_000, 4)}`);
  const locations: SyntheticLocation[] = sites.map((l) => ({
    location_name: `${name} ${siteLabel(l)}`,
    location_country: 'United States',
    location_address: `${100 + Math.floor(random() * 9800)} ${pick(random, STREETS)}`,
    location_city: place.city,
    location_state: place.state,
    location_zip: place.zip,
    location_phone_country_code: '1',
    location_phone: mainLines[l]!,
    location_hours: l === 0 ? 'Mon-Fri 8-5' : 'Mon-Fri 9-4',
    location_primary: l === 0 ? 1 : 0,
    location_created_at: created,
  }));

  const emails = new Set<string>();
  const contacts: SyntheticContact[] = [];
  for (let k = 0; k < size; k++) {
    const globalIndex = firstContactIndex + k;
    contacts.push(syntheticContact({ k, globalIndex, domain, areaCode: place.areaCode, mainLines, emails, random, now }));
  }
  return { client, locations, contacts };
}

interface ContactContext {
  k: number;
  globalIndex: number;
  domain: string;
  areaCode: string;
  mainLines: string[];
  emails: Set<string>;
  random: Random;
  now: Date;
}

function syntheticContact(ctx: ContactContext): SyntheticContact {
  const { random } = ctx;
  const first = pick(random, FIRST_NAMES);
  const last = pick(random, LAST_NAMES);
  // Two sites: three in four at the first. More: the same share at the first, the rest spread over the others.
  const sites = ctx.mainLines.length;
  const atFirst = random() < 0.75;
  const locationIndex = atFirst || sites === 1 ? 0 : sites === 2 ? 1 : 1 + Math.floor(random() * (sites - 1));
  const onMainLine = random() < 0.85;
  const phone = onMainLine
    ? ctx.mainLines[locationIndex]!
    : `${ctx.areaCode}55${pad((ctx.globalIndex * 7919) % 100_000, 5)}`;
  const hasMobile = random() < 0.7;
  // 7919 is coprime with 10^7, so mobiles never repeat within an area code.
  const mobile = hasMobile ? `${pick(random, ['312', '415', '646', '737', '971'])}${pad((ctx.globalIndex * 7919 + 1_234_567) % 10_000_000, 7)}` : '';
  const archived = ctx.k > 0 && random() < 0.01;
  const created = daysBefore(ctx.now, Math.floor(random() * 1400), random);
  const updated = random() < 0.4 || archived ? new Date(Math.min(ctx.now.getTime(), created.getTime() + Math.floor(random() * 300) * 86_400_000)) : null;
  return {
    locationIndex,
    contact_name: `${first} ${last}`,
    contact_title: pick(random, TITLES),
    contact_email: uniqueEmail(`${cachedSlug(first)}.${cachedSlug(last)}`, ctx.domain, ctx.emails),
    contact_phone_country_code: '1',
    contact_phone: phone,
    contact_extension: onMainLine ? String(100 + ctx.k) : '',
    contact_mobile_country_code: hasMobile ? '1' : null,
    contact_mobile: mobile,
    contact_notes: pick(random, NOTES),
    contact_primary: ctx.k === 0 ? 1 : 0,
    contact_important: !archived && (ctx.k === 0 || random() < 0.08) ? 1 : 0,
    contact_billing: !archived && random() < 0.1 ? 1 : 0,
    contact_technical: !archived && random() < 0.25 ? 1 : 0,
    contact_created_at: mysqlDateTime(created),
    contact_updated_at: updated === null ? null : mysqlDateTime(updated),
    contact_archived_at: archived ? mysqlDateTime(updated ?? ctx.now) : null,
    contact_department: pick(random, DEPARTMENTS),
  };
}

const slugCache = new Map<string, string>();
function cachedSlug(name: string): string {
  let slug = slugCache.get(name);
  if (slug === undefined) {
    slug = asciiSlug(name);
    slugCache.set(name, slug);
  }
  return slug;
}

function uniqueEmail(local: string, domain: string, taken: Set<string>): string {
  let candidate = `${local}@${domain}`;
  for (let n = 2; taken.has(candidate); n++) candidate = `${local}${n}@${domain}`;
  taken.add(candidate);
  return candidate;
}
