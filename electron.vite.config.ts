import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

const alias = { '@shared': resolve(import.meta.dirname, 'shared') };

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'electron/main/index.ts') } },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot load ES modules or node_modules: one self-contained CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    resolve: { alias: { ...alias, '@renderer': resolve(import.meta.dirname, 'renderer/src') } },
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      // Minified and split: the UI framework in one long-cached vendor chunk, each page in its own chunk
      // (routes.tsx loads pages lazily), so the first paint does not wait for every page's code.
      minify: true,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'renderer/index.html') },
        output: {
          advancedChunks: {
            groups: [
              // zod with our config of it: every chunk that builds a schema loads this one first, so zod is
              // jitless before any schema exists (its eval probe would be a CSP violation; see zod-csp.ts).
              { name: 'zod', test: /node_modules[\\/]zod[\\/]|shared[\\/]rpc[\\/]zod-csp/ },
              { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
              { name: 'mantine', test: /node_modules[\\/](@mantine|@floating-ui)[\\/]/ },
              { name: 'icons', test: /node_modules[\\/]@tabler[\\/]/ },
              { name: 'vendor', test: /node_modules[\\/]/ },
            ],
          },
        },
      },
    },
  },
});
