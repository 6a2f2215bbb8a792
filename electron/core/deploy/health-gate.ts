/**
 * Decides whether a freshly started container is fit to replace the old one, and then watches it for a
 * while. Pure polling of `docker inspect` (plus an optional HTTP probe the caller supplies), so every
 * wait is bounded, cancellable and independent of event streams that may drop with the connection.
 */
import type Docker from 'dockerode';

export interface HealthGateOptions {
  /** How long the container may take to become healthy (default 120 s). */
  timeoutMs: number;
  /** How long it must then stay running and healthy with no restart (default 30 s). */
  watchMs: number;
  pollMs: number;
  /** An HTTP probe (2xx/3xx passes) for images without a HEALTHCHECK; null: "running" is enough. */
  probe: (() => Promise<{ ok: boolean; detail: string }>) | null;
  signal: AbortSignal;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  now: () => number;
  /** One line per attempt, for the step log. */
  note: (line: string) => void;
}

export class GateFailure extends Error {}

type Inspect = Docker.ContainerInspectInfo;

/** Resolves when the container passed; throws GateFailure with the reason otherwise. */
export async function passHealthGate(
  container: Docker.Container,
  options: HealthGateOptions,
): Promise<string> {
  const deadline = options.now() + options.timeoutMs;
  let attempts = 0;
  for (;;) {
    options.signal.throwIfAborted();
    const info = await container.inspect();
    assertAlive(info);
    attempts += 1;
    const verdict = await judge(info, options);
    if (verdict.passed) return `${verdict.detail} after ${attempts} check${attempts === 1 ? '' : 's'}`;
    options.note(`check ${attempts}: ${verdict.detail}`);
    if (options.now() >= deadline)
      throw new GateFailure(
        `not healthy within ${Math.round(options.timeoutMs / 1000)} s (last check: ${verdict.detail})`,
      );
    await options.sleep(options.pollMs, options.signal);
  }
}

async function judge(
  info: Inspect,
  options: HealthGateOptions,
): Promise<{ passed: boolean; detail: string }> {
  const health = info.State.Health;
  if (health && health.Status !== 'none') {
    if (health.Status === 'healthy') return { passed: true, detail: 'the image health check passed' };
    if (health.Status === 'unhealthy')
      throw new GateFailure(`the image health check failed: ${lastHealthOutput(info)}`);
    return { passed: false, detail: `health check ${health.Status}` };
  }
  if (options.probe) {
    const result = await options.probe().catch((error: unknown) => ({
      ok: false,
      detail: error instanceof Error ? error.message : String(error),
    }));
    return { passed: result.ok, detail: result.detail };
  }
  return { passed: info.State.Running, detail: info.State.Running ? 'running' : info.State.Status };
}

/** Watches the container for `watchMs`: it must stay running and healthy, with no restart. */
export async function watchPeriod(container: Docker.Container, options: HealthGateOptions): Promise<string> {
  const start = await container.inspect();
  const restarts = start.RestartCount;
  const until = options.now() + options.watchMs;
  while (options.now() < until) {
    await options.sleep(Math.min(options.pollMs, Math.max(0, until - options.now())), options.signal);
    const info = await container.inspect();
    assertAlive(info);
    if (info.RestartCount !== restarts)
      throw new GateFailure(`restarted ${info.RestartCount - restarts} time(s) during the watch period`);
    if (info.State.Health?.Status === 'unhealthy')
      throw new GateFailure(`became unhealthy during the watch period: ${lastHealthOutput(info)}`);
  }
  return `stayed up for ${Math.round(options.watchMs / 1000)} s`;
}

function assertAlive(info: Inspect): void {
  const state = info.State;
  if (state.Running || state.Status === 'created') return;
  throw new GateFailure(
    `the new container ${state.Status === 'exited' ? `exited with code ${state.ExitCode}` : `is ${state.Status}`}` +
      (state.Error ? `: ${state.Error}` : ''),
  );
}

function lastHealthOutput(info: Inspect): string {
  const log = info.State.Health?.Log ?? [];
  const last = log[log.length - 1];
  const output = last?.Output?.trim().split('\n').pop()?.slice(0, 200);
  return output ? `exit ${last?.ExitCode}: ${output}` : `exit ${last?.ExitCode ?? '?'}`;
}
