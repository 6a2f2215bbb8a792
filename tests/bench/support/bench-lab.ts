/**
 * The lab a benchmark runs on, so that every bench can run alone (`npx tsx tests/bench/<name>.ts`) as well as
 * under run.ts.
 *
 * A healthy running lab (from `npm run lab:up`, or the one run.ts started for all benches) is reused and
 * left running by release(): others may be using it, and a new one would first tear it down and rebuild
 * every daemon, image and container. Only when none answers does the bench start a lab of its own, and
 * release() stops that one again, so a bench leaves the machine as it found it, unless TIDEWATCH_LAB_KEEP=1
 * (e.g. to run more benches after it). Call release() in a `finally`: a bench that fails still stops the
 * lab it started.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { labProblems, readLabInfo, startLab, stopLab, type LabInfo } from '../../lab/lab';

export interface BenchLab {
  info: LabInfo;
  /** stops the lab if this run started it and TIDEWATCH_LAB_KEEP is not 1; otherwise does nothing */
  release(): Promise<void>;
}

export async function benchLab(): Promise<BenchLab> {
  const existing = await readLabInfo();
  if (existing) {
    // startLab first removes the lab that is there: on a busy machine a daemon can miss one 2 s health
    // probe, so look twice before taking down a lab that may be shared.
    let problems = await labProblems(existing);
    if (problems.length > 0) {
      await sleep(2_000);
      problems = await labProblems(existing);
    }
    if (problems.length === 0) return { info: existing, release: async () => {} };
    console.error(`the running lab is unhealthy (${problems.join('; ')}): starting a new one for this run`);
  }
  const info = await startLab({ log: (message) => console.error(message) });
  return {
    info,
    release: async () => {
      if (process.env.TIDEWATCH_LAB_KEEP !== '1') await stopLab();
    },
  };
}

/** Runs `bench` on benchLab()'s lab, then releases the lab, whether the bench succeeded or threw. */
export async function onBenchLab<T>(bench: (info: LabInfo) => Promise<T>): Promise<T> {
  const lab = await benchLab();
  try {
    return await bench(lab.info);
  } finally {
    await lab.release();
  }
}
