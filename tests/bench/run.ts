/**
 * Runs every benchmark against one lab: starts it (or reuses a healthy running one), runs each bench as
 * its own process so their figures do not disturb each other, and stops the lab if it started it.
 */
import { spawnSync } from 'node:child_process';
import { benchLab } from './support/bench-lab';

const BENCHES = [
  'tests/bench/tunnel-bench.ts',
  'tests/bench/stats-bench.ts',
  'tests/bench/updates-bench.ts',
  'tests/bench/deploy-bench.ts',
  'tests/bench/workloads-bench.ts',
  'tests/bench/swarm-bench.ts',
  'tests/bench/webhooks-bench.ts',
  'tests/bench/companion-events-bench.ts',
  'tests/bench/fleet-ui-bench.ts',
];

async function main(): Promise<number> {
  const lab = await benchLab();
  let failed = 0;
  try {
    for (const bench of BENCHES) {
      console.log(`\n## ${bench}\n`);
      const result = spawnSync('tsx', [bench], {
        stdio: 'inherit',
        env: { ...process.env, TIDEWATCH_LAB_KEEP: '1' },
      });
      if (result.status !== 0) failed += 1;
    }
  } finally {
    await lab.release();
  }
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
