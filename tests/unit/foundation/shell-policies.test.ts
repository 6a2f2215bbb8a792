import { describe, expect, it } from 'vitest';
import { shouldHideOnClose } from '../../../electron/main/close-policy';
import { menuTemplate } from '../../../electron/main/menu';
import { shellPaths } from '../../../electron/main/paths';
import { contentSecurityPolicy } from '../../../electron/web-security/csp';
import { APP_ORIGIN, isAppUrl, trustedOrigins } from '../../../electron/main/security/navigation';
import { trayTooltip } from '../../../electron/main/tray-text';

describe('navigation allow-list', () => {
  it('trusts only the app origin, plus the dev server in development', () => {
    expect(trustedOrigins(null)).toEqual([APP_ORIGIN]);
    expect(trustedOrigins('http://localhost:5173/')).toEqual([APP_ORIGIN, 'http://localhost:5173']);
  });

  it.each([
    ['app://tidewatch/index.html#/settings', true],
    ['app://tidewatch/', true],
    ['app://tidewatch.evil/', false],
    ['app://other/', false],
    ['https://tidewatch/', false],
    ['file:///etc/passwd', false],
    ['http://localhost:5173/', false],
    ['javascript:alert(1)', false],
    ['', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAppUrl(url, trustedOrigins(null))).toBe(allowed);
  });
});

describe('close to tray', () => {
  it('hides only when not quitting, the setting is on, and a tray exists', () => {
    expect(shouldHideOnClose({ quitting: false, closeToTray: true, hasTray: true })).toBe(true);
    expect(shouldHideOnClose({ quitting: true, closeToTray: true, hasTray: true })).toBe(false);
    expect(shouldHideOnClose({ quitting: false, closeToTray: false, hasTray: true })).toBe(false);
    expect(shouldHideOnClose({ quitting: false, closeToTray: true, hasTray: false })).toBe(false);
  });

  it('says how many updates are pending in the tray tooltip', () => {
    expect(trayTooltip(0)).toBe('Tidewatch');
    expect(trayTooltip(1)).toBe('Tidewatch: 1 update pending');
    expect(trayTooltip(4)).toBe('Tidewatch: 4 updates pending');
  });
});

describe('application menu', () => {
  const roles = (template: ReturnType<typeof menuTemplate>) => JSON.stringify(template);
  it('offers reload and developer tools in development only', () => {
    expect(roles(menuTemplate({ isDev: true, isMac: false }))).toContain('toggleDevTools');
    expect(roles(menuTemplate({ isDev: true, isMac: false }))).toContain('"reload"');
    expect(roles(menuTemplate({ isDev: false, isMac: false }))).not.toContain('toggleDevTools');
    expect(roles(menuTemplate({ isDev: false, isMac: false }))).not.toContain('"reload"');
    expect(roles(menuTemplate({ isDev: false, isMac: true }))).toContain('appMenu');
  });
});

describe('renderer CSP', () => {
  it('allows no inline or remote script in production', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("object-src 'none'");
    expect(contentSecurityPolicy({ allowInlineScripts: true })).toContain(
      "script-src 'self' 'unsafe-inline'",
    );
  });
});

describe('shell paths', () => {
  const inputs = {
    mainDir: '/app/out/main',
    isPackaged: false,
    resourcesPath: '/opt/Tidewatch/resources',
    userData: '/home/ada/.config/Tidewatch',
    appPath: '/src/tidewatch',
    env: {},
  };
  it('keeps development data apart from an installed app', () => {
    expect(shellPaths(inputs)).toEqual({
      rendererDir: '/app/out/renderer',
      preloadPath: '/app/out/preload/index.cjs',
      resourcesDir: '/src/tidewatch/resources',
      dataDir: '/src/tidewatch/.tidewatch-dev',
    });
    expect(shellPaths({ ...inputs, isPackaged: true })).toMatchObject({
      resourcesDir: '/opt/Tidewatch/resources/resources',
      dataDir: '/home/ada/.config/Tidewatch',
    });
    expect(shellPaths({ ...inputs, env: { TIDEWATCH_DATA_DIR: '/tmp/tw' } }).dataDir).toBe('/tmp/tw');
  });
});
