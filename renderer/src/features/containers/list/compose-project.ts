import type { ComposeActionResult } from '@shared/schemas/compose';
import type { Container } from '@shared/schemas/containers';

const WORKING_DIR = 'com.docker.compose.project.working_dir';
const CONFIG_FILES = 'com.docker.compose.project.config_files';

export interface ComposeProjectInfo {
  /** Where `docker compose` ran; null when no container carries the label (hand-made labels). */
  workingDir: string | null;
  configFiles: string[];
}

/**
 * The project's folder and compose files, from the labels compose writes on every container it creates.
 * Containers of one project normally agree; the most recently created one wins, since it saw the latest `up`.
 */
export function composeProjectInfo(containers: readonly Container[]): ComposeProjectInfo {
  const newest = [...containers]
    .filter((container) => container.labels[WORKING_DIR] || container.labels[CONFIG_FILES])
    .sort((a, b) => b.created.localeCompare(a.created))[0];
  const labels = newest?.labels ?? {};
  return {
    workingDir: labels[WORKING_DIR] || null,
    configFiles: (labels[CONFIG_FILES] ?? '')
      .split(',')
      .map((file) => file.trim())
      .filter((file) => file !== ''),
  };
}

const PAST: Record<ComposeActionResult['action'], string> = {
  start: 'Started',
  stop: 'Stopped',
  restart: 'Restarted',
};

/** The notification after a project action: all done, or which containers failed or were skipped and why. */
export function composeResultNotice(result: ComposeActionResult): {
  ok: boolean;
  title: string;
  message: string;
} {
  const total = result.results.length;
  const bad = result.results.filter((entry) => entry.outcome !== 'done');
  const count = `${total} container${total === 1 ? '' : 's'}`;
  if (bad.length === 0) {
    return {
      ok: true,
      title: `${PAST[result.action]} ${result.project}`,
      message: `${count}: ${result.results.map((entry) => entry.name).join(', ')}`,
    };
  }
  return {
    ok: false,
    title: `${result.project}: ${bad.length} of ${count} not ${PAST[result.action].toLowerCase()}`,
    message: bad.map((entry) => `${entry.name}: ${entry.message ?? entry.outcome}`).join('\n'),
  };
}
