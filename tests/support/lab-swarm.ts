/**
 * A two-node swarm from the lab's dock1 (manager) and dock2 (worker), an attachable overlay network, and a
 * request loop that counts answers and failures from inside the overlay. The lab has no IPVS, so services
 * use `--endpoint-mode dnsrr` and clients reach tasks by the service's DNS name (see the lab notes).
 */
import { dockerCli } from '../lab/lab';
import type { LabInfo } from '../lab/lab';

export const SWARM_NETWORK = 'tw-swarm-net';

/** Leaves any swarm a failed earlier run left, then forms dock1 + dock2. */
export async function formSwarm(lab: LabInfo): Promise<void> {
  await leaveSwarm();
  await dockerCli('dock1', ['swarm', 'init', '--advertise-addr', lab.hosts.dock1.ip]);
  const token = (await dockerCli('dock1', ['swarm', 'join-token', '-q', 'worker'])).trim();
  await dockerCli('dock2', ['swarm', 'join', '--token', token, `${lab.hosts.dock1.ip}:2377`]);
  await dockerCli('dock1', ['network', 'create', '--driver', 'overlay', '--attachable', SWARM_NETWORK]);
}

/** Request-loop containers still around (a test that failed before stopping its loop). */
const loopContainers = new Set<string>();

/**
 * Both engines back to single-host mode: services, their tasks and the overlay go with the swarm; the
 * bridge Swarm adds on every node is removed too, so other tests see the engine as the lab made it.
 */
export async function leaveSwarm(): Promise<void> {
  for (const name of loopContainers) await dockerCli('dock1', ['rm', '-f', name]).catch(() => undefined);
  loopContainers.clear();
  for (const host of ['dock2', 'dock1'] as const) {
    await dockerCli(host, ['swarm', 'leave', '--force']).catch(() => undefined);
    await dockerCli(host, ['network', 'rm', 'docker_gwbridge']).catch(() => undefined);
  }
}

/**
 * A replicated web service on the overlay: start-first, rolled back by Swarm on failure, checked by the
 * image's HEALTHCHECK (every 2 s).
 */
export async function createWebService(name: string, image: string, replicas = 2): Promise<void> {
  await dockerCli('dock1', [
    'service',
    'create',
    '--detach',
    '--name',
    name,
    '--network',
    SWARM_NETWORK,
    '--endpoint-mode',
    'dnsrr',
    '--replicas',
    String(replicas),
    '--update-order',
    'start-first',
    '--update-failure-action',
    'rollback',
    image,
  ]);
}

/** Waits until the service has `replicas` running tasks (Swarm starts them in the background). */
export async function waitForRunning(name: string, replicas: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await dockerCli('dock1', [
      'service',
      'ps',
      name,
      '--filter',
      'desired-state=running',
      '--format',
      '{{.CurrentState}}',
    ]);
    const running = states.split('\n').filter((line) => line.startsWith('Running')).length;
    if (running >= replicas) return;
    if (Date.now() > deadline)
      throw new Error(`${name}: ${running} of ${replicas} tasks running:\n${states}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export interface RequestLoop {
  /** Stops the loop and returns what it counted, and the pages it saw (by version line). */
  stop(): Promise<{ ok: number; failed: number; pages: string[] }>;
}

/**
 * A container on the overlay (dock1) that asks `http://<service>:8080/` every 100 ms until told to stop.
 * Each answer's first line is logged, each failure as FAIL, so the count is read from the log afterwards.
 */
export async function startRequestLoop(name: string, service: string, image: string): Promise<RequestLoop> {
  const script =
    `while [ ! -f /stop ]; do ` +
    `if page=$(wget -q -O- http://${service}:8080/ 2>/dev/null); then echo "OK $page"; else echo FAIL; fi; ` +
    `sleep 0.1; done; echo END`;
  loopContainers.add(name);
  await dockerCli('dock1', [
    'run',
    '--detach',
    '--name',
    name,
    '--network',
    SWARM_NETWORK,
    '--entrypoint',
    'sh',
    image,
    '-c',
    script,
  ]);
  return {
    async stop() {
      await dockerCli('dock1', ['exec', name, 'touch', '/stop']);
      await dockerCli('dock1', ['wait', name]);
      const lines = (await dockerCli('dock1', ['logs', name])).split('\n');
      await dockerCli('dock1', ['rm', '-f', name]).catch(() => undefined);
      loopContainers.delete(name);
      const answers = lines.filter((line) => line.startsWith('OK '));
      return {
        ok: answers.length,
        failed: lines.filter((line) => line === 'FAIL').length,
        pages: [...new Set(answers.map((line) => line.slice(3)))],
      };
    },
  };
}
