// The "no Docker engine (SSH only)" flag: stored, mapped to the contract, patched, and mapped by the host form.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostCreateInputSchema, hostSchema, type HostCreateInput } from '@shared/schemas/hosts';
import { HostRepository } from '../../electron/core/hosts/host-repository';
import { HostService } from '../../electron/core/hosts/host-service';
import { silentLogger } from '../../electron/core/logging/logger';
import { MemorySecretStore } from '../../electron/core/secrets/memory-secret-store';
import { openDatabase, type Db } from '../../electron/core/store/database';
import {
  EMPTY_FORM,
  formFromHost,
  toCreateInput,
  toUpdateInput,
  validateForm,
} from '../../renderer/src/features/hosts/form/host-form-values';

let dir: string;
let db: Db;
let service: HostService;

const clock = { now: () => new Date('2026-01-02T03:04:05.000Z') };
const draft = (fields: Partial<HostCreateInput> & { name: string }): HostCreateInput =>
  hostCreateInputSchema.parse({ address: '10.0.0.1', user: 'ada', auth: { kind: 'agent' }, ...fields });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tw-hosts-docker-'));
  db = openDatabase(join(dir, 'tidewatch.db'));
  service = new HostService({
    repository: new HostRepository(db),
    secrets: new MemorySecretStore(),
    clock,
    logger: silentLogger,
    emit: () => undefined,
  });
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('dockerEnabled in the host service', () => {
  it('defaults to true, stores false, and shows it in the contract output', async () => {
    const normal = await service.create(draft({ name: 'dock' }));
    const jump = await service.create(draft({ name: 'jump', dockerEnabled: false }));
    expect(normal.dockerEnabled).toBe(true);
    expect(jump.dockerEnabled).toBe(false);
    expect(hostSchema.parse(jump).dockerEnabled).toBe(false);
    expect(service.list().map((host) => [host.name, host.dockerEnabled])).toEqual([
      ['dock', true],
      ['jump', false],
    ]);
    expect((await service.resolve(jump.id)).dockerEnabled).toBe(false);
  });

  it('a patch toggles it and reconnects; a patch without it keeps it', async () => {
    const jump = await service.create(draft({ name: 'jump', dockerEnabled: false }));
    const renamed = await service.update({ hostId: jump.id, name: 'jump-2' });
    expect(renamed.host.dockerEnabled).toBe(false);
    expect(renamed.reconnect).toBe(false);
    const enabled = await service.update({ hostId: jump.id, dockerEnabled: true });
    expect(enabled).toMatchObject({ host: { dockerEnabled: true }, reconnect: true });
  });

  it('hosts saved before the column existed read as Docker enabled (migration default)', () => {
    db.prepare(
      `INSERT INTO hosts (id, name, address, port, username, auth_kind, docker_socket, created_at, updated_at)
       VALUES ('old', 'old', '10.0.0.9', 22, 'ada', 'agent', '/var/run/docker.sock', 'x', 'x')`,
    ).run();
    expect(service.get('old').dockerEnabled).toBe(true);
  });
});

describe('dockerEnabled in the host form', () => {
  const values = { ...EMPTY_FORM, name: 'jump', address: '10.0.0.1', user: 'ada' };

  it('the "no Docker engine" box becomes dockerEnabled: false, and back', () => {
    expect(toCreateInput(values).dockerEnabled).toBe(true);
    const input = toCreateInput({ ...values, noDocker: true });
    expect(input.dockerEnabled).toBe(false);
    expect(toUpdateInput('id-1', { ...values, noDocker: true }).dockerEnabled).toBe(false);
    const host = hostSchema.parse({
      ...input,
      kind: 'ssh',
      id: 'id-1',
      auth: { kind: 'key', keyPath: '~/.ssh/id_ed25519', hasPassphrase: false },
      hostKey: null,
      createdAt: clock.now().toISOString(),
      updatedAt: clock.now().toISOString(),
    });
    expect(formFromHost(host).noDocker).toBe(true);
  });

  it('a hidden, malformed socket does not block saving an SSH-only host', () => {
    const broken = { ...values, dockerSocket: 'not-a-path' };
    expect(validateForm(broken, false, false).dockerSocket).toBeDefined();
    expect(validateForm({ ...broken, noDocker: true }, false, false).dockerSocket).toBeUndefined();
    expect(hostCreateInputSchema.safeParse(toCreateInput({ ...broken, noDocker: true })).success).toBe(true);
  });
});
