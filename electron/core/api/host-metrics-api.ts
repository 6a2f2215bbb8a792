import type { CommandOutput } from '../ssh/run-command';
import { HostMetricsReader } from '../hosts/host-metrics';
import type { HostService } from '../hosts/host-service';
import type { Handler } from './dispatcher';

/** `hosts.metrics`: an unknown host is NOT_FOUND before any connection is used. */
export function hostMetricsHandlers(
  run: (hostId: string, command: string, maxBytes: number) => Promise<CommandOutput>,
  hosts: HostService,
): { 'hosts.metrics': Handler<'hosts.metrics'> } {
  const reader = new HostMetricsReader(run);
  return {
    'hosts.metrics': ({ hostId }) => reader.read(hosts.record(hostId).id),
  };
}
