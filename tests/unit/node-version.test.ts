import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MINIMUM_NODE, nodeVersionProblem } from '../../electron/companion/node-version';

const ROOT = resolve(import.meta.dirname, '..', '..');

describe('Node version check', () => {
  it.each(['20.20.2', '22.12.0', '22.21.9', '18.0.0'])('refuses %s with one sentence', (version) => {
    expect(nodeVersionProblem(version)).toMatch(
      new RegExp(`needs Node.js 22.22.0 or newer; this is ${version}`),
    );
  });

  it.each(['22.22.0', '22.23.3', '23.0.0', '24.1.0'])('accepts %s', (version) => {
    expect(nodeVersionProblem(version)).toBeNull();
  });

  it('matches engines in package.json and engine-strict in .npmrc', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(`>=${MINIMUM_NODE.join('.')}`);
    expect(readFileSync(join(ROOT, '.npmrc'), 'utf8')).toMatch(/^engine-strict=true$/m);
  });

  it('the entry module refuses an old Node before loading anything else', () => {
    // Run the guard module with a faked version: it must exit 1 with the sentence on stderr.
    const dir = mkdtempSync(join(tmpdir(), 'tw-node-version-'));
    const script = join(dir, 'old-node.mts');
    writeFileSync(
      script,
      `Object.defineProperty(process.versions, 'node', { value: '20.20.2' });\n` +
        `await import(${JSON.stringify(join(ROOT, 'electron/companion/require-node.ts'))});\n` +
        `console.log('still running');\n`,
    );
    const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const result = spawnSync(process.execPath, [tsx, script], { encoding: 'utf8', cwd: ROOT });
    rmSync(dir, { recursive: true, force: true });
    expect(result.stdout).not.toContain('still running');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/needs Node.js 22.22.0 or newer; this is 20.20.2/);
  });
});
