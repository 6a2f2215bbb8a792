import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '@shared/contract';
import { ERROR_CODES } from '@shared/rpc/errors';
import { DEFAULT_SETTINGS } from '@shared/schemas/settings';
import { makeTestCore, seededRandom, type TestCore } from './test-core';

const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** Values a hostile or buggy renderer could send: anything JSON or a structured clone can carry. */
function randomValue(random: () => number, depth = 0): unknown {
  const pick = Math.floor(random() * (depth > 2 ? 9 : 13));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return undefined;
    case 2:
      return [0, -1, 1.5, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 2, 1e308, -0][
        Math.floor(random() * 9)
      ];
    case 3:
      return random() < 0.5;
    case 4:
      return ['', 'dark', 'light', 'auto', 'x'.repeat(1 << 20), '\u0000', '💥'.repeat(1000), '<script>'][
        Math.floor(random() * 8)
      ];
    case 5:
      return BigInt(Math.floor(random() * 1e6));
    case 6:
      return new Date(random() * 1e13);
    case 7:
      return new Uint8Array(Math.floor(random() * 64));
    case 8:
      return /re(g)ex/gi;
    case 9:
      return Array.from({ length: Math.floor(random() * 5) }, () => randomValue(random, depth + 1));
    case 10:
      return new Map([[randomValue(random, depth + 1), randomValue(random, depth + 1)]]);
    default:
      return randomObject(random, depth);
  }
}

function randomObject(random: () => number, depth: number): Record<string, unknown> {
  const keys = [
    'theme',
    'defaultPollIntervalMinutes',
    'closeToTray',
    ...POLLUTION_KEYS,
    'k'.repeat(70_000),
    'extra',
  ];
  // JSON.parse creates a real own "__proto__" key, as a WebSocket frame would.
  const object = JSON.parse('{}') as Record<string, unknown>;
  const count = Math.floor(random() * 4);
  for (let index = 0; index < count; index += 1) {
    const key = keys[Math.floor(random() * keys.length)] ?? 'extra';
    Object.defineProperty(object, key, {
      value: randomValue(random, depth + 1),
      enumerable: true,
      writable: true,
    });
  }
  return object;
}

function randomMethod(random: () => number): unknown {
  const names: unknown[] = [
    ...METHOD_NAMES,
    '',
    'settings',
    'settings.',
    '__proto__',
    'constructor',
    'toString',
    'x'.repeat(100_000),
    42,
    null,
    undefined,
    {},
    ['app.info'],
  ];
  return names[Math.floor(random() * names.length)];
}

describe('contract dispatch under hostile input', () => {
  let test: TestCore;
  beforeAll(() => {
    test = makeTestCore();
  });
  afterAll(() => test.dispose());

  it('answers every fuzzed call with a well-formed envelope and never throws', async () => {
    const random = seededRandom(20261123);
    const codes = new Set<string>();
    for (let round = 0; round < 600; round += 1) {
      const method = randomMethod(random);
      const input = random() < 0.15 ? JSON.parse('{"__proto__": {"polluted": true}}') : randomValue(random);
      const envelope = await test.core.dispatcher.dispatch(method, input, { transport: 'memory' });
      if (envelope.ok) continue;
      codes.add(envelope.error.code);
      expect(ERROR_CODES).toContain(envelope.error.code);
      expect(typeof envelope.error.message).toBe('string');
      // A hostile 1 MB string or key must not come back whole in the message.
      expect(envelope.error.message.length).toBeLessThan(1000);
      expect(Object.keys(envelope.error).sort()).toEqual(['code', 'message']);
    }
    expect(codes).toContain('VALIDATION');
    expect(codes).toContain('UNKNOWN_METHOD');
    expect(codes).not.toContain('INTERNAL');
    // Nothing leaked into every object's prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('survives input whose reading throws (getters, proxies) with a VALIDATION answer', async () => {
    const trap = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
        ownKeys: () => {
          throw new Error('trap');
        },
      },
    );
    const getter = Object.defineProperty({}, 'theme', {
      enumerable: true,
      get: () => {
        throw new Error('getter');
      },
    });
    for (const input of [trap, getter]) {
      const envelope = await test.core.dispatcher.dispatch('settings.update', input, { transport: 'memory' });
      expect(envelope).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
  });

  it('keeps the stored settings valid whatever was thrown at it', async () => {
    const envelope = await test.core.dispatcher.dispatch('settings.get', undefined, { transport: 'memory' });
    expect(envelope.ok).toBe(true);
    expect(Object.keys(envelope.ok ? (envelope.data as object) : {}).sort()).toEqual(
      Object.keys(DEFAULT_SETTINGS).sort(),
    );
  });

  it('writes VALIDATION messages a person can read: the field and what is allowed', async () => {
    const theme = await test.core.dispatcher.dispatch(
      'settings.update',
      { theme: 'purple' },
      { transport: 'memory' },
    );
    expect(theme.ok).toBe(false);
    if (theme.ok) return;
    expect(theme.error.code).toBe('VALIDATION');
    expect(theme.error.message).toContain('settings.update');
    expect(theme.error.message).toContain('theme');
    expect(theme.error.message).toMatch(/light|dark|auto/);
    expect(theme.error.message).not.toContain('\n');

    const poll = await test.core.dispatcher.dispatch(
      'settings.update',
      { defaultPollIntervalMinutes: 1 },
      { transport: 'memory' },
    );
    const pollMessage = poll.ok ? '' : poll.error.message;
    expect(pollMessage).toContain('defaultPollIntervalMinutes');
    expect(pollMessage).toContain('>=5');

    const extra = await test.core.dispatcher.dispatch(
      'settings.update',
      { colour: 'red' },
      { transport: 'memory' },
    );
    expect(extra.ok ? '' : extra.error.message).toContain('colour');

    const unknown = await test.core.dispatcher.dispatch(
      'settings.destroyEverything',
      {},
      { transport: 'memory' },
    );
    expect(unknown).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_METHOD', message: 'Unknown method: "settings.destroyEverything"' },
    });
  });
});
