/** Longest URL handed to the OS: enough for any real link, short enough to refuse smuggled payloads. */
const MAX_URL_LENGTH = 2048;

/**
 * Whether a URL may be opened in the user's browser: http and https only (no file:, javascript:,
 * custom protocol handlers such as ms-msdt: or smb:), no embedded credentials, no control characters.
 * Returns the normalised URL to open, or null to refuse.
 */
export function safeExternalUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_URL_LENGTH) return null;
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '' || url.hostname === '') return null;
  return url.toString();
}
