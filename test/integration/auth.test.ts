import { randomBytes, randomUUID } from 'node:crypto';
import { BotHarness } from '../support/bot-harness';
import {
  EMULATOR_TOKEN_ISSUER,
  FakeBotFramework,
  generateSigningKey,
  type ChannelTokenOptions,
} from '../support/fake-bot-framework';
import { message } from '../support/teams-activities';

/**
 * Bot Framework authentication of /api/messages, end to end: the real app with an app id, its OpenID metadata,
 * signing keys and outbound token all served by a local stand-in for Microsoft's identity services. Run with
 * the loopback guard (as `npm test` does), a call that escaped to Microsoft would be refused, so a passing
 * "valid token" test also shows that nothing was fetched from anywhere but 127.0.0.1.
 */

/** Shaped like an Azure client secret (they contain "~" and "."). */
const newPassword = () => `Xq8Q~${randomBytes(18).toString('base64url')}.k`;
const bearer = (token: string) => `Bearer ${token}`;

async function post(h: BotHarness, activity: Record<string, unknown>, authorization?: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`${h.app.server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
    body: JSON.stringify(activity),
  });
  return { status: res.status, body: await res.text() };
}

/** botbuilder reports every rejected request with console.error; keep it for the secret check, not the output. */
function captureConsoleErrors(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    lines.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack ?? ''}` : String(a))).join(' '));
  });
  return { lines, restore: () => spy.mockRestore() };
}

describe('with an app id (MultiTenant)', () => {
  const appId = randomUUID();
  const password = newPassword();
  const fake = new FakeBotFramework({ appId, password });
  let h: BotHarness;
  let consoleErrors: ReturnType<typeof captureConsoleErrors>;

  beforeAll(async () => {
    consoleErrors = captureConsoleErrors();
    await fake.start();
    h = await BotHarness.start({
      env: { MicrosoftAppId: appId, MicrosoftAppPassword: password, MicrosoftAppType: 'MultiTenant' },
      authEndpoints: fake.authEndpoints(),
    });
  });
  afterAll(async () => {
    await h?.stop();
    await fake.stop();
    consoleErrors.restore();
  });
  beforeEach(() => h.connector.clear());

  const hello = () => message('help', h.opts());
  const channelToken = (options: Partial<ChannelTokenOptions> = {}) => fake.signChannelToken({ appId, serviceUrl: h.connector.url, ...options });

  it('refuses a message without an Authorization header: 401, no reply, no data in the body', async () => {
    const { status, body } = await post(h, hello());
    expect(status).toBe(401);
    expect(JSON.parse(body)).toBe('Unauthorized');
    expect(h.connector.calls).toEqual([]);
  });

  it.each<[string, () => string]>([
    ['signed by a key the channel never published', () => channelToken({ key: generateSigningKey() })],
    ['signed by another key under the published key id', () => channelToken({ key: generateSigningKey(fake.key.kid) })],
    ['that expired (beyond the 5 minutes of clock skew allowed)', () => channelToken({ expiresIn: -600 })],
    ['issued for another bot', () => channelToken({ appId: randomUUID() })],
    ['from an issuer other than the Bot Framework', () => channelToken({ issuer: 'https://api.botframework.example' })],
    ['issued for another serviceUrl than the activity names', () => channelToken({ serviceUrl: 'https://smba.trafficmanager.net/amer/' })],
    ['that is not signed at all (alg "none")', () => unsigned(channelToken())],
  ])('refuses a token %s: 401 and nothing sent', async (_case, token) => {
    const { status, body } = await post(h, hello(), bearer(token()));
    expect(status).toBe(401);
    expect(JSON.parse(body)).toBe('Unauthorized');
    expect(h.connector.calls).toEqual([]);
  });

  it('accepts a genuine channel token and replies with a token from the local identity provider', async () => {
    const { status } = await post(h, hello(), bearer(channelToken()));
    expect(status).toBe(200);

    expect(h.connector.calls.length).toBeGreaterThan(0);
    const issued = fake.issuedTokens.map(bearer);
    for (const call of h.connector.calls) expect(issued).toContain(call.authorization);
    expect(fake.tokenRequests).toEqual([
      expect.objectContaining({
        tenant: 'botframework.com',
        grantType: 'client_credentials',
        clientId: appId,
        scope: 'https://api.botframework.com/.default',
        secretMatched: true,
      }),
    ]);
    expect(fake.requests).toEqual(
      expect.arrayContaining([
        'GET /v1/.well-known/openidconfiguration',
        'GET /v1/.well-known/keys',
        'GET /botframework.com/v2.0/.well-known/openid-configuration',
        'POST /botframework.com/oauth2/v2.0/token',
      ]),
    );
    expect(fake.unanswered).toEqual([]);
  });

  it("checks emulator-issued tokens against the local emulator metadata, not Microsoft's", async () => {
    const emulatorToken = (key = fake.key) => channelToken({ issuer: EMULATOR_TOKEN_ISSUER, key, claims: { ver: '1.0', appid: appId } });

    expect((await post(h, hello(), bearer(emulatorToken(generateSigningKey(fake.key.kid))))).status).toBe(401);
    expect(fake.requests).toContain('GET /common/v2.0/.well-known/openid-configuration');
    expect(h.connector.calls).toEqual([]);

    expect((await post(h, hello(), bearer(emulatorToken()))).status).toBe(200);
    expect(h.connector.calls.length).toBeGreaterThan(0);
  });

  it('checks App Service Extension channel tokens locally too (a call to Microsoft would be a 500)', async () => {
    const forged = channelToken({ issuer: EMULATOR_TOKEN_ISSUER, key: generateSigningKey(fake.key.kid), claims: { ver: '1.0', appid: appId } });
    const { status } = await post(h, { ...hello(), channelId: 'AseChannel' }, bearer(forged));
    expect(status).toBe(401);
    expect(h.connector.calls).toEqual([]);
  });

  it('never writes the app password to a log line or the console', async () => {
    expect((await post(h, hello())).status).toBe(401);
    expect((await post(h, hello(), bearer(channelToken()))).status).toBe(200);
    expect(h.logLines.some((line) => line.includes('rejected a request that failed Bot Framework authentication'))).toBe(true);
    expect(consoleErrors.lines.length).toBeGreaterThan(0);
    for (const line of [...h.logLines, ...consoleErrors.lines]) {
      expect(line.toLowerCase()).not.toContain(password.toLowerCase());
      expect(line).not.toContain(encodeURIComponent(password));
    }
  });
});

describe('with an app id (SingleTenant)', () => {
  const appId = randomUUID();
  const tenantId = randomUUID();
  const password = newPassword();
  const fake = new FakeBotFramework({ appId, password });
  let h: BotHarness;

  beforeAll(async () => {
    await fake.start();
    h = await BotHarness.start({
      env: { MicrosoftAppId: appId, MicrosoftAppPassword: password, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: tenantId },
      authEndpoints: fake.authEndpoints(),
    });
  });
  afterAll(async () => {
    await h?.stop();
    await fake.stop();
  });

  it("gets its outbound token from its own tenant and answers a genuine channel token", async () => {
    const { status } = await post(h, message('help', h.opts()), bearer(fake.signChannelToken({ appId, serviceUrl: h.connector.url })));
    expect(status).toBe(200);
    expect(h.connector.calls.length).toBeGreaterThan(0);
    expect(h.connector.calls.map((c) => c.authorization)).toEqual(h.connector.calls.map(() => bearer(fake.issuedTokens[0]!)));
    expect(fake.tokenRequests).toEqual([expect.objectContaining({ tenant: tenantId, clientId: appId, secretMatched: true })]);
    expect(fake.unanswered).toEqual([]);
  });
});

describe('when the identity provider refuses the app password', () => {
  const appId = randomUUID();
  const password = newPassword();
  const fake = new FakeBotFramework({ appId, password: newPassword() });
  let h: BotHarness;

  beforeAll(async () => {
    await fake.start();
    h = await BotHarness.start({ env: { MicrosoftAppId: appId, MicrosoftAppPassword: password }, authEndpoints: fake.authEndpoints() });
  });
  afterAll(async () => {
    await h?.stop();
    await fake.stop();
  });

  it('sends nothing without a token, and keeps the password out of the logged failure', async () => {
    await post(h, message('help', h.opts()), bearer(fake.signChannelToken({ appId, serviceUrl: h.connector.url })));
    expect(h.connector.calls).toEqual([]);
    expect(fake.tokenRequests.length).toBeGreaterThan(0);
    for (const request of fake.tokenRequests) expect(request).toMatchObject({ clientId: appId, secretMatched: false, issuedToken: null });
    expect(h.logLines.some((line) => line.includes('invalid_client'))).toBe(true);
    for (const line of h.logLines) expect(line.toLowerCase()).not.toContain(password.toLowerCase());
  });
});

describe('when the signing keys cannot be fetched', () => {
  const appId = randomUUID();
  const fake = new FakeBotFramework({ appId, password: newPassword() });
  let h: BotHarness;
  let consoleErrors: ReturnType<typeof captureConsoleErrors>;

  beforeAll(async () => {
    consoleErrors = captureConsoleErrors();
    await fake.start();
    const endpoints = fake.authEndpoints();
    await fake.stop();
    h = await BotHarness.start({ env: { MicrosoftAppId: appId, MicrosoftAppPassword: 'unused-password' }, authEndpoints: endpoints });
  });
  afterAll(async () => {
    await h?.stop();
    consoleErrors.restore();
  });

  it('refuses the request (503 with Retry-After, so the channel retries) instead of letting it through', async () => {
    const res = await fetch(`${h.app.server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: bearer(fake.signChannelToken({ appId, serviceUrl: h.connector.url })) },
      body: JSON.stringify(message('help', h.opts())),
    });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.json()).toBe('Authentication is temporarily unavailable');
    expect(h.connector.calls).toEqual([]);
  });
});

describe('without an app id (anonymous: local sandbox and playground)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await BotHarness.start();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('serves a request without an Authorization header and replies without a token', async () => {
    const { status } = await post(h, message('help', h.opts()));
    expect(status).toBe(200);
    expect(h.connector.calls.length).toBeGreaterThan(0);
    expect(h.connector.calls.map((c) => c.authorization)).toEqual(h.connector.calls.map(() => null));
  });
});

/** The same claims with the signature stripped and the algorithm set to "none". */
function unsigned(token: string): string {
  const [, payload] = token.split('.');
  return `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
}
