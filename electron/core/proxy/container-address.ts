import type Docker from 'dockerode';

/**
 * The proxy container's address that the Docker host itself can reach (admin API and probes go through an
 * SSH channel from the host). A Swarm overlay lives in its own network namespace, so once the proxy joined
 * a workload's overlay its address there is not reachable from the host: a bridge-like network wins.
 */
export async function hostReachableIp(
  docker: Docker,
  info: Docker.ContainerInspectInfo,
): Promise<string | undefined> {
  const networks = Object.values(info.NetworkSettings.Networks ?? {}).filter((network) => network.IPAddress);
  if (networks.length <= 1) return networks[0]?.IPAddress;
  const overlays = new Set(
    (await docker.listNetworks({ filters: JSON.stringify({ driver: ['overlay'] }) })).map(
      (network) => network.Id,
    ),
  );
  return (networks.find((network) => !overlays.has(network.NetworkID)) ?? networks[0])?.IPAddress;
}
