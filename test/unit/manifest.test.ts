import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { buildManifest, ManifestError, type ManifestValues } from '../../src/manifest/build-manifest';
import { LOCAL_CHECK_BOT_ID, manifestValuesFromEnv } from '../../src/manifest/manifest-env';
import { loadTeamsSchema, schemaErrors, teamsSchemaPath } from '../../src/manifest/teams-schema';

const ROOT = path.resolve(__dirname, '../..');
const template: unknown = JSON.parse(readFileSync(path.join(ROOT, 'manifest/manifest.template.json'), 'utf8'));
const BOT_ID = '6d1f0c84-2b7e-4a39-9c55-0e8f3b2a71d4';
const HOST = 'itflow.example.com';
const values: ManifestValues = { botId: BOT_ID, itflowHost: HOST, version: '1.2.3' };
const manifestVersion = (template as { manifestVersion: string }).manifestVersion;
const schema = loadTeamsSchema(manifestVersion);

function allStrings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(allStrings);
  if (typeof node === 'object' && node !== null) return Object.values(node).flatMap(allStrings);
  return [];
}

describe('buildManifest with the real template', () => {
  const manifest = buildManifest(template, values);

  test('validates against the official Teams schema for its manifestVersion, offline', () => {
    expect(schemaErrors(manifest, schema)).toEqual([]);
  });

  test('the schema check is not vacuous: it reports a broken manifest', () => {
    const broken = { ...manifest, id: 'not-a-guid', developer: { name: 'x' } };
    const errors = schemaErrors(broken, schema);
    expect(errors.some((e) => e.startsWith('/id '))).toBe(true);
    expect(errors.some((e) => e.startsWith('/developer ') && e.includes('websiteUrl'))).toBe(true);
  });

  test('uses the newest Teams schema shipped in @microsoft/app-manifest, and $schema names that version', () => {
    const teamsDir = path.dirname(path.dirname(teamsSchemaPath('1.0')));
    const versions = readdirSync(teamsDir)
      .map((d) => /^v(\d+)\.(\d+)$/.exec(d))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [Number(m[1]), Number(m[2])] as const)
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const newest = versions[versions.length - 1];
    expect(newest).toBeDefined();
    expect(manifest.manifestVersion).toBe(`${newest?.[0]}.${newest?.[1]}`);
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
  });

  test('fills every placeholder and keeps ids consistent', () => {
    expect(allStrings(manifest).filter((s) => s.includes('${{'))).toEqual([]);
    expect(manifest.id).toBe(BOT_ID);
    expect(manifest.version).toBe('1.2.3');
    expect(manifest.bots?.map((b) => b.botId)).toEqual([BOT_ID]);
    expect(manifest.composeExtensions?.map((c) => c.botId)).toEqual([BOT_ID]);
  });

  test('a separate app id is used for the app only, never for the bot', () => {
    const appId = '0f2e4d6c-8b0a-4c1e-9f3d-5b7a9c1e3f50';
    const m = buildManifest(template, { ...values, appId });
    expect(m.id).toBe(appId);
    expect(m.bots?.[0]?.botId).toBe(BOT_ID);
    expect(m.composeExtensions?.[0]?.botId).toBe(BOT_ID);
  });

  test('the bot works in personal, team and group chat, with a command list for each scope', () => {
    const bot = manifest.bots?.[0];
    expect(bot?.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot?.supportsFiles).toBe(false);
    expect(bot?.commandLists?.map((l) => l.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);
    for (const list of bot?.commandLists ?? []) {
      expect(list.commands.map((c) => c.title)).toEqual(['find', 'show contact', 'edit', 'add contact', 'help']);
      for (const command of list.commands) expect(command.description?.length).toBeGreaterThan(10);
    }
  });

  test('the message extension has the search and action commands the bot handles', () => {
    const commands = manifest.composeExtensions?.[0]?.commands ?? [];
    expect(commands.map((c) => c.id)).toEqual(['findContact', 'addFromMessage', 'newContact']);
    const [find, fromMessage, newContact] = commands;
    expect(find).toMatchObject({ type: 'query', title: 'Find contact', initialRun: true });
    expect(find?.parameters?.map((p) => p.name)).toEqual(['query']);
    expect(fromMessage).toMatchObject({ type: 'action', context: ['message'], fetchTask: true, title: 'Add as ITFlow contact' });
    expect(newContact).toMatchObject({ type: 'action', context: ['compose', 'commandBox'], fetchTask: true });
  });

  test('links to the ITFlow host unfurl, and the host is a valid domain', () => {
    expect(manifest.composeExtensions?.[0]?.messageHandlers).toEqual([{ type: 'link', value: { domains: [HOST] } }]);
    expect(manifest.validDomains).toEqual([HOST]);
  });

  test('does not change the template it was given', () => {
    const before = JSON.stringify(template);
    buildManifest(template, { ...values, itflowHost: null });
    expect(JSON.stringify(template)).toBe(before);
  });
});

describe('sandbox mode (no ITFlow host)', () => {
  const manifest = buildManifest(template, { ...values, itflowHost: null });

  test('leaves out link unfurling and valid domains but keeps the commands', () => {
    expect(manifest.validDomains).toBeUndefined();
    expect(manifest.composeExtensions?.[0]?.messageHandlers).toBeUndefined();
    expect(manifest.composeExtensions?.[0]?.commands?.length).toBe(3);
  });

  test('still validates against the official schema', () => {
    expect(schemaErrors(manifest, schema)).toEqual([]);
  });
});

describe('bad input is rejected with a clear error', () => {
  test('a bot id that is not a GUID', () => {
    const build = () => buildManifest(template, { ...values, botId: 'my-bot' });
    expect(build).toThrow(ManifestError);
    expect(build).toThrow(/bot id "my-bot" is not a GUID.*MicrosoftAppId/);
    expect(() => buildManifest(template, { ...values, appId: 'my-app' })).toThrow(/app id "my-app" is not a GUID/);
  });

  test('a host given as a URL, and a version Teams would refuse', () => {
    let caught: unknown;
    try {
      buildManifest(template, { ...values, itflowHost: 'https://itflow.example.com', version: '1.0.0-beta' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ManifestError);
    const problems = (caught as ManifestError).problems;
    expect(problems).toHaveLength(2);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/ITFlow host "https:\/\/itflow.example.com" must be a bare host name/),
        expect.stringMatching(/version "1.0.0-beta" must be MAJOR.MINOR.PATCH/),
      ]),
    );
  });

  test('developer details that break Teams limits are reported with their path', () => {
    expect(() => buildManifest(template, { ...values, developer: { name: 'x'.repeat(33) } })).toThrow(/developer\.name/);
    expect(() => buildManifest(template, { ...values, developer: { websiteUrl: 'ftp://example.com' } })).toThrow(
      /developer\.websiteUrl: must be an http\(s\) URL/,
    );
  });
});

describe('placeholder filling is structural', () => {
  const mini = (extra: Record<string, unknown>) => ({
    ...(template as Record<string, unknown>),
    ...extra,
  });

  test('values with JSON-significant characters are kept verbatim', () => {
    const name = 'Acme "MSP"}, \\ Inc';
    const manifest = buildManifest(template, { ...values, developer: { name } });
    expect(manifest.developer.name).toBe(name);
  });

  test('placeholders inside longer strings are filled', () => {
    const manifest = buildManifest(mini({ name: { short: 'Contacts ${{APP_VERSION}}' } }), values);
    expect(manifest.name.short).toBe('Contacts 1.2.3');
  });

  test('an unknown placeholder is an error naming where it is', () => {
    expect(() => buildManifest(mini({ name: { short: '${{NOPE}}' } }), values)).toThrow(/name\.short: unknown placeholder \$\{\{NOPE\}\}/);
  });

  test('a missing host inside a longer string cannot be silently dropped', () => {
    const t = mini({ developer: { name: 'x', websiteUrl: 'https://${{ITFLOW_HOST}}/', privacyUrl: 'https://a.b', termsOfUseUrl: 'https://a.b' } });
    expect(() => buildManifest(t, { ...values, itflowHost: null })).toThrow(/developer\.websiteUrl: \$\{\{ITFLOW_HOST\}\} has no value/);
    expect(buildManifest(t, values).developer.websiteUrl).toBe(`https://${HOST}/`);
  });

  test('a compose extension must belong to the manifest bot', () => {
    const t = mini({ composeExtensions: [{ botId: '11111111-2222-3333-4444-555555555555' }] });
    expect(() => buildManifest(t, values)).toThrow(/not one of the manifest's bots/);
  });
});

describe('manifestValuesFromEnv', () => {
  test('uses MicrosoftAppId and the host name of ITFLOW_URL (no port or path)', () => {
    const { values: v, warnings } = manifestValuesFromEnv(
      {
        MicrosoftAppId: BOT_ID,
        ITFLOW_URL: 'https://ITFlow.Example.com:8443/itflow/',
        MANIFEST_DEVELOPER_NAME: 'Acme IT',
        MANIFEST_DEVELOPER_URL: 'https://acme.example',
      },
      '0.4.0',
    );
    expect(v).toMatchObject({ botId: BOT_ID, itflowHost: HOST, version: '0.4.0' });
    expect(v.developer).toEqual({
      name: 'Acme IT',
      websiteUrl: 'https://acme.example',
      privacyUrl: 'https://acme.example',
      termsOfUseUrl: 'https://acme.example',
    });
    expect(warnings).toEqual([]);
  });

  test('without MicrosoftAppId it uses an all-zero bot id and warns the package is for local checks', () => {
    const { values: v, warnings } = manifestValuesFromEnv({}, '0.4.0');
    expect(v.botId).toBe(LOCAL_CHECK_BOT_ID);
    expect(LOCAL_CHECK_BOT_ID).toMatch(/^[0-]+$/);
    expect(v.itflowHost).toBeNull();
    expect(warnings.join('\n')).toMatch(/MicrosoftAppId is not set.*local checks only/);
    expect(schemaErrors(buildManifest(template, v), schema)).toEqual([]);
  });

  test('an ITFLOW_URL that is not an http(s) URL is an error', () => {
    expect(() => manifestValuesFromEnv({ ITFLOW_URL: 'itflow.example.com' }, '1.0.0')).toThrow(/ITFLOW_URL must be an http\(s\) URL/);
  });
});
