/** The built app (`npm run build`: main, preload, renderer, companion), built here when no build exists yet. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');
export const RENDERER_INDEX = join(PROJECT_ROOT, 'out', 'renderer', 'index.html');
export const COMPANION_ENTRY = join(PROJECT_ROOT, 'out', 'companion', 'index.js');

/** CI builds before the tests; a developer running one test file may not have. */
export function ensureAppBuilt(): void {
  if (existsSync(RENDERER_INDEX) && existsSync(COMPANION_ENTRY)) return;
  const result = spawnSync('npm', ['run', 'build'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: process.env,
  });
  if (result.status !== 0 || !existsSync(RENDERER_INDEX) || !existsSync(COMPANION_ENTRY)) {
    throw new Error(`npm run build failed (exit ${result.status}):\n${result.stderr.slice(-4000)}`);
  }
}
