/**
 * Finds Docker sockets on a host when the saved path has none: the engine a user reaches with plain
 * `docker` there (DOCKER_HOST), a rootless engine (XDG_RUNTIME_DIR, /run/user/<uid>), Docker Desktop's
 * per-user socket, and the usual rootful paths. Only paths that exist as sockets are returned.
 */
import type { Client } from 'ssh2';
import { runCommand } from '../ssh/run-command';

/**
 * Fixed text, no user input. `${DOCKER_HOST#unix://}` leaves a tcp:// value as it is, and `test -S`
 * then drops it. A session without those variables yields empty entries, dropped the same way.
 */
export const SOCKET_DISCOVERY_COMMAND =
  'for p in "${DOCKER_HOST#unix://}" "$XDG_RUNTIME_DIR/docker.sock" "/run/user/$(id -u)/docker.sock" ' +
  '"$HOME/.docker/run/docker.sock" "$HOME/.docker/desktop/docker.sock" /var/run/docker.sock /run/docker.sock; ' +
  'do [ -S "$p" ] && printf "%s\\n" "$p"; done; exit 0';

const MAX_SOCKETS = 8;
const PLAIN_PATH = /^\/[^\0\n]{1,1023}$/;

/** The listed sockets in the order they were tested, duplicates and anything not an absolute path dropped. */
export function parseSocketList(stdout: string): string[] {
  const found: string[] = [];
  for (const line of stdout.split('\n')) {
    const path = line.trim().replace(/\/{2,}/g, '/');
    if (PLAIN_PATH.test(path) && !found.includes(path)) found.push(path);
    if (found.length === MAX_SOCKETS) break;
  }
  return found;
}

/** Sockets found on the host other than `except`; empty when the host will not run the search. */
export async function discoverDockerSockets(client: Client, except: string): Promise<string[]> {
  try {
    const output = await runCommand(client, SOCKET_DISCOVERY_COMMAND);
    return parseSocketList(output.stdout).filter((path) => path !== except);
  } catch {
    // A restricted account (forced command, no sessions) cannot search: the saved path stays the only one.
    return [];
  }
}
