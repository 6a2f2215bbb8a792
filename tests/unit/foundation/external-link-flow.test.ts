import { describe, expect, it } from 'vitest';
import { openExternalAfterConfirm } from '../../../electron/main/security/external-link-flow';

function steps(answer: boolean) {
  const asked: string[] = [];
  const opened: string[] = [];
  return {
    asked,
    opened,
    confirm: async (url: string) => {
      asked.push(url);
      return answer;
    },
    open: async (url: string) => {
      opened.push(url);
    },
  };
}

describe('links the app refuses to navigate to', () => {
  it('open in the browser only after the user confirms', async () => {
    const yes = steps(true);
    expect(await openExternalAfterConfirm('https://example.com/docs', yes)).toBe('opened');
    expect(yes.asked).toEqual(['https://example.com/docs']);
    expect(yes.opened).toEqual(['https://example.com/docs']);

    const no = steps(false);
    expect(await openExternalAfterConfirm('https://example.com/docs', no)).toBe('declined');
    expect(no.opened).toEqual([]);
  });

  it.each(['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-settings:', 42, null])(
    'refuses %s without asking',
    async (raw) => {
      const yes = steps(true);
      expect(await openExternalAfterConfirm(raw, yes)).toBe('refused');
      expect(yes.asked).toEqual([]);
      expect(yes.opened).toEqual([]);
    },
  );
});
