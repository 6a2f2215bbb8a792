/**
 * The headless companion as plain Node code: `node out/companion/index.js` (no TypeScript runner at run
 * time). An SSR build keeps every npm dependency external, so native modules (better-sqlite3, ssh2's
 * crypto) load from node_modules as they do for the sources.
 */
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes `externals.json` beside the bundle: the npm packages it imports, statically (always needed) and
 * dynamically (optional backends, e.g. keytar for the OS keychain). The companion's container image copies
 * exactly the static ones and what they depend on, instead of the desktop app's whole node_modules.
 */
function externalsManifest(): Plugin {
  const bare = (ids: readonly string[]) =>
    [...new Set(ids.filter((id) => !id.startsWith('node:') && !id.startsWith('.')))].sort();
  return {
    name: 'tidewatch-externals-manifest',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((item) => item.type === 'chunk');
      const manifest = {
        static: bare(chunks.flatMap((chunk) => chunk.imports)),
        dynamic: bare(chunks.flatMap((chunk) => chunk.dynamicImports)),
      };
      this.emitFile({
        type: 'asset',
        fileName: 'externals.json',
        source: `${JSON.stringify(manifest, null, 2)}\n`,
      });
    },
  };
}

export default defineConfig({
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'shared') } },
  plugins: [externalsManifest()],
  build: {
    ssr: resolve(import.meta.dirname, 'electron/companion/index.ts'),
    outDir: resolve(import.meta.dirname, 'out/companion'),
    target: 'node22',
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    rollupOptions: { output: { format: 'es', entryFileNames: 'index.js' } },
  },
});
