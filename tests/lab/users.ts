// The lab's system users. They are marked with the lab's GECOS comment so cleanup never deletes a user
// that the lab did not create.
import { chown, mkdir } from 'node:fs/promises';
import { run, tryRun } from './proc.js';
import { DOCKER_GROUP, LAB_MARK, LAB_USERS, USERS, USER_PASSWORD, type LabPaths } from './topology.js';

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
}

async function getUser(name: string): Promise<PasswdEntry | undefined> {
  const line = await run('getent', ['passwd', name]).catch(() => '');
  const [user, , uid, gid, gecos] = line.trim().split(':');
  if (!user || uid === undefined || gid === undefined) return undefined;
  return { name: user, uid: Number(uid), gid: Number(gid), gecos: gecos ?? '' };
}

export async function createUsers(paths: LabPaths): Promise<void> {
  for (const name of LAB_USERS) {
    const existing = await getUser(name);
    if (existing)
      throw new Error(`user ${name} exists and was not created by the lab (GECOS '${existing.gecos}')`);
  }
  // twlab's private group doubles as the docker socket group; twlabnofwd joins it as a supplementary member.
  await addUser(paths, USERS.twlab, []);
  await addUser(paths, USERS.twlabnofwd, ['--groups', DOCKER_GROUP]);
  await run('chpasswd', [], { input: LAB_USERS.map((u) => `${u}:${USER_PASSWORD}\n`).join('') });
}

async function addUser(paths: LabPaths, name: string, extra: string[]): Promise<void> {
  const home = paths.homeOf(name);
  await run('useradd', [
    '--system',
    '--user-group',
    '--no-create-home',
    '--home-dir',
    home,
    '--shell',
    '/bin/sh',
    '--comment',
    LAB_MARK,
    ...extra,
    name,
  ]);
  const user = await getUser(name);
  if (!user) throw new Error(`useradd ${name} did not create the user`);
  await mkdir(home, { recursive: true, mode: 0o755 });
  await chown(home, user.uid, user.gid);
}

/** uids of lab users that exist now: cleanup kills their processes (userdel refuses while they run). */
export async function labUserIds(): Promise<number[]> {
  const users = await Promise.all(LAB_USERS.map(getUser));
  return users.filter((u): u is PasswdEntry => u?.gecos === LAB_MARK).map((u) => u.uid);
}

export async function deleteUsers(): Promise<void> {
  // twlabnofwd first: userdel only removes the twlab group once no one else is in it.
  let deletedOwner = false;
  for (const name of [USERS.twlabnofwd, USERS.twlab]) {
    const user = await getUser(name);
    if (user?.gecos !== LAB_MARK) continue;
    await run('userdel', ['--force', name]);
    deletedOwner = name === USERS.twlab;
  }
  // Normally userdel took the private group with it; only touch the group if it was ours.
  if (deletedOwner) await tryRun('groupdel', [DOCKER_GROUP]);
}
