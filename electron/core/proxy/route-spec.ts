import { AppError } from '@shared/rpc/errors';
import type { RouteSpec } from './proxy-provider';

/**
 * Checks a route before any provider writes it: hostnames and upstreams end up in proxy configuration
 * (Caddy JSON, Traefik rules, NPM fields), so only plain DNS names and `name:port` pass.
 */
const HOSTNAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const UPSTREAM_HOST = /^[a-zA-Z0-9]([a-zA-Z0-9_.-]{0,252})$/;

export function checkHostname(hostname: string): string {
  const name = hostname.trim().toLowerCase();
  if (name.length === 0 || name.length > 253 || !HOSTNAME.test(name)) {
    throw new AppError('VALIDATION', `"${hostname}" is not a hostname (e.g. app.example.com)`, 'hostname');
  }
  return name;
}

export interface Upstream {
  host: string;
  port: number;
}

export function parseUpstream(upstream: string): Upstream {
  const at = upstream.lastIndexOf(':');
  const host = upstream.slice(0, at);
  const port = Number(upstream.slice(at + 1));
  if (at <= 0 || !UPSTREAM_HOST.test(host) || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new AppError('VALIDATION', `"${upstream}" is not an upstream (expected name:port)`, 'upstreams');
  }
  return { host, port };
}

/** The route with its hostname normalised; VALIDATION for anything a proxy should not be given. */
export function checkRoute(route: RouteSpec): RouteSpec {
  const hostname = checkHostname(route.hostname);
  if (route.upstreams.length === 0) {
    throw new AppError('VALIDATION', `The route for ${hostname} names no upstream`, 'upstreams');
  }
  route.upstreams.forEach(parseUpstream);
  if (!route.healthPath.startsWith('/') || /[\s#]/.test(route.healthPath)) {
    throw new AppError(
      'VALIDATION',
      `"${route.healthPath}" is not a health path (e.g. /healthz)`,
      'healthPath',
    );
  }
  return { hostname, upstreams: [...route.upstreams], healthPath: route.healthPath };
}

export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A JSON object (not null, not an array): what proxy APIs answer. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
