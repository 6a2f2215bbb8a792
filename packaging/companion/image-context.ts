/**
 * Assembles the build context of the companion's container image: `FROM scratch` plus exactly what the built
 * companion needs at run time — the Node 22 binary, the shared libraries it and the native modules link
 * against, the built companion and web UI, and the npm packages the bundle imports with their dependencies.
 * No base image is pulled: the context is made from this machine's files, so it builds without Docker Hub.
 *
 *   npm run build && npm run companion:image-context   →  docker build -t tidewatch-companion out/companion-image
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import semver from 'semver';

/** The user the image runs as; the data volume and a Docker secret key file must belong to it. */
export const COMPANION_UID = 10001;

export interface ImageContextOptions {
  /** the project root, holding out/ (built) and node_modules/ */
  root: string;
  /** where the context is written; emptied first */
  outDir: string;
  /** the Node binary to ship; default the one running this script (the native modules were built for it) */
  nodeBinary?: string;
}

export interface ImageContext {
  dir: string;
  nodeVersion: string;
  /** package folders copied, relative to the project root (node_modules/…) */
  packages: string[];
  /** shared libraries copied, absolute paths as the loader looks for them */
  libraries: string[];
}

export function buildCompanionImageContext(options: ImageContextOptions): ImageContext {
  const root = resolve(options.root);
  const dir = resolve(options.outDir);
  const nodeBinary = options.nodeBinary ?? process.execPath;
  const externals = readBuiltCompanion(root);
  const nodeVersion = checkedNodeVersion(root, nodeBinary);

  rmSync(dir, { recursive: true, force: true });
  const rootfs = join(dir, 'rootfs');
  const app = join(rootfs, 'app');
  mkdirSync(app, { recursive: true });

  cpSync(join(root, 'out', 'companion'), join(app, 'out', 'companion'), { recursive: true });
  cpSync(join(root, 'out', 'renderer'), join(app, 'out', 'renderer'), { recursive: true });
  // The bundle is an ES module (Node decides that from the nearest package.json), and reports this version.
  const { name, version } = projectManifest(root);
  writeFileSync(
    join(app, 'package.json'),
    `${JSON.stringify({ name, version, private: true, type: 'module' }, null, 2)}\n`,
  );

  const packages = runtimePackages(root, externals);
  for (const packageDir of packages) copyPackage(packageDir, join(app, relative(root, packageDir)));

  copyFileTo(nodeBinary, join(rootfs, 'usr', 'local', 'bin', 'node'));
  const libraries = sharedLibraries([nodeBinary, ...packages.flatMap(nativeAddons)]);
  for (const library of libraries) copyFileTo(library, join(rootfs, library));

  writeSystemFiles(rootfs);
  cpSync(join(import.meta.dirname, 'Dockerfile'), join(dir, 'Dockerfile'));
  return { dir, nodeVersion, packages: packages.map((path) => relative(root, path)), libraries };
}

/** The npm packages the bundle imports statically; dynamic ones (keytar) are optional desktop backends. */
function readBuiltCompanion(root: string): string[] {
  const manifest = join(root, 'out', 'companion', 'externals.json');
  if (!existsSync(manifest) || !existsSync(join(root, 'out', 'renderer', 'index.html')))
    throw new Error('The companion is not built: run `npm run build` first');
  const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { static?: unknown };
  if (!Array.isArray(parsed.static) || !parsed.static.every((name) => typeof name === 'string'))
    throw new Error(`${manifest} does not list the bundle's imports`);
  return parsed.static as string[];
}

interface ProjectManifest {
  name: string;
  version: string;
  engines: { node: string };
}

function projectManifest(root: string): ProjectManifest {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as ProjectManifest;
}

function checkedNodeVersion(root: string, nodeBinary: string): string {
  const version = execFileSync(nodeBinary, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
  const wanted = projectManifest(root).engines.node;
  if (!semver.satisfies(version, wanted))
    throw new Error(
      `${nodeBinary} is Node ${version}; the companion needs ${wanted} (run this with Node 22)`,
    );
  return version;
}

/**
 * The folders of the given packages and of everything they depend on, found the way Node resolves them
 * (nearest node_modules upwards from the importing package). Optional dependencies that are not installed
 * are skipped; a missing required one is an error, since the image would fail at its first import.
 */
export function runtimePackages(root: string, names: readonly string[]): string[] {
  const found = new Set<string>();
  const queue = names.map((name) => ({ name, from: root, optional: false }));
  for (let item = queue.shift(); item; item = queue.shift()) {
    const packageDir = locatePackage(item.name, item.from, root);
    if (!packageDir) {
      if (item.optional) continue;
      throw new Error(
        `Package ${item.name} (needed from ${relative(root, item.from) || '.'}) is not installed`,
      );
    }
    if (found.has(packageDir)) continue;
    found.add(packageDir);
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    };
    const optional = manifest.optionalDependencies ?? {};
    for (const name of Object.keys(manifest.dependencies ?? {}))
      queue.push({ name, from: packageDir, optional: name in optional });
    for (const name of Object.keys(optional)) queue.push({ name, from: packageDir, optional: true });
  }
  return [...found].sort();
}

function locatePackage(name: string, from: string, root: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dirname(dir) === dir) return null;
  }
}

/**
 * A package without its nested node_modules (those are copied on their own if something needs them) and
 * without prebuilt addons for other systems (better-sqlite3 ships macOS, Windows and musl builds too).
 */
function copyPackage(from: string, to: string): void {
  const nested = join(from, 'node_modules');
  cpSync(from, to, {
    recursive: true,
    dereference: true,
    filter: (source) =>
      source !== nested && !source.startsWith(nested + sep) && !isForeignPrebuild(relative(from, source)),
  });
}

/** `prebuilds/<platform>-<arch>…` as prebuildify and better-sqlite3 lay them out; not this system's → foreign. */
export function isForeignPrebuild(
  pathInPackage: string,
  platform = process.platform,
  arch = process.arch,
): boolean {
  const [top, name] = pathInPackage.split(sep);
  if (top !== 'prebuilds' || name === undefined) return false;
  return !new RegExp(`^${platform}-${arch}(?:$|[./])`).test(name);
}

function nativeAddons(packageDir: string): string[] {
  const addons: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (isForeignPrebuild(relative(packageDir, path))) continue;
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(path);
      else if (entry.isFile() && entry.name.endsWith('.node')) addons.push(path);
    }
  };
  walk(packageDir);
  return addons;
}

/** Every library `ldd` lists for the given binaries, the dynamic loader included. */
export function sharedLibraries(binaries: readonly string[]): string[] {
  const libraries = new Set<string>();
  for (const binary of binaries) {
    const listing = execFileSync('ldd', [binary], { encoding: 'utf8' });
    for (const line of listing.split('\n')) {
      // "libm.so.6 => /lib/x86_64-linux-gnu/libm.so.6 (0x…)" or "/lib64/ld-linux-x86-64.so.2 (0x…)";
      // linux-vdso has no file.
      const path = /(?:=>\s*)?(\/\S+)\s+\(0x[0-9a-f]+\)/.exec(line)?.[1];
      if (path) libraries.add(path);
      else if (line.includes('not found'))
        throw new Error(`${binary} needs a missing library: ${line.trim()}`);
    }
  }
  return [...libraries].sort();
}

/** Copies the content (a symlinked library becomes a file at the path the loader asks for). */
function copyFileTo(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  chmodSync(to, statSync(from).mode & 0o777);
}

/** The few files a process expects: its user (so os.userInfo works), a writable /tmp and the data folder. */
function writeSystemFiles(rootfs: string): void {
  mkdirSync(join(rootfs, 'etc'), { recursive: true });
  writeFileSync(
    join(rootfs, 'etc', 'passwd'),
    `root:x:0:0:root:/root:/sbin/nologin\ntidewatch:x:${COMPANION_UID}:${COMPANION_UID}:Tidewatch companion:/data:/sbin/nologin\n`,
  );
  writeFileSync(join(rootfs, 'etc', 'group'), `root:x:0:\ntidewatch:x:${COMPANION_UID}:\n`);
  writeFileSync(join(rootfs, 'etc', 'nsswitch.conf'), 'passwd: files\ngroup: files\nhosts: files dns\n');
  mkdirSync(join(rootfs, 'tmp'));
  chmodSync(join(rootfs, 'tmp'), 0o1777);
  // Owned by the companion's user through `COPY --chown` in the Dockerfile, so a new volume inherits it.
  mkdirSync(join(rootfs, '..', 'data'), { recursive: true });
}

function main(): void {
  const root = resolve(import.meta.dirname, '..', '..');
  const outDir = resolve(process.argv[2] ?? join(root, 'out', 'companion-image'));
  const context = buildCompanionImageContext({ root, outDir });
  process.stdout.write(
    `Companion image context in ${context.dir}: Node ${context.nodeVersion}, ` +
      `${context.packages.length} packages, ${context.libraries.length} libraries.\n` +
      `Build it with: docker build -t tidewatch-companion ${relative(process.cwd(), context.dir) || '.'}\n`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
