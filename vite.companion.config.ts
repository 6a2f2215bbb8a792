/**
 * The headless companion as plain Node code: `node out/companion/index.js` (no TypeScript runner at run
 * time). An SSR build keeps every npm dependency external, so native modules (better-sqlite3, ssh2's
 * crypto) load from node_modules as they do for the sources.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'shared') } },
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
