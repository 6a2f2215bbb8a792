/** The add-host form's own checks: every bad field gets its own message that says what to do. */
import { describe, expect, it } from 'vitest';
import { EMPTY_FORM, validateForm } from '../../renderer/src/features/hosts/form/host-form-values';

const check = (patch: Partial<typeof EMPTY_FORM>) => validateForm({ ...EMPTY_FORM, ...patch }, false, false);

describe('host form validation', () => {
  it('reports every problem of an empty form at once, each at its field', () => {
    const errors = check({ keyPath: '', port: '' });
    expect(Object.keys(errors).sort()).toEqual(['address', 'keyPath', 'name', 'port', 'user']);
  });

  it.each([99999, 0, -1, 1.5])('refuses port %s instead of clamping it', (port) => {
    expect(check({ port }).port).toMatch(/1 to 65535/);
  });

  it('tells where the user goes when user@host is typed as the address', () => {
    expect(check({ address: 'deploy@web-1.example.com' }).address).toMatch(/User field/);
    expect(check({ address: 'ssh://web-1.example.com' }).address).toMatch(/without ssh:\/\//);
    expect(check({ address: '-oProxyCommand=x' }).address).toMatch(/host name or IP/);
  });

  it('accepts a complete entry', () => {
    expect(check({ name: 'web-1', address: '10.0.0.5', user: 'deploy' })).toEqual({});
  });
});
