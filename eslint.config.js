// Lint enforces the layering of ARCHITECTURE.md: rules, not good intentions.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const electronImports = {
  paths: [{ name: 'electron', message: 'Only electron/main and electron/preload may import electron.' }],
  patterns: [
    { group: ['electron/*'], message: 'Only electron/main and electron/preload may import electron.' },
  ],
};

/**
 * The shell's own sources reached by a relative path (`../electron/main/…` from shared/, `../main/…` from
 * electron/core): the core and the contract must not depend on the shell, whatever the import looks like.
 */
const shellSourceImports = {
  regex: '^(\\.\\.?/)+(electron/)?(main|preload)(/|$)',
  message: 'The core and shared/ never import the Electron shell (electron/main, electron/preload).',
};

/** Plain modules of the shell that the companion reuses: they must stay free of Electron. */
const PLAIN_SHELL_MODULES = ['electron/main/security/renderer-path.ts', 'electron/main/security/csp.ts'];

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

/** Exactly one module may open external links, and it allows only http(s). */
export const OPEN_EXTERNAL_MODULE = 'electron/main/security/open-external.ts';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'tests/artifacts/**', 'tests/fixtures/lint/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='openExternal']",
          message: `Open links only through ${OPEN_EXTERNAL_MODULE} (it allows http and https only).`,
        },
      ],
    },
  },
  {
    files: [OPEN_EXTERNAL_MODULE],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['electron/core/**', 'electron/companion/**', 'shared/**', ...PLAIN_SHELL_MODULES],
    rules: { 'no-restricted-imports': ['error', electronImports] },
  },
  {
    files: ['electron/core/**', 'shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { ...electronImports, patterns: [...electronImports.patterns, shellSourceImports] },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...electronImports.paths,
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'The renderer never imports Node: go through the contract.',
            })),
          ],
          patterns: [
            ...electronImports.patterns,
            {
              group: ['**/electron/**'],
              message: 'The renderer reaches the core only through shared/ and its transport.',
            },
          ],
        },
      ],
    },
  },
);
