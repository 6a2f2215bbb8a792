/**
 * The companion's one decision on a WebSocket upgrade request. Before, the Host check and the Origin check
 * were two listeners that could both answer the same socket; the second write on an ended socket threw and
 * took the process down. Now one pure function decides, and one listener answers exactly once.
 */
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { isAllowedHost } from './static-server';

export type UpgradeDecision = { accept: true } | { accept: false; status: number; reason: string };

export interface UpgradeRules {
  port: number;
  /** The only path that upgrades (the contract's WebSocket API). */
  apiPath: string;
  /** Browser origins allowed to connect; a request without Origin (a tool, not a browser) is allowed. */
  allowedOrigins: readonly string[];
}

export function decideUpgrade(request: IncomingMessage, rules: UpgradeRules): UpgradeDecision {
  const hosts = request.headersDistinct.host ?? [];
  if (hosts.length !== 1) return refuse(400, 'exactly one Host header is required');
  if (!isAllowedHost(hosts[0], rules.port)) return refuse(421, 'this server answers only its loopback names');
  const origins = request.headersDistinct.origin ?? [];
  if (origins.length > 1) return refuse(400, 'more than one Origin header');
  const origin = origins[0];
  // `null` is what sandboxed frames and file:// pages send: never one of ours.
  if (origin !== undefined && !rules.allowedOrigins.includes(origin))
    return refuse(403, 'origin not allowed');
  if ((request.url ?? '').split('?')[0] !== rules.apiPath) return refuse(404, 'no WebSocket endpoint here');
  return { accept: true };
}

function refuse(status: number, reason: string): UpgradeDecision {
  return { accept: false, status, reason };
}

/** How long a refused client may take to read the answer before its socket is destroyed. */
const REFUSAL_LINGER_MS = 2000;

/**
 * Answers a raw socket once with a complete HTTP response and closes it. Safe on a socket that is already
 * closing: nothing is written then, so no write-after-end can throw.
 */
export function answerAndClose(socket: Duplex, status: number, reason: string): void {
  if (!socket.writable || socket.destroyed) {
    socket.destroy();
    return;
  }
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  // A client that never reads or closes must not hold the descriptor: end() alone waits for it.
  setTimeout(() => socket.destroy(), REFUSAL_LINGER_MS).unref();
}
