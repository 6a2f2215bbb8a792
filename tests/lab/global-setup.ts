// vitest globalSetup: one lab for the whole run. Tests read it with `inject('lab')`.
// The lab starts only when a selected project that uses it (integration, e2e) has test files, so
// `vitest run --project unit` needs neither root nor the ~10 s startup.
// TIDEWATCH_LAB_REUSE=1 uses a healthy lab that is already up (e.g. from `npm run lab:up`) and leaves it running;
// TIDEWATCH_LAB_KEEP=1 leaves the lab this run started running afterwards.
import type { TestProject } from 'vitest/node';
import { labProblems, readLabInfo, startLab, stopLab, type LabInfo } from './lab.js';

const PROJECTS_USING_LAB = ['integration', 'e2e'];

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!(await labNeeded(project))) return undefined;
  const reused = process.env.TIDEWATCH_LAB_REUSE === '1' ? await healthyRunningLab() : undefined;
  if (reused) {
    project.provide('lab', reused);
    return async () => {};
  }
  let info: LabInfo;
  try {
    info = await startLab({ log: process.env.TIDEWATCH_LAB_VERBOSE === '1' ? console.error : undefined });
  } catch (err) {
    // Integration tests must fail loudly when their lab is missing, never skip.
    throw new Error(
      `The test lab could not start, so integration tests cannot run.\n${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  project.provide('lab', info);
  return async () => {
    if (process.env.TIDEWATCH_LAB_KEEP !== '1') await stopLab();
  };
}

/** Root-level setup: look at the selected projects; project-level setup: look at that project. */
async function labNeeded(project: TestProject): Promise<boolean> {
  const candidates = project.name ? [project] : project.vitest.projects;
  for (const p of candidates.filter((c) => PROJECTS_USING_LAB.includes(c.name))) {
    if ((await p.globTestFiles()).testFiles.length > 0) return true;
  }
  return false;
}

async function healthyRunningLab(): Promise<LabInfo | undefined> {
  const info = await readLabInfo();
  if (!info) return undefined;
  return (await labProblems(info)).length === 0 ? info : undefined;
}
