// Imported first by the companion's entry, so it runs before any native module loads: on a too-old Node
// the user gets one sentence instead of a segmentation fault.
import { nodeVersionProblem } from './node-version';

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
