// A core in a child process that starts one deploy and kills itself with SIGKILL the moment the journal
// enters a given step: a crash at a step boundary, exactly as a power cut would leave it.
// argv: <dataDir> <hostId> <containerName> <tag> <step>
import { createQuietCore } from '../../support/quiet-core';

const [dataDir, hostId, containerName, tag, crashAt] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const core = createQuietCore(dataDir, {
  version: '0.0.0-crash',
  deploys: { timing: { watchMs: 2_000, pollMs: 300, healthTimeoutMs: 60_000 } },
});
core.events.on('deploys.progress', (progress) => {
  if (progress.step === crashAt && !progress.layers) process.kill(process.pid, 'SIGKILL');
});
const { finished } = await core.deploys.start({ hostId, containerName, tag });
const result = await finished;
// Reaching here means the step never came: the parent sees exit code 3 and the deploy's outcome.
process.stdout.write(JSON.stringify(result));
process.exit(3);
