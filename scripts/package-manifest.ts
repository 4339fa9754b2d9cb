/**
 * Builds the Teams app package: dist/package/manifest.json and dist/itflow-contacts-teams.zip
 * (manifest.json, color.png, outline.png at the archive root), ready to upload in Teams or the
 * Developer Portal. Run with `npm run package`; configure with MicrosoftAppId, ITFLOW_URL and MANIFEST_*.
 * `--out-dir <dir>` writes <dir>/package/manifest.json and <dir>/itflow-contacts-teams.zip instead.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildManifest, ManifestError } from '../src/manifest/build-manifest';
import { manifestValuesFromEnv } from '../src/manifest/manifest-env';
import { readPngHeader } from '../src/manifest/png';
import { findProjectRoot, MANIFEST_TEMPLATE } from '../src/manifest/project-root';
import { loadTeamsSchema, schemaErrors } from '../src/manifest/teams-schema';
import { createZip } from '../src/manifest/zip';

const PACKAGE_NAME = 'itflow-contacts-teams.zip';

function outDirFromArgs(args: readonly string[], root: string): string {
  const at = args.indexOf('--out-dir');
  if (at === -1) return path.join(root, 'dist');
  const dir = args[at + 1];
  if (dir === undefined || dir.startsWith('--')) throw new Error('--out-dir needs a directory');
  return path.resolve(dir);
}

function main(): void {
  const root = findProjectRoot(__dirname);
  const outDir = outDirFromArgs(process.argv.slice(2), root);
  const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: unknown };
  const { values, warnings } = manifestValuesFromEnv(process.env, typeof packageJson.version === 'string' ? packageJson.version : '1.0.0');
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);

  const template: unknown = JSON.parse(readFileSync(path.join(root, MANIFEST_TEMPLATE), 'utf8'));
  const manifest = buildManifest(template, values);
  const errors = schemaErrors(manifest, loadTeamsSchema(manifest.manifestVersion));
  if (errors.length > 0) throw new ManifestError(errors.map((e) => `schema: ${e}`));

  const icons = [
    { name: manifest.icons.color, size: 192 },
    { name: manifest.icons.outline, size: 32 },
  ].map(({ name, size }) => {
    const data = readFileSync(path.join(root, 'manifest', name));
    const header = readPngHeader(data);
    if (header.width !== size || header.height !== size) {
      throw new ManifestError([`manifest/${name} is ${header.width}x${header.height}, Teams needs ${size}x${size}`]);
    }
    return { name, data };
  });

  const manifestJson = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
  mkdirSync(path.join(outDir, 'package'), { recursive: true });
  writeFileSync(path.join(outDir, 'package', 'manifest.json'), manifestJson);
  const zipFile = path.join(outDir, PACKAGE_NAME);
  writeFileSync(zipFile, createZip([{ name: 'manifest.json', data: manifestJson }, ...icons], new Date()));

  process.stdout.write(`${zipFile}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
