import type { HostCreateInput } from '@shared/schemas/hosts';
import type { LabHostName, LabInfo } from '../lab/lab';

/**
 * A host entry for a lab machine with key auth (id_plain) unless `fields` says otherwise. Free of vitest,
 * so benchmarks share it with the tests.
 */
export function labHost(
  lab: LabInfo,
  name: LabHostName,
  fields: Partial<HostCreateInput> = {},
): HostCreateInput {
  const host = lab.hosts[name];
  return {
    name: `${name}-${Math.random().toString(36).slice(2, 8)}`,
    address: host.ip,
    port: host.port,
    user: lab.users.twlab,
    auth: { kind: 'key', keyPath: lab.keys.plain },
    jumpHostId: null,
    dockerSocket: host.dockerSocket ?? '/var/run/docker.sock',
    dockerEnabled: true,
    group: null,
    color: null,
    ...fields,
  };
}
