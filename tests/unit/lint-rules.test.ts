/**
 * The layering rules of ARCHITECTURE.md are lint rules; these tests keep them honest. Each fixture is linted
 * as if it lived at a guarded path (must fail with the expected rule) and at an allowed path (must pass),
 * so removing or weakening a rule in eslint.config.js fails a test.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const FIXTURES = join(ROOT, 'tests', 'fixtures', 'lint');

let eslint: ESLint;

async function lintAs(
  fixture: string,
  path: string,
): Promise<Array<{ ruleId: string | null; message: string }>> {
  const [result] = await eslint.lintText(readFileSync(join(FIXTURES, fixture), 'utf8'), {
    filePath: join(ROOT, path),
  });
  if (!result) throw new Error(`no lint result for ${fixture}`);
  const fatal = result.messages.filter((message) => message.fatal);
  // A parse error would report something for every path and hide a missing rule.
  expect(fatal).toEqual([]);
  return result.messages.map(({ ruleId, message }) => ({ ruleId, message }));
}

// The first lint loads the TypeScript parser, the type-checker's project and the plugins: seconds on a
// busy machine. Warm up once here, with a budget for slow work, so no test's time depends on that.
beforeAll(async () => {
  // The fixtures are linted as if they lived at paths that do not exist, which the type-aware parser
  // cannot look up: the import rules need no types, so this instance parses without the project service.
  eslint = new ESLint({
    cwd: ROOT,
    overrideConfig: {
      files: ['**/*.ts', '**/*.tsx'],
      languageOptions: { parserOptions: { projectService: false } },
      rules: {
        '@typescript-eslint/no-floating-promises': 'off',
        '@typescript-eslint/no-misused-promises': 'off',
      },
    },
  });
  await eslint.lintText('export {};\n', { filePath: join(ROOT, 'shared', 'warm-up.ts') });
}, 300_000);

describe('layering and safety lint rules', () => {
  it.each([
    ['imports-electron.ts', 'electron/core/secrets/x.ts'],
    ['imports-electron.ts', 'electron/companion/x.ts'],
    ['imports-electron.ts', 'shared/schemas/x.ts'],
    ['imports-electron.ts', 'renderer/src/features/x.tsx'],
    ['imports-electron.ts', 'electron/web-security/renderer-path.ts'],
    ['imports-electron-main-module.ts', 'shared/rpc/x.ts'],
    ['imports-electron-main-module.ts', 'electron/core/x.ts'],
    ['imports-main-shell.ts', 'shared/x.ts'],
    ['imports-main-shell.ts', 'electron/core/x.ts'],
    ['imports-main-shell.ts', 'renderer/src/x.ts'],
    ['imports-node-fs.ts', 'renderer/src/api/x.ts'],
    ['imports-bare-fs.ts', 'renderer/src/app/x.tsx'],
    ['imports-docker-layer.ts', 'electron/core/ssh/x.ts'],
    ['imports-docker-layer.ts', 'electron/core/connectivity/x.ts'],
    ['imports-hosts-layer.ts', 'electron/core/ssh/x.ts'],
    ['imports-electron.ts', 'electron/core/ssh/x.ts'],
    ['imports-main-shell.ts', 'electron/core/connectivity/x.ts'],
  ])('%s at %s → no-restricted-imports error', async (fixture, path) => {
    const messages = await lintAs(fixture, path);
    expect(messages.map((message) => message.ruleId)).toContain('no-restricted-imports');
  });

  it.each([
    ['open-external.ts', 'electron/main/window.ts'],
    ['open-external.ts', 'electron/main/security/harden.ts'],
    ['open-external-destructured.ts', 'electron/main/tray.ts'],
    ['open-external.ts', 'electron/preload/x.ts'],
  ])('%s at %s → no-restricted-syntax error (openExternal outside its module)', async (fixture, path) => {
    const messages = await lintAs(fixture, path);
    expect(messages.map((message) => message.ruleId)).toContain('no-restricted-syntax');
    expect(messages.find((message) => message.ruleId === 'no-restricted-syntax')?.message).toMatch(
      /open-external/,
    );
  });

  it.each([
    ['imports-core-from-root.ts', 'shared/x.ts'],
    ['imports-companion-sibling.ts', 'electron/core/x.ts'],
    ['imports-core-sibling.ts', 'electron/preload/x.ts'],
    ['imports-core-sibling.ts', 'electron/web-security/x.ts'],
    ['imports-main-sibling.ts', 'electron/companion/x.ts'],
    ['imports-main-sibling.ts', 'electron/core/x.ts'],
    ['imports-ssh2.ts', 'shared/rpc/x.ts'],
    ['imports-ssh2.ts', 'renderer/src/x.ts'],
    ['imports-node-fs.ts', 'electron/preload/x.ts'],
    ['imports-node-fs.ts', 'shared/x.ts'],
  ])('%s at %s → layering/allowed-imports error (the folder allowlist)', async (fixture, path) => {
    const messages = await lintAs(fixture, path);
    expect(messages.map((message) => message.ruleId)).toContain('layering/allowed-imports');
  });

  it('finds a floating promise with the project config (type-aware lint is on)', async () => {
    // Type-aware rules need a real file inside a tsconfig: a probe under tests/ for the length of the test.
    const probe = join(ROOT, 'tests', 'unit', `lint-probe-${process.pid}.ts`);
    writeFileSync(probe, readFileSync(join(FIXTURES, 'floating-promise.ts'), 'utf8'));
    try {
      const [result] = await new ESLint({ cwd: ROOT }).lintFiles([probe]);
      const rules = result?.messages.map((message) => message.ruleId);
      expect(rules).toContain('@typescript-eslint/no-floating-promises');
    } finally {
      rmSync(probe, { force: true });
    }
  });

  it.each([
    ['imports-core-from-root.ts', 'tests/x.ts'],
    ['imports-companion-sibling.ts', 'electron/companion/x.ts'],
    ['imports-core-sibling.ts', 'electron/companion/x.ts'],
    ['imports-core-sibling.ts', 'electron/main/x.ts'],
    ['imports-main-sibling.ts', 'electron/main/x.ts'],
    ['imports-ssh2.ts', 'electron/core/x.ts'],
    ['imports-electron.ts', 'electron/main/window.ts'],
    ['imports-electron.ts', 'electron/preload/index.ts'],
    ['imports-electron-main-module.ts', 'electron/main/x.ts'],
    ['imports-node-fs.ts', 'electron/core/store/x.ts'],
    ['imports-bare-fs.ts', 'electron/companion/x.ts'],
    ['open-external.ts', 'electron/main/security/open-external.ts'],
    ['imports-docker-layer.ts', 'electron/core/deploy/x.ts'],
    ['imports-hosts-layer.ts', 'electron/core/connectivity/x.ts'],
  ])('the same code is clean where it is allowed: %s at %s', async (fixture, path) => {
    expect(await lintAs(fixture, path)).toEqual([]);
  });
});
