// Lint enforces the layering of ARCHITECTURE.md: rules, not good intentions.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { layeringPlugin, LAYERS } from './eslint/layering.js';

const ROOT = import.meta.dirname;

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

/**
 * Inside the core, connections are layered too: ssh/ knows SSH only (no Docker, no saved hosts, no host
 * status), and connectivity/ reaches the Docker engine only through the opener it is given.
 */
const sshLayerImports = {
  regex: '(^|/)(docker|hosts|connectivity|deploy)/|^(dockerode|docker-modem)$',
  message:
    'electron/core/ssh knows SSH only: no docker/, hosts/, connectivity/ or deploy/ (see its header comment).',
};
const connectivityLayerImports = {
  regex: '(^|/)(docker|deploy)/|^(dockerode|docker-modem)$',
  message:
    'electron/core/connectivity reaches Docker only through the engine opener it is given: no docker/ or deploy/.',
};

/** What both shells serve (CSP, renderer path containment): plain Node, free of Electron. */
const WEB_SECURITY = 'electron/web-security/**';

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
    // The allowlist per folder (the table is in eslint/layering.js).
    files: Object.values(LAYERS).map((layer) => `${layer.dir}/**`),
    plugins: { layering: layeringPlugin(ROOT) },
    rules: { 'layering/allowed-imports': 'error' },
  },
  {
    // Type-aware checks: a promise nobody awaits or handles loses its error (and, in the shell, can
    // leave a window half set up).
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['resources/*.ts'] },
        tsconfigRootDir: ROOT,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: ['electron/core/**', 'electron/companion/**', 'shared/**', WEB_SECURITY],
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
  ...[
    ['electron/core/ssh/**', sshLayerImports],
    ['electron/core/connectivity/**', connectivityLayerImports],
  ].map(([folder, inner]) => ({
    files: [folder],
    rules: {
      'no-restricted-imports': [
        'error',
        { ...electronImports, patterns: [...electronImports.patterns, shellSourceImports, inner] },
      ],
    },
  })),
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
