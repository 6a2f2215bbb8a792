import { describe, expect, it } from 'vitest';
import { formatSince } from '../../electron/core/docker/container-events';
import { healthOf, toContainer, toEngineInfo } from '../../electron/core/docker/container-mapper';
import { shellQuote } from '../../electron/core/docker/docker-streams';
import { LineSplitter } from '../../electron/core/docker/line-splitter';
import { containerIdSchema, containerSchema, engineInfoSchema } from '@shared/schemas/containers';

describe('container mapping', () => {
  const raw = {
    Id: 'a'.repeat(64),
    Names: ['/shop-web-1'],
    Image: '10.231.0.10:5000/lab/web:1.0.0',
    ImageID: `sha256:${'b'.repeat(64)}`,
    State: 'running',
    Status: 'Up 3 minutes (healthy)',
    Created: 1_700_000_000,
    Ports: [
      { IP: '0.0.0.0', PrivatePort: 8080, PublicPort: 18080, Type: 'tcp' },
      { IP: '::', PrivatePort: 8080, PublicPort: 18080, Type: 'tcp' },
      { PrivatePort: 443, Type: 'tcp' },
    ],
    Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' },
  };

  it('maps a list entry to the contract shape', () => {
    const container = toContainer('h1', raw, ['10.231.0.10:5000/lab/web@sha256:cc']);
    expect(containerSchema.parse(container)).toEqual(container);
    expect(container).toMatchObject({
      name: 'shop-web-1',
      state: 'running',
      health: 'healthy',
      created: '2023-11-14T22:13:20.000Z',
      composeProject: 'shop',
      composeService: 'web',
      repoDigests: ['10.231.0.10:5000/lab/web@sha256:cc'],
    });
    // One entry per published port (Docker lists IPv4 and IPv6 separately); exposed-only ports have no address.
    expect(container.ports).toEqual([
      { privatePort: 443, publicPort: null, type: 'tcp', ip: null },
      { privatePort: 8080, publicPort: 18080, type: 'tcp', ip: '0.0.0.0' },
    ]);
  });

  it('reads health from the status text and survives missing fields', () => {
    expect(healthOf('Up 1 second (health: starting)')).toBe('starting');
    expect(healthOf('Up 2 hours (unhealthy)')).toBe('unhealthy');
    expect(healthOf('Exited (0) 3 seconds ago')).toBe('none');
    const bare = toContainer('h1', { Id: 'c'.repeat(64), State: 'weird-new-state' });
    expect(containerSchema.parse(bare)).toMatchObject({
      name: 'cccccccccccc',
      state: 'dead',
      composeProject: null,
      labels: {},
    });
  });

  it('maps engine info', () => {
    const info = toEngineInfo(
      'h1',
      {
        Name: 'dock1',
        ServerVersion: '20.10.24',
        NCPU: 2,
        MemTotal: 1024,
        Containers: 3,
        ContainersRunning: 1,
        ContainersStopped: 2,
      },
      { ApiVersion: '1.41' },
      'streamlocal',
    );
    expect(engineInfoSchema.parse(info)).toMatchObject({
      apiVersion: '1.41',
      cpus: 2,
      containers: { total: 3, running: 1, stopped: 2, paused: 0 },
    });
  });
});

describe('container id validation', () => {
  it.each(['web1', 'a'.repeat(64), '/web1', 'my_app.v2-1'])('accepts %s', (id) => {
    expect(containerIdSchema.safeParse(id).success).toBe(true);
  });
  it.each(['../images/json', 'a/b', 'x?force=1', '', ' web'])(
    'refuses %j (it could change the API path)',
    (id) => {
      expect(containerIdSchema.safeParse(id).success).toBe(false);
    },
  );
});

describe('line splitting', () => {
  it('keeps partial lines until their newline and handles CRLF and split UTF-8', () => {
    const splitter = new LineSplitter();
    const euro = Buffer.from('€');
    expect(splitter.push(Buffer.from('one\r\ntw'))).toEqual(['one']);
    expect(splitter.push(Buffer.concat([Buffer.from('o '), euro.subarray(0, 1)]))).toEqual([]);
    expect(splitter.push(Buffer.concat([euro.subarray(1), Buffer.from('\nthree')]))).toEqual(['two €']);
    expect(splitter.flush()).toEqual(['three']);
    expect(splitter.flush()).toEqual([]);
  });

  it('cuts runaway lines', () => {
    const splitter = new LineSplitter(4);
    expect(splitter.push(Buffer.from('abcdefghij'))).toEqual(['abcd', 'efgh']);
    expect(splitter.push(Buffer.from('\n'))).toEqual(['ij']);
  });
});

describe('helpers', () => {
  it('formats Docker since timestamps from nanoseconds', () => {
    expect(formatSince(1_700_000_000_000_000_123n)).toBe('1700000000.000000123');
  });

  it('quotes a socket path as one shell word', () => {
    expect(shellQuote("/run/it's here.sock")).toBe(`'/run/it'\\''s here.sock'`);
  });
});
