import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';

/**
 * A direct-tcpip channel from the host to `address:port` as the host sees it (a container's bridge IP,
 * a loopback admin API): the way Tidewatch reaches anything on a host without exposing it.
 */
export function forwardOut(client: Client, address: string, port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    client.forwardOut('127.0.0.1', 0, address, port, (error, channel) => {
      if (error) reject(error);
      else {
        channel.on('error', () => undefined);
        resolve(channel);
      }
    });
  });
}
