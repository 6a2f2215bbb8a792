/**
 * Asks the SSH agent for its keys before an agent-auth attempt, so "no agent running" and "agent holds no
 * keys" get their own sentence instead of the server's generic refusal.
 */
import ssh2 from 'ssh2';

// ssh2 is CommonJS: Node's ESM loader does not see `OpenSSHAgent` as a named export.
const { OpenSSHAgent } = ssh2;

/** An agent that answers nothing within this time is treated as unreachable (it would stall the dial). */
const AGENT_ANSWER_MS = 5000;

/** Null when the agent at `socket` answers and holds at least one key; otherwise why agent auth cannot work. */
export function agentProblem(socket: string): Promise<string | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => resolve(`The SSH agent at ${socket} did not answer within ${AGENT_ANSWER_MS / 1000} s`),
      AGENT_ANSWER_MS,
    );
    new OpenSSHAgent(socket).getIdentities((error, keys) => {
      clearTimeout(timer);
      if (error) {
        // ssh2 reports a missing or dead socket as a bare "Failed to connect to agent" (no errno code).
        resolve(`The SSH agent at ${socket} is not reachable: is ssh-agent running?`);
      } else if (!keys || keys.length === 0) {
        resolve(`The SSH agent at ${socket} holds no keys: add the host's key with ssh-add`);
      } else {
        resolve(null);
      }
    });
  });
}
