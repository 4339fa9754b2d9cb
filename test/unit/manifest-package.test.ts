import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { createZip } from '../../src/manifest/zip';
import { loadTeamsSchema, schemaErrors } from '../../src/manifest/teams-schema';

const ROOT = path.resolve(__dirname, '../..');

interface UnzippedEntry {
  name: string;
  method: number;
  data: Buffer;
}

/** A minimal ZIP reader: end record, central directory, local headers; checks sizes and CRCs. */
function unzip(zip: Buffer): UnzippedEntry[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > zip.length) throw new Error('no end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (at + zip.readUInt32LE(end + 12) !== end) throw new Error('central directory size/offset do not meet the end record');
  const entries: UnzippedEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central header ${i}`);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const localAt = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + skip;

    if (zip.readUInt32LE(localAt) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    if (zip.toString('utf8', localAt + 30, localAt + 30 + zip.readUInt16LE(localAt + 26)) !== name) throw new Error(`local name differs for ${name}`);
    if (zip.readUInt32LE(localAt + 14) !== crc || zip.readUInt16LE(localAt + 8) !== method) throw new Error(`local header differs for ${name}`);
    const dataAt = localAt + 30 + zip.readUInt16LE(localAt + 26) + zip.readUInt16LE(localAt + 28);
    const body = zip.subarray(dataAt, dataAt + compressedSize);
    const data = method === 8 ? inflateRawSync(body) : method === 0 ? Buffer.from(body) : null;
    if (data === null) throw new Error(`unsupported method ${method} for ${name}`);
    if (data.length !== size || crc32(data) !== crc) throw new Error(`size or CRC mismatch for ${name}`);
    entries.push({ name, method, data });
  }
  return entries;
}

describe('createZip', () => {
  test('round-trips compressible and incompressible files', () => {
    const text = Buffer.from('{"hello": "world"}\n'.repeat(200));
    let seed = 12345;
    const noise = Buffer.from(Array.from({ length: 3000 }, () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24));
    const zip = createZip(
      [
        { name: 'a.json', data: text },
        { name: 'noise.bin', data: noise },
        { name: 'empty.txt', data: Buffer.alloc(0) },
      ],
      new Date(2024, 4, 17, 13, 45, 30),
    );
    const entries = unzip(zip);
    expect(entries.map((e) => [e.name, e.method])).toEqual([
      ['a.json', 8],
      ['noise.bin', 0], // deflating random bytes would make them bigger, so they are stored
      ['empty.txt', 0],
    ]);
    expect(entries[0]?.data.equals(text)).toBe(true);
    expect(entries[1]?.data.equals(noise)).toBe(true);
    expect(entries[2]?.data.length).toBe(0);
    expect(zip.length).toBeLessThan(text.length); // the text really was deflated
  });

  test('stores the modification time as a DOS date and time', () => {
    const zip = createZip([{ name: 'x', data: Buffer.from('x') }], new Date(2024, 4, 17, 13, 45, 30));
    expect(zip.readUInt16LE(12)).toBe(((2024 - 1980) << 9) | (5 << 5) | 17);
    expect(zip.readUInt16LE(10)).toBe((13 << 11) | (45 << 5) | 15);
  });

  test('refuses unsafe and duplicate names', () => {
    const at = new Date();
    const data = Buffer.from('x');
    expect(() => createZip([{ name: '../evil', data }], at)).toThrow(/unsafe/);
    expect(() => createZip([{ name: '/abs', data }], at)).toThrow(/unsafe/);
    expect(() => createZip([{ name: 'a\\b', data }], at)).toThrow(/unsafe/);
    expect(() => createZip([{ name: 'same', data }, { name: 'same', data }], at)).toThrow(/duplicate/);
  });
});

describe('scripts/package-manifest.ts', () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'teams-package-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  function runPackager(env: Record<string, string>, dir = outDir): { status: number | null; stdout: string; stderr: string } {
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(MicrosoftApp|ITFLOW_|MANIFEST_)/.test(k)),
    );
    const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'scripts/package-manifest.ts'), '--out-dir', dir], {
      cwd: ROOT, // the test runner's NODE_OPTIONS preload (loopback guard) is a path relative to the project
      env: { ...inherited, ...env },
      encoding: 'utf8',
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  test('writes a zip with exactly manifest.json and the two icons at the root', () => {
    const run = runPackager({ MicrosoftAppId: '6d1f0c84-2b7e-4a39-9c55-0e8f3b2a71d4', ITFLOW_URL: 'https://itflow.example.com' });
    expect(run.stderr).not.toMatch(/MicrosoftAppId is not set/);
    expect(run.status).toBe(0);
    const zipFile = path.join(outDir, 'itflow-contacts-teams.zip');
    expect(run.stdout.trim()).toBe(zipFile);

    const entries = unzip(readFileSync(zipFile));
    expect(entries.map((e) => e.name).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const byName = new Map(entries.map((e) => [e.name, e.data]));
    expect(byName.get('color.png')?.equals(readFileSync(path.join(ROOT, 'manifest/color.png')))).toBe(true);
    expect(byName.get('outline.png')?.equals(readFileSync(path.join(ROOT, 'manifest/outline.png')))).toBe(true);

    const manifestJson = byName.get('manifest.json');
    expect(manifestJson?.equals(readFileSync(path.join(outDir, 'package/manifest.json')))).toBe(true);
    const manifest = JSON.parse(manifestJson?.toString('utf8') ?? '') as { manifestVersion: string; bots: { botId: string }[]; validDomains: string[] };
    expect(manifest.bots[0]?.botId).toBe('6d1f0c84-2b7e-4a39-9c55-0e8f3b2a71d4');
    expect(manifest.validDomains).toEqual(['itflow.example.com']);
    expect(schemaErrors(manifest, loadTeamsSchema(manifest.manifestVersion))).toEqual([]);
  });

  test('without MicrosoftAppId it still packages, with the all-zero bot id and a warning', () => {
    const run = runPackager({});
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/MicrosoftAppId is not set.*00000000-0000-0000-0000-000000000000.*local checks only/);
    const manifest = JSON.parse(readFileSync(path.join(outDir, 'package/manifest.json'), 'utf8')) as { bots: { botId: string }[] };
    expect(manifest.bots[0]?.botId).toBe('00000000-0000-0000-0000-000000000000');
  });

  test('a bad MicrosoftAppId fails with a clear message and no package', () => {
    const dir = mkdtempSync(path.join(outDir, 'bad-'));
    const run = runPackager({ MicrosoftAppId: 'my-bot-name' }, dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/bot id "my-bot-name" is not a GUID/);
    expect(() => readFileSync(path.join(dir, 'itflow-contacts-teams.zip'))).toThrow(/ENOENT/);
  });

  const unzipTool = spawnSync('unzip', ['-v'], { encoding: 'utf8' });
  (unzipTool.status === 0 ? test : test.skip)('the system unzip tool accepts the package (when installed)', () => {
    const run = runPackager({ ITFLOW_URL: 'https://itflow.example.com' });
    expect(run.status).toBe(0);
    const check = spawnSync('unzip', ['-t', path.join(outDir, 'itflow-contacts-teams.zip')], { encoding: 'utf8' });
    expect(check.stdout).toMatch(/No errors detected/);
    expect(check.stdout.match(/testing: \S+\s+OK/g)?.length).toBe(3);
  });
});
