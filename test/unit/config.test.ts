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

  it('defaults the ticket link to ITFlow v26.08 and requires {ticketId} in a custom one', () => {
    expect(loadConfig({}).ticketLinkTemplate).toBe('{baseUrl}/agent/ticket.php?client_id={clientId}&ticket_id={ticketId}');
    expect(loadConfig({ ITFLOW_TICKET_LINK: '{baseUrl}/ticket.php?ticket_id={ticketId}' }).ticketLinkTemplate).toBe('{baseUrl}/ticket.php?ticket_id={ticketId}');
    expect(problemsOf({ ITFLOW_TICKET_LINK: 'https://x/ticket.php' }).join('\n')).toMatch(/ITFLOW_TICKET_LINK must contain \{ticketId\}/);
  });

  it('keeps the bot\'s state in a SQLite file under data/ unless Redis is configured', () => {
    expect(loadConfig({}).store).toEqual({ redisUrl: undefined, redisKeyPrefix: 'itflow-teams:', dataDir: 'data' });
    const config = loadConfig({ REDIS_URL: 'rediss://bot:s3cr%40t-pass@redis.example.com:6380/2', REDIS_KEY_PREFIX: 'msp-a:', DATA_DIR: '/var/lib/bot' });
    expect(config.store).toEqual({ redisUrl: 'rediss://bot:s3cr%40t-pass@redis.example.com:6380/2', redisKeyPrefix: 'msp-a:', dataDir: '/var/lib/bot' });
    // The password as written in the URL and as sent to Redis: neither may reach a log line.
    expect(config.secrets).toEqual(['s3cr%40t-pass', 's3cr@t-pass']);
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).secrets).toEqual([]);
  });

  it('accepts only redis:// or rediss:// URLs and a plain key prefix, without echoing them', () => {
    const problems = problemsOf({ REDIS_URL: 'http://:hunter22@cache.example.com', REDIS_KEY_PREFIX: 'has spaces {x}' }).join('\n');
    expect(problems).toMatch(/REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(problems).toMatch(/REDIS_KEY_PREFIX must be/);
    expect(problems).not.toContain('hunter22');
    expect(problems).not.toContain('has spaces');
  });
});

describe('ITFLOW_IDENTITY and TOKEN_ENCRYPTION_KEY', () => {
  const hex = 'a1'.repeat(32);
  const base64 = Buffer.alloc(32, 7).toString('base64');

  it('defaults to the shared key with no encryption key', () => {
    expect(loadConfig({}).identity).toEqual({ policy: 'shared', encryptionKey: undefined });
  });

  it('takes 32 bytes as 64 hex characters or base64 (padded, unpadded, URL-safe), and keeps the text out of logs', () => {
    expect(loadConfig({ ITFLOW_IDENTITY: 'personal-required', TOKEN_ENCRYPTION_KEY: hex }).identity).toEqual({
      policy: 'personal-required',
      encryptionKey: Buffer.from(hex, 'hex'),
    });
    for (const text of [base64, base64.replace(/=$/, ''), Buffer.alloc(32, 0xfb).toString('base64url')]) {
      const config = loadConfig({ ITFLOW_IDENTITY: 'personal-preferred', TOKEN_ENCRYPTION_KEY: text });
      expect(config.identity.encryptionKey?.length).toBe(32);
      expect(config.secrets).toContain(text);
    }
  });

  it('requires the encryption key with a personal policy, and rejects a wrong length or a wrong policy without echoing', () => {
    expect(problemsOf({ ITFLOW_IDENTITY: 'personal-required' }).join('\n')).toMatch(/TOKEN_ENCRYPTION_KEY is required when ITFLOW_IDENTITY is personal-required/);
    const tooShort = Buffer.alloc(16, 9).toString('base64');
    const problems = problemsOf({ ITFLOW_IDENTITY: 'personal', TOKEN_ENCRYPTION_KEY: tooShort }).join('\n');
    expect(problems).toMatch(/ITFLOW_IDENTITY/);
    expect(problems).toMatch(/TOKEN_ENCRYPTION_KEY must be 32 random bytes/);
    expect(problems).not.toContain(tooShort);
    expect(problemsOf({ TOKEN_ENCRYPTION_KEY: 'z'.repeat(64) }).join('\n')).toMatch(/TOKEN_ENCRYPTION_KEY must be 32 random bytes/);
  });
});

describe('config, continued', () => {
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
