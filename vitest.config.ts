import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@shared': resolve(import.meta.dirname, 'shared') };

export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    // The lab (real sshd, dockerd, registry in network namespaces) starts once for the whole run,
    // and only when a selected project needs it.
    globalSetup: ['tests/lab/global-setup.ts'],
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          // Deadlines against hangs, not speed targets: a loaded 2-core CI machine is slow (first ESLint
          // run, spawned processes, SQLite), and vitest's 5 s default failed CI there.
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Tests share the lab's hosts; running files one at a time keeps their containers apart.
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          // The e2e tests and the integration tests share the lab's hosts, and some integration tests restart
          // sshd or kill connections on purpose: running both projects at once let those faults land in the
          // middle of a UI test. The e2e project runs after the others.
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
