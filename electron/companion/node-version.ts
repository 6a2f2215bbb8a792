/**
 * The oldest Node.js the companion runs on. react-router (the renderer's router, built by the same
 * toolchain) requires 22.22; better-sqlite3 13, a native module, crashes with a segmentation fault and no
 * message on Node 20. Keep in step with `engines` in package.json and the check in .ci/run.
 */
export const MINIMUM_NODE = [22, 22, 0] as const;

/** A one-line reason when `version` (e.g. process.versions.node) is too old, else null. */
export function nodeVersionProblem(version: string): string | null {
  const parts = version.split('.').map((part) => Number.parseInt(part, 10));
  for (let i = 0; i < MINIMUM_NODE.length; i += 1) {
    const have = parts[i] ?? 0;
    const need = MINIMUM_NODE[i] ?? 0;
    if (Number.isNaN(have) || have < need) {
      return `Tidewatch needs Node.js ${MINIMUM_NODE.join('.')} or newer; this is ${version}. Install a current Node 22 LTS and run npm install again.`;
    }
    if (have > need) return null;
  }
  return null;
}
