import type { Client } from 'ssh2';
import { HostMetricsReader } from '../hosts/host-metrics';
import type { HostService } from '../hosts/host-service';
import type { Handler } from './dispatcher';

/** `hosts.metrics`: an unknown host is NOT_FOUND before any connection is used. */
export function hostMetricsHandlers(
  acquire: (hostId: string) => Promise<Client>,
  hosts: HostService,
): { 'hosts.metrics': Handler<'hosts.metrics'> } {
  const reader = new HostMetricsReader(acquire);
  return {
    'hosts.metrics': ({ hostId }) => reader.read(hosts.record(hostId).id),
  };
}
