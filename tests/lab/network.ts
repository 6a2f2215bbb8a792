// Bridges, namespaces and veth pairs of the lab, plus the few root-namespace rules that keep traffic inside.
import { readdir } from 'node:fs/promises';
import { run, tryRun, waitFor } from './proc.js';
import { INNER_BRIDGE, LAB_MARK, NAMESPACES, ROOT_BRIDGE, type NsSpec } from './topology.js';

const BRIDGES = [ROOT_BRIDGE.name, INNER_BRIDGE.name];

/**
 * dockerd (ours inside the namespaces, or one on the machine) sets FORWARD policy DROP and br_netfilter sends
 * bridged frames through FORWARD, so each bridge needs an explicit accept. The comment lets cleanup find them.
 */
function forwardRule(bridge: string): string[] {
  return ['FORWARD', '-i', bridge, '-o', bridge, '-m', 'comment', '--comment', LAB_MARK, '-j', 'ACCEPT'];
}

export async function setupNetwork(): Promise<void> {
  await createBridge(ROOT_BRIDGE.name, ROOT_BRIDGE.cidr);
  await createBridge(INNER_BRIDGE.name);
  // Without this, a direct attempt at an inner address from the root namespace would follow the default route
  // off the machine; `unreachable` makes it fail at once instead.
  await run('ip', ['route', 'replace', 'unreachable', INNER_BRIDGE.subnet]);
  for (const bridge of BRIDGES) await run('iptables', ['-I', ...forwardRule(bridge)]);
  await Promise.all(NAMESPACES.map(createNamespace));
}

async function createBridge(name: string, cidr?: string): Promise<void> {
  await run('ip', ['link', 'add', name, 'type', 'bridge']);
  if (cidr) await run('ip', ['addr', 'add', cidr, 'dev', name]);
  await run('ip', ['link', 'set', name, 'up']);
}

async function createNamespace(spec: NsSpec): Promise<void> {
  await run('ip', ['netns', 'add', spec.ns]);
  await run('ip', ['-n', spec.ns, 'link', 'set', 'lo', 'up']);
  for (const link of spec.links) {
    await run('ip', [
      'link',
      'add',
      link.veth,
      'type',
      'veth',
      'peer',
      'name',
      link.ifname,
      'netns',
      spec.ns,
    ]);
    await run('ip', ['link', 'set', link.veth, 'master', link.bridge, 'up']);
    await run('ip', ['-n', spec.ns, 'addr', 'add', link.cidr, 'dev', link.ifname]);
    await run('ip', ['-n', spec.ns, 'link', 'set', link.ifname, 'up']);
  }
}

/** Removes everything setupNetwork may have created, whether or not it still exists. */
export async function teardownNetwork(): Promise<void> {
  const existing = new Set(await readdir('/var/run/netns').catch(() => [] as string[]));
  await Promise.all(
    NAMESPACES.filter((s) => existing.has(s.ns)).map((s) => tryRun('ip', ['netns', 'del', s.ns])),
  );
  // Deleting a namespace deletes its veth peers, but the kernel does that asynchronously, and a crash between
  // `link add` and the move to the namespace can leave one behind: delete what is there, then wait until gone.
  const links = [...NAMESPACES.flatMap((s) => s.links.map((l) => l.veth)), ...BRIDGES];
  await waitFor(
    'lab links to disappear',
    async () => {
      const left = (await Promise.all(links.map(async (l) => ((await linkExists(l)) ? l : '')))).filter(
        Boolean,
      );
      await Promise.all(left.map((l) => tryRun('ip', ['link', 'del', l])));
      return left.length === 0;
    },
    10_000,
  );
  for (const bridge of BRIDGES) {
    while (await tryRun('iptables', ['-D', ...forwardRule(bridge)])) {
      // repeat: a crashed run may have inserted the rule more than once
    }
  }
  await tryRun('ip', ['route', 'del', 'unreachable', INNER_BRIDGE.subnet]);
}

async function linkExists(name: string): Promise<boolean> {
  return tryRun('ip', ['link', 'show', 'dev', name]);
}
