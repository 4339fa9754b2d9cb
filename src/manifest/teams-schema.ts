/**
 * Offline validation against the official Teams manifest JSON schema shipped in @microsoft/app-manifest
 * (a dev dependency: only the packaging script and tests use this file, never the bot). The package's own
 * validate helpers download the schema, so they are deliberately not used.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv-draft-04';

const compiled = new WeakMap<object, ValidateFunction>();

export function teamsSchemaPath(manifestVersion: string): string {
  const packageDir = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  return path.join(packageDir, 'build', 'json-schemas', 'teams', `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
}

export function loadTeamsSchema(manifestVersion: string): Record<string, unknown> {
  const file = teamsSchemaPath(manifestVersion);
  if (!existsSync(file)) {
    throw new Error(`no Teams manifest schema for manifestVersion ${manifestVersion} in @microsoft/app-manifest (${file})`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** Returns every schema violation as "path message (details)"; an empty list means valid. */
export function schemaErrors(manifest: unknown, schema: Record<string, unknown>): string[] {
  const validate = compiled.get(schema) ?? compile(schema);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'} (${JSON.stringify(e.params)})`,
  );
}

function compile(schema: Record<string, unknown>): ValidateFunction {
  // The official schema leaves "type" off some objects and arrays; strictTypes would log noise about it.
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  ajv.addFormat('uri', isAbsoluteUri);
  const validate = ajv.compile(schema);
  compiled.set(schema, validate);
  return validate;
}

function isAbsoluteUri(text: string): boolean {
  return URL.canParse(text) && /^[a-z][a-z0-9+.-]*:/i.test(text);
}
