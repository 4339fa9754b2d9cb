import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BotHarness } from '../support/bot-harness';
import { EMULATOR_TOKEN_ISSUER, FakeBotFramework, generateSigningKey, type SigningKey } from '../support/fake-bot-framework';
import { message } from '../support/teams-activities';

/**
 * Invalid Bot Framework tokens with no network but loopback: each is refused with 401 (never 500), and no number
 * of them makes the bot fetch the OpenID metadata or signing keys more than the cache's schedule allows, whether
 * the metadata endpoint answers, is down (503), or drops every connection.
 */

const CHANNEL_METADATA = 'GET /v1/.well-known/openidconfiguration';
const CHANNEL_KEYS = 'GET /v1/.well-known/keys';
const EMULATOR_METADATA = 'GET /common/v2.0/.well-known/openid-configuration';
const REQUESTS_PER_RUN = 210;

const newPassword = () => `Xq8Q~${randomBytes(18).toString('base64url')}.k`;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Tokens an attacker can make without Microsoft's private key, each for a different reason. */
function forgedTokens(fake: FakeBotFramework, appId: string, serviceUrl: string, strangerKey: SigningKey, sameKidKey: SigningKey): Array<[string, string]> {
  const genuine = fake.signChannelToken({ appId, serviceUrl });
  const [, claims] = genuine.split('.');
  const hs256Input = `${b64({ alg: 'HS256', typ: 'JWT', kid: fake.key.kid })}.${claims}`;
  // The classic confusion: HMAC keyed with the RSA public key, hoping the verifier uses it as a shared secret.
  const publicPem = fake.key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const hs256 = `${hs256Input}.${createHmac('sha256', publicPem).update(hs256Input).digest('base64url')}`;
  return [
    ['alg none', `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${claims}.`],
    ['alg none with the published kid', `Bearer ${b64({ alg: 'none', kid: fake.key.kid })}.${claims}.x`],
    ['HS256 keyed with the public key', `Bearer ${hs256}`],
    ['expired', `Bearer ${fake.signChannelToken({ appId, serviceUrl, expiresIn: -600 })}`],
    ['not valid for another hour', `Bearer ${fake.signChannelToken({ appId, serviceUrl, claims: { nbf: Math.floor(Date.now() / 1000) + 3600 } })}`],
    ['unknown kid', `Bearer ${fake.signChannelToken({ appId, serviceUrl, key: strangerKey })}`],
    ['published kid, wrong key', `Bearer ${fake.signChannelToken({ appId, serviceUrl, key: sameKidKey })}`],
    ['foreign issuer', `Bearer ${fake.signChannelToken({ appId, serviceUrl, issuer: 'https://evil.example' })}`],
    ['no kid', `Bearer ${b64({ alg: 'RS256', typ: 'JWT' })}.${claims}.${genuine.split('.')[2]}`],
    ['not a JWT', 'Bearer not-a-token'],
    ['two segments', `Bearer ${claims}.${claims}`],
    ['Basic scheme', `Basic ${Buffer.from('user:pass').toString('base64')}`],
    ['lower-case scheme', `bearer ${genuine}`],
    ['empty', ''],
    ['huge', `Bearer ${'a'.repeat(12_000)}.${claims}.x`],
  ];
}

async function post(h: BotHarness, authorization: string): Promise<{ status: number; retryAfter: string | null; body: string }> {
  const res = await fetch(`${h.app.server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization === '' ? {} : { authorization }) },
    body: JSON.stringify(message('help', h.opts())),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() };
}

/** Sends the forged tokens round-robin, 15 at a time, REQUESTS_PER_RUN in all; returns statuses per kind. */
async function flood(h: BotHarness, tokens: Array<[string, string]>): Promise<Map<string, Set<number>>> {
  const statuses = new Map<string, Set<number>>();
  for (let i = 0; i < REQUESTS_PER_RUN; i += tokens.length) {
    const answers = await Promise.all(tokens.map(async ([kind, token]) => [kind, (await post(h, token)).status] as const));
    for (const [kind, status] of answers) statuses.set(kind, new Set([...(statuses.get(kind) ?? []), status]));
  }
  return statuses;
}

const strangerKey = generateSigningKey();
let sameKidKey: SigningKey;

// botbuilder reports each token it refuses with console.error; the refusals are what these tests expect.
beforeAll(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
afterAll(() => jest.restoreAllMocks());

describe('invalid tokens while the signing keys are reachable', () => {
  const appId = randomUUID();
  const password = newPassword();
  const fake = new FakeBotFramework({ appId, password });
  let h: BotHarness;

  beforeAll(async () => {
    await fake.start();
    sameKidKey = generateSigningKey(fake.key.kid);
    h = await BotHarness.start({ env: { MicrosoftAppId: appId, MicrosoftAppPassword: password }, authEndpoints: fake.authEndpoints() });
  });
  afterAll(async () => {
    await h?.stop();
    await fake.stop();
  });

  it(`${REQUESTS_PER_RUN} forged tokens of 15 kinds: every one 401, the keys fetched once in all, nothing sent`, async () => {
    const statuses = await flood(h, forgedTokens(fake, appId, h.connector.url, strangerKey, sameKidKey));
    for (const [kind, seen] of statuses) expect([kind, [...seen]]).toEqual([kind, [401]]);
    expect(h.connector.calls).toEqual([]);
    expect(fake.requests.filter((r) => r === CHANNEL_METADATA)).toHaveLength(1);
    expect(fake.requests.filter((r) => r === CHANNEL_KEYS)).toHaveLength(1);
    expect(fake.requests.filter((r) => r === EMULATOR_METADATA)).toHaveLength(1);
  });

  it('a genuine token still passes, with no further fetch of the keys', async () => {
    const before = fake.requests.filter((r) => r.includes('.well-known') && !r.includes('botframework.com')).length;
    expect((await post(h, `Bearer ${fake.signChannelToken({ appId, serviceUrl: h.connector.url })}`)).status).toBe(200);
    expect(h.connector.calls.length).toBeGreaterThan(0);
    expect(fake.requests.filter((r) => r.includes('.well-known') && !r.includes('botframework.com')).length).toBe(before);
  });
});

describe('invalid tokens while the metadata endpoint answers 503', () => {
  const appId = randomUUID();
  const fake = new FakeBotFramework({ appId, password: newPassword() });
  let h: BotHarness;

  beforeAll(async () => {
    await fake.start();
    fake.metadataOutage = true;
    h = await BotHarness.start({ env: { MicrosoftAppId: appId, MicrosoftAppPassword: newPassword() }, authEndpoints: fake.authEndpoints() });
  });
  afterAll(async () => {
    await h?.stop();
    await fake.stop();
  });

  it('forged tokens get 401, a genuine-looking one 503 with Retry-After, never 500, and the metadata is asked at most twice', async () => {
    const statuses = await flood(h, forgedTokens(fake, appId, h.connector.url, strangerKey, sameKidKey));
    // Without keys, a well-formed RS256 token from the channel cannot be told from a forged one: 503 (retry later).
    const unverifiable = new Set(['unknown kid', 'published kid, wrong key']);
    for (const [kind, seen] of statuses) expect([kind, [...seen]]).toEqual([kind, [unverifiable.has(kind) ? 503 : 401]]);

    const genuine = await post(h, `Bearer ${fake.signChannelToken({ appId, serviceUrl: h.connector.url })}`);
    expect([genuine.status, genuine.body]).toEqual([503, '"Authentication is temporarily unavailable"']);
    expect(Number(genuine.retryAfter)).toBeGreaterThan(0);
    expect(h.connector.calls).toEqual([]);
    expect(fake.requests.filter((r) => r === CHANNEL_METADATA).length).toBeLessThanOrEqual(2);
    expect(fake.requests.filter((r) => r === EMULATOR_METADATA).length).toBeLessThanOrEqual(2);
    expect(h.logLines.some((line) => line.includes('could not load Bot Framework signing keys'))).toBe(true);
  });
});

describe('invalid tokens while every connection to the metadata host is dropped', () => {
  const appId = randomUUID();
  const fake = new FakeBotFramework({ appId, password: newPassword() });
  const attempts = new Map<string, number>();
  const dropping = http.createServer((req) => {
    attempts.set(req.url ?? '', (attempts.get(req.url ?? '') ?? 0) + 1);
    req.socket.destroy();
  });
  let h: BotHarness;

  beforeAll(async () => {
    await fake.start();
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(dropping.address() as AddressInfo).port}`;
    h = await BotHarness.start({
      env: { MicrosoftAppId: appId, MicrosoftAppPassword: newPassword() },
      authEndpoints: {
        ...fake.authEndpoints(),
        ToBotFromChannelOpenIdMetadataUrl: `${base}/channel/openidconfiguration`,
        ToBotFromEmulatorOpenIdMetadataUrl: `${base}/emulator/openid-configuration`,
      },
    });
  });
  afterAll(async () => {
    await h?.stop();
    dropping.closeAllConnections();
    await new Promise((resolve) => dropping.close(resolve));
    await fake.stop();
  });

  it('answers every request (401 or 503, never 500) and connects at most twice per metadata URL', async () => {
    const tokens = [
      ...forgedTokens(fake, appId, h.connector.url, strangerKey, sameKidKey),
      ['emulator-issued', `Bearer ${fake.signChannelToken({ appId, serviceUrl: h.connector.url, issuer: EMULATOR_TOKEN_ISSUER, claims: { ver: '1.0', appid: appId } })}`] as [string, string],
    ];
    const statuses = await flood(h, tokens);
    for (const [, seen] of statuses) for (const status of seen) expect([401, 503]).toContain(status);
    expect(statuses.get('alg none')).toEqual(new Set([401]));
    expect(statuses.get('emulator-issued')).toEqual(new Set([503]));
    expect(attempts.get('/channel/openidconfiguration')).toBeLessThanOrEqual(2);
    expect(attempts.get('/emulator/openid-configuration')).toBeLessThanOrEqual(2);
    expect(h.connector.calls).toEqual([]);
  });
});
