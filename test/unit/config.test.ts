import { ConfigError, loadConfig } from '../../src/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('runs with no configuration at all against the embedded sandbox', () => {
    const config = loadConfig({});
    expect(config.itflow).toEqual({ mode: 'sandbox', sandboxPort: 3979, dataDir: 'data/sandbox' });
    expect(config.port).toBe(3978);
    expect(config.directoryRefreshSeconds).toBe(300);
    expect(config.contactLinkTemplate).toContain('/agent/contact.php');
    expect(config.playground.enabled).toBe(true);
  });

  it('uses a real ITFlow with a key and app credentials', () => {
    const config = loadConfig({
      ITFLOW_URL: 'https://itflow.example.com/',
      ITFLOW_API_KEY: 'secret-key-123',
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 'app-password',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: 'tenant',
    });
    expect(config.itflow).toEqual({ mode: 'remote', baseUrl: 'https://itflow.example.com', apiKey: 'secret-key-123' });
    expect(config.secrets).toEqual(['secret-key-123', 'app-password']);
  });

  it('reports every problem at once, without echoing values', () => {
    const problems = problemsOf({
      ITFLOW_URL: 'ftp://nope',
      PORT: 'eighty',
      DIRECTORY_REFRESH_SECONDS: '1',
      MicrosoftAppType: 'Sometimes',
      READ_ONLY: 'perhaps',
      ALLOWED_CLIENT_IDS: '1,two',
    });
    const text = problems.join('\n');
    for (const name of ['ITFLOW_URL', 'PORT', 'DIRECTORY_REFRESH_SECONDS', 'MicrosoftAppType', 'READ_ONLY', 'ALLOWED_CLIENT_IDS']) {
      expect(text).toContain(name);
    }
    expect(text).not.toContain('eighty');
    expect(text).not.toContain('perhaps');
  });

  it('requires the API key with ITFLOW_URL and never prints a secret', () => {
    const problems = problemsOf({ ITFLOW_URL: 'https://itflow.example.com', MicrosoftAppId: 'id', MicrosoftAppPassword: '' });
    expect(problems.join('\n')).toMatch(/ITFLOW_API_KEY is required/);
    expect(problems.join('\n')).toMatch(/MicrosoftAppPassword is required/);
  });

  it('refuses a real ITFlow without bot authentication unless anonymous access is explicit', () => {
    const env = { ITFLOW_URL: 'https://itflow.example.com', ITFLOW_API_KEY: 'k-123456' };
    expect(problemsOf(env).join('\n')).toMatch(/MicrosoftAppId is required/);
    expect(loadConfig({ ...env, BOT_ALLOW_ANONYMOUS: 'true' }).bot.allowAnonymous).toBe(true);
  });

  it('parses access lists', () => {
    const config = loadConfig({ ALLOWED_TENANT_IDS: ' t1, t2 ', EDITOR_IDS: 'Alice@Example.com,oid-1', READ_ONLY: 'true', ALLOWED_CLIENT_IDS: '1, 3' });
    expect(config.access).toEqual({ allowedTenantIds: ['t1', 't2'], editorIds: ['alice@example.com', 'oid-1'], readOnly: true, allowedClientIds: [1, 3] });
  });

  it('requires {contactId} in a custom link template', () => {
    expect(problemsOf({ ITFLOW_CONTACT_LINK: 'https://x/contact.php' }).join('\n')).toMatch(/ITFLOW_CONTACT_LINK must contain \{contactId\}/);
  });

  describe('HOST, the listen address', () => {
    const withAppId = { MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'app-password' };

    it('defaults to loopback while requests are anonymous, and to every interface once they must carry a token', () => {
      expect(loadConfig({}).host).toBe('127.0.0.1');
      expect(loadConfig({ ITFLOW_URL: 'https://itflow.example.com', ITFLOW_API_KEY: 'k-123456', BOT_ALLOW_ANONYMOUS: 'true' }).host).toBe('127.0.0.1');
      expect(loadConfig(withAppId).host).toBe('0.0.0.0');
    });

    it.each(['0.0.0.0', '::', '10.1.2.3', 'fd00::5', 'bot.internal', 'localhost'])('takes %s as given', (host) => {
      expect(loadConfig({ HOST: host }).host).toBe(host);
      expect(loadConfig({ ...withAppId, HOST: ` ${host} ` }).host).toBe(host);
    });

    it('an empty HOST is the default', () => {
      expect(loadConfig({ HOST: '' }).host).toBe('127.0.0.1');
    });

    it.each(['http://0.0.0.0', '0.0.0.0:3978', 'two words', 'a..b', 'host/path', '[::1]'])('refuses %s', (host) => {
      expect(problemsOf({ HOST: host })).toEqual(['HOST must be an IP address or a host name, such as 0.0.0.0']);
    });
  });
});
