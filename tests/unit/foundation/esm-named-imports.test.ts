/**
 * The companion (tsx) and the Electron main bundle (dependencies kept external) load npm packages through
 * Node's ESM loader, which sees only the named exports it can detect in a CommonJS package. Vitest and
 * bundlers are more lenient, so `import { utils } from 'ssh2'` passes unit tests yet crashes the app at
 * start. This test imports every package the Node-side sources name and checks each named binding exists.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const NODE_SIDE = ['electron/core', 'electron/main', 'electron/companion', 'shared'];
/** Electron's module exists only inside Electron. */
const SKIP = new Set(['electron', 'electron/main', 'electron/renderer', 'electron/common']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `import { a, b as c, type D } from 'pkg'` → pkg → {a, b} (type-only imports are erased, so skipped). */
function namedImports(): Map<string, Map<string, string[]>> {
  const byPackage = new Map<string, Map<string, string[]>>();
  const pattern = /import\s+(?!type\s)(?:[\w$]+\s*,\s*)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g;
  for (const file of NODE_SIDE.flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(pattern)) {
      const [, list = '', specifier = ''] = match;
      if (specifier.startsWith('.') || specifier.startsWith('@shared/') || specifier.startsWith('node:'))
        continue;
      if (builtinModules.includes(specifier) || SKIP.has(specifier)) continue;
      const names = list
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '' && !part.startsWith('type '))
        .map((part) => part.split(/\s+as\s+/)[0]?.trim() ?? '');
      const files = byPackage.get(specifier) ?? new Map<string, string[]>();
      for (const name of names) files.set(name, [...(files.get(name) ?? []), relative(ROOT, file)]);
      byPackage.set(specifier, files);
    }
  }
  return byPackage;
}

/**
 * Asks a plain Node process (not Vitest, whose loader is lenient) which names each package really exports
 * to ESM: exactly what tsx and Electron's main process see.
 */
function exportedNames(packages: string[]): Record<string, string[] | { error: string }> {
  const script = `
    const result = {};
    for (const name of JSON.parse(process.argv[1])) {
      try { result[name] = Object.keys(await import(name)); } catch (error) { result[name] = { error: String(error) }; }
    }
    process.stdout.write(JSON.stringify(result));`;
  const output = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', script, JSON.stringify(packages)],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  return JSON.parse(output) as Record<string, string[] | { error: string }>;
}

describe('named imports of npm packages work under Node ESM (companion and Electron main)', () => {
  const imports = namedImports();
  const exported = exportedNames([...imports.keys()]);

  it('finds the packages the core uses', () => {
    expect([...imports.keys()]).toContain('zod');
  });

  it.each([...imports.keys()].map((name) => [name]))(
    '%s exports every name imported from it',
    (specifier) => {
      const names = exported[specifier];
      if (!Array.isArray(names))
        throw new Error(`${specifier} cannot be imported: ${names?.error ?? 'unknown'}`);
      const missing = [...(imports.get(specifier)?.entries() ?? [])]
        .filter(([name]) => !names.includes(name))
        .map(([name, files]) => `${name} (imported in ${files.join(', ')})`);
      expect(missing, `use the default export instead: import pkg from '${specifier}'; pkg.<name>`).toEqual(
        [],
      );
    },
  );
});
