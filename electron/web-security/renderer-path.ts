import { realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * Maps a URL path (as it arrives, percent-encoded) to a file inside the renderer's build folder, or
 * null when it would leave that folder. Shared by the Electron `app://` protocol and the companion's
 * static server, so both refuse `..`, `%2e%2e`, absolute paths, backslashes and null bytes the same way.
 * Plain Node on purpose: no Electron import, unit-tested.
 */
export function resolveRendererPath(root: string, urlPath: string): string | null {
  const decoded = safeDecode(urlPath);
  if (decoded === null) return null;
  // A null byte truncates paths in C APIs; a backslash is a separator on Windows. Neither has a use here.
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const base = resolve(root);
  // Leading slashes are the URL's, not the file system's: "/assets/a.js" is "assets/a.js" under root.
  const candidate = resolve(base, decoded.replace(/^\/+/, ''));
  return isInside(base, candidate) ? candidate : null;
}

/** True when `candidate` is `root` itself or a path below it (not a sibling sharing a prefix). */
export function isInside(root: string, candidate: string): boolean {
  const rel = relative(resolve(root), resolve(candidate));
  if (rel === '') return true;
  return !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function safeDecode(urlPath: string): string | null {
  try {
    // Decoding twice would let "%252e%252e" become ".."; decode exactly once and refuse what remains encoded.
    const once = decodeURIComponent(urlPath);
    return /%2e|%2f|%5c|%00/i.test(once) ? null : once;
  } catch {
    return null;
  }
}

/** What a request for a renderer path finds. */
export type RendererLookup =
  | { kind: 'file'; path: string }
  /** Nothing there (a missing asset); route-like paths get index.html instead. */
  | { kind: 'not-found' }
  /** The path would leave the renderer folder. */
  | { kind: 'refused' }
  /** The renderer has not been built (no index.html). */
  | { kind: 'not-built' };

/**
 * Finds the file to serve for a URL path: the file itself (a folder means its index.html), else the
 * single-page app's index.html for route-like paths (no extension: "/hosts/3"), else not-found.
 * Symlinks are resolved and must stay inside the folder too.
 */
export async function lookupRendererFile(root: string, urlPath: string): Promise<RendererLookup> {
  const direct = await locate(root, urlPath);
  if (direct !== null) return direct;
  const index = await locate(root, '/index.html');
  if (index === null || index.kind !== 'file') return { kind: 'not-built' };
  return extname(urlPath) === '' ? index : { kind: 'not-found' };
}

async function locate(root: string, urlPath: string): Promise<RendererLookup | null> {
  const candidate = resolveRendererPath(root, urlPath);
  if (candidate === null) return { kind: 'refused' };
  const file = await existingFile(candidate);
  if (file === null) return null;
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
  return isInside(realRoot, realFile) ? { kind: 'file', path: realFile } : { kind: 'refused' };
}

async function existingFile(path: string, depth = 0): Promise<string | null> {
  try {
    const info = await stat(path);
    if (info.isFile()) return path;
    if (info.isDirectory() && depth === 0) return existingFile(join(path, 'index.html'), depth + 1);
    return null;
  } catch {
    return null;
  }
}
