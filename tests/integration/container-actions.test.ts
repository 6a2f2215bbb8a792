/**
 * Pause, unpause, kill with a signal and rename on dock1, each answered with the container afterwards;
 * Docker's refusals (not running, a taken name) arrive as CONFLICT, bad input as VALIDATION.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dockerCli } from '../lab/lab';
import { createTrustedHost, labHost, startTestCore, uniqueName, type TestCore } from './ssh-helpers';

const lab = inject('lab');
let t: TestCore;
let hostId: string;
const names: string[] = [];

beforeAll(async () => {
  t = await startTestCore();
  hostId = (await createTrustedHost(t, labHost(lab, 'dock1'), 'dock1')).id;
}, 120_000);

afterAll(async () => {
  for (const name of names) await dockerCli('dock1', ['rm', '-f', name]).catch(() => undefined);
  await t?.close();
});

async function run(): Promise<string> {
  const name = uniqueName('act');
  names.push(name);
  await dockerCli('dock1', ['run', '-d', '--name', name, `${lab.registries.plain}/lab/web:1.0.0`]);
  return name;
}

const state = async (name: string) =>
  (await dockerCli('dock1', ['inspect', '-f', '{{.State.Status}}', name])).trim();

describe('container actions', { timeout: 120_000 }, () => {
  it('pauses and unpauses', async () => {
    const name = await run();
    expect(await t.client.call('containers.pause', { hostId, containerId: name })).toMatchObject({
      state: 'paused',
    });
    expect(await state(name)).toBe('paused');
    expect(await t.client.call('containers.unpause', { hostId, containerId: name })).toMatchObject({
      state: 'running',
    });
  });

  it('sends a signal, and refuses one for a stopped container or one we do not offer', async () => {
    const name = await run();
    // The image's shell traps TERM and exits 0: the signal reached the main process.
    await t.client.call('containers.kill', { hostId, containerId: name, signal: 'SIGTERM' });
    for (;;) {
      if ((await state(name)) === 'exited') break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await expect(
      t.client.call('containers.kill', { hostId, containerId: name, signal: 'SIGKILL' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      t.client.call('containers.kill', { hostId, containerId: name, signal: 'SIGSEGV' as never }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('renames, and refuses a taken or malformed name', async () => {
    const name = await run();
    const other = await run();
    const renamed = uniqueName('act-renamed');
    names.push(renamed);
    expect(
      await t.client.call('containers.rename', { hostId, containerId: name, name: renamed }),
    ).toMatchObject({
      name: renamed,
    });
    await expect(
      t.client.call('containers.rename', { hostId, containerId: renamed, name: other }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      t.client.call('containers.rename', { hostId, containerId: renamed, name: '../x' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
