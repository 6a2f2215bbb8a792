/** The parts of Electron's WebFrameMain the check needs (so it can be tested without Electron). */
export interface FrameLike {
  url: string;
  /** null for a top-level (main) frame. */
  parent: unknown;
}

/**
 * Only our own renderer's main frame may call the core: not an iframe, not a page that navigated
 * elsewhere, not a devtools extension. Compared by scheme and host because custom schemes
 * (`app://tidewatch`) have an opaque `URL.origin`.
 */
export function isTrustedSender(
  frame: FrameLike | null | undefined,
  trustedOrigins: readonly string[],
): boolean {
  if (!frame || frame.parent !== null) return false;
  const origin = originOf(frame.url);
  return origin !== null && trustedOrigins.includes(origin);
}

export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}
