/**
 * The DIUN dashboard's REST API, drop-in: same paths, bodies and status codes (its integration notes), so
 * its scripts work against Tidewatch unchanged, except that every call needs the API token (the original
 * had no authentication at all).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../util/clock';
import type { DiunRepository } from './diun-repository';
import { answer } from './http-answers';
import { parseJsonObject, readBody, Refusal } from './request-guards';

const API_BODY_LIMIT = 64 * 1024;
const MAX_NAME = 200;
const MAX_IMAGE = 500;

export interface DiunApiDeps {
  repository: DiunRepository;
  clock: Clock;
  /** Something changed the DIUN list (the UI refreshes). */
  changed: () => void;
}

/** true when the path belongs to this API (answered here, whatever the outcome). */
export function isDiunApiPath(path: string): boolean {
  return (
    path === '/api/updates' ||
    path.startsWith('/api/updates/') ||
    path === '/api/tags' ||
    path.startsWith('/api/tags/') ||
    path === '/api/tag-assignments'
  );
}

export async function serveDiunApi(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  deps: DiunApiDeps,
): Promise<void> {
  const method = request.method ?? 'GET';
  if (path === '/api/updates') {
    if (method !== 'GET') return notAllowed(response, 'GET');
    return answer(response, 200, deps.repository.dashboard());
  }
  if (path.startsWith('/api/updates/')) {
    if (method !== 'PATCH') return notAllowed(response, 'PATCH');
    const image = decodeSegment(path.slice('/api/updates/'.length));
    if (!image || image.length > MAX_IMAGE) throw new Refusal(400, 'bad image');
    if (!deps.repository.acknowledge(image, deps.clock.now()))
      return answer(response, 404, { error: 'not found' });
    deps.changed();
    return answer(response, 204);
  }
  if (path === '/api/tags') return tags(request, response, method, deps);
  if (path.startsWith('/api/tags/')) {
    if (method !== 'DELETE') return notAllowed(response, 'DELETE');
    const text = path.slice('/api/tags/'.length);
    if (!/^[1-9]\d{0,15}$/.test(text)) throw new Refusal(400, 'bad tag id');
    if (!deps.repository.deleteTag(Number(text))) return answer(response, 404, { error: 'not found' });
    deps.changed();
    return answer(response, 204);
  }
  return assignments(request, response, method, deps);
}

async function tags(request: IncomingMessage, response: ServerResponse, method: string, deps: DiunApiDeps) {
  if (method === 'GET') return answer(response, 200, deps.repository.tags());
  if (method !== 'POST') return notAllowed(response, 'GET, POST');
  const body = await jsonBody(request);
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  if (name === '' || name.length > MAX_NAME) throw new Refusal(400, 'name required');
  const tag = deps.repository.createTag(name);
  if (!tag) return answer(response, 409, { error: 'tag already exists' });
  deps.changed();
  return answer(response, 201, tag);
}

async function assignments(
  request: IncomingMessage,
  response: ServerResponse,
  method: string,
  deps: DiunApiDeps,
) {
  if (method !== 'PUT' && method !== 'DELETE') return notAllowed(response, 'PUT, DELETE');
  const body = await jsonBody(request);
  const image = typeof body.image === 'string' ? body.image.trim() : '';
  if (image === '' || image.length > MAX_IMAGE) throw new Refusal(400, 'image required');
  if (method === 'DELETE') {
    deps.repository.unassign(image);
    deps.changed();
    return answer(response, 204);
  }
  const tagId = body.tag_id;
  if (typeof tagId !== 'number' || !Number.isSafeInteger(tagId) || tagId < 1) {
    throw new Refusal(400, 'tag_id required');
  }
  if (!deps.repository.assign(image, tagId)) return answer(response, 404, { error: 'tag not found' });
  deps.changed();
  return answer(response, 204);
}

/** No Content-Type check here: scripts written for the DIUN dashboard often post JSON with curl's default type. */
async function jsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  return parseJsonObject(await readBody(request, API_BODY_LIMIT));
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function notAllowed(response: ServerResponse, allow: string): void {
  answer(response, 405, { error: 'method not allowed' }, { Allow: allow });
}
