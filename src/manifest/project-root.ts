import { existsSync } from 'node:fs';
import path from 'node:path';

export const MANIFEST_TEMPLATE = path.join('manifest', 'manifest.template.json');

/**
 * The project root, found by walking up from `startDir`: the first folder with both package.json and the
 * manifest template. Works from src/ (tsx) and from dist/ (compiled), whatever copies tsc made there.
 */
export function findProjectRoot(startDir: string): string {
  let dir = path.resolve(startDir);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, MANIFEST_TEMPLATE))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no project root (package.json next to ${MANIFEST_TEMPLATE}) above ${startDir}`);
    dir = parent;
  }
}
