import { describe, expect, it } from 'vitest';
import { safeExternalUrl } from '../../../electron/main/security/external-url';

describe('safeExternalUrl (the open-external check)', () => {
  it.each([
    ['https://github.com/tidewatch/tidewatch', 'https://github.com/tidewatch/tidewatch'],
    ['http://10.231.0.10:5000/v2/', 'http://10.231.0.10:5000/v2/'],
    ['HTTPS://Example.COM/a b', 'https://example.com/a%20b'],
  ])('allows %s', (raw, expected) => {
    expect(safeExternalUrl(raw)).toBe(expected);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'ms-msdt:/id PCWDiagnostic',
    'smb://server/share',
    'app://tidewatch/index.html',
    'vscode://file/etc/passwd',
    'https://user:pass@example.com/',
    'https://example.com/\u0000',
    'https://example.com/\nfoo',
    '//example.com/',
    'example.com',
    '',
    'https://' + 'a'.repeat(3000) + '.com',
  ])('refuses %s', (raw) => {
    expect(safeExternalUrl(raw)).toBeNull();
  });

  it.each([null, undefined, 42, {}, ['https://example.com'], new URL('https://example.com')])(
    'refuses a non-string %s',
    (raw) => {
      expect(safeExternalUrl(raw)).toBeNull();
    },
  );
});
