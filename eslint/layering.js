// The layering as an allowlist: each folder names the folders and packages it may import; anything else is
// an error. Relative imports are resolved from the importing file, so `../core/x` and `../../electron/core/x`
// are judged by where they land, not by how they are spelled.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
/** Packages that draw UI: only the renderer uses them. */
const UI_PACKAGES = /^(react|react-dom|react-router|@mantine\/|@tabler\/|@tanstack\/react-|@xterm\/)/;
/** Packages that need Node or talk to hosts: never in the renderer. */
const SERVER_PACKAGES = /^(ssh2|dockerode|docker-modem|better-sqlite3|keytar|ws|croner|ssh-config)(\/|$)/;

/**
 * | folder                | may import (internal)                     | packages                                  |
 * |-----------------------|-------------------------------------------|-------------------------------------------|
 * | shared/               | shared                                    | zod only                                  |
 * | electron/core/        | core, shared                              | Node built-ins, npm; never electron or UI |
 * | electron/web-security/| web-security, shared                      | Node built-ins only                       |
 * | electron/companion/   | companion, core, shared, web-security     | Node built-ins, npm; never electron or UI |
 * | electron/main/        | main, core, shared, web-security          | anything (it is the Electron shell)       |
 * | electron/preload/     | preload, shared                           | electron only                             |
 * | renderer/             | renderer, shared                          | npm for browsers; no Node, no electron    |
 * Tests, scripts and config files are not layers and import freely.
 */
export const LAYERS = {
  shared: { dir: 'shared', internal: ['shared'], bare: (name) => name === 'zod' },
  core: {
    dir: 'electron/core',
    internal: ['core', 'shared'],
    bare: (name) => name !== 'electron' && !name.startsWith('electron/') && !UI_PACKAGES.test(name),
  },
  'web-security': {
    dir: 'electron/web-security',
    internal: ['web-security', 'shared'],
    bare: (name) => NODE_BUILTINS.has(name),
  },
  companion: {
    dir: 'electron/companion',
    internal: ['companion', 'core', 'shared', 'web-security'],
    bare: (name) => name !== 'electron' && !name.startsWith('electron/') && !UI_PACKAGES.test(name),
  },
  main: { dir: 'electron/main', internal: ['main', 'core', 'shared', 'web-security'], bare: () => true },
  preload: { dir: 'electron/preload', internal: ['preload', 'shared'], bare: (name) => name === 'electron' },
  renderer: {
    dir: 'renderer',
    internal: ['renderer', 'shared'],
    bare: (name) =>
      !NODE_BUILTINS.has(name) &&
      name !== 'electron' &&
      !name.startsWith('electron/') &&
      !SERVER_PACKAGES.test(name),
  },
};

function layerOf(root, absolutePath) {
  const path = relative(root, absolutePath).split(sep).join('/');
  for (const [name, layer] of Object.entries(LAYERS)) {
    if (path === layer.dir || path.startsWith(`${layer.dir}/`)) return name;
  }
  return null;
}

function check(context, node, root) {
  const specifier = node.source?.value;
  if (typeof specifier !== 'string') return;
  const from = layerOf(root, context.filename);
  if (!from) return;
  const layer = LAYERS[from];
  let target;
  if (specifier.startsWith('@shared/') || specifier === '@shared') target = 'shared';
  else if (specifier.startsWith('@renderer/')) target = 'renderer';
  else if (specifier.startsWith('.') || specifier.startsWith('/')) {
    target = layerOf(root, resolve(dirname(context.filename), specifier)) ?? 'outside';
  } else {
    if (!layer.bare(specifier)) {
      context.report({ node: node.source, messageId: 'package', data: { from: layer.dir, specifier } });
    }
    return;
  }
  if (!layer.internal.includes(target)) {
    const where = target === 'outside' ? 'outside the layered folders' : LAYERS[target].dir;
    context.report({ node: node.source, messageId: 'folder', data: { from: layer.dir, where } });
  }
}

export function layeringPlugin(root) {
  const visit = (context) => (node) => check(context, node, root);
  return {
    rules: {
      'allowed-imports': {
        meta: {
          type: 'problem',
          messages: {
            folder: '{{from}} may not import from {{where}} (see the layer table in eslint/layering.js).',
            package:
              '{{from}} may not import the package "{{specifier}}" (see the layer table in eslint/layering.js).',
          },
          schema: [],
        },
        create(context) {
          const onSource = visit(context);
          return {
            ImportDeclaration: onSource,
            ExportNamedDeclaration: onSource,
            ExportAllDeclaration: onSource,
            ImportExpression: onSource,
          };
        },
      },
    },
  };
}
