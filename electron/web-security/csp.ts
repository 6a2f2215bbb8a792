/**
 * The Content-Security-Policy of the renderer, for both shells: only our own scripts (no inline, no eval),
 * connections only back to the core. Inline styles are allowed because Mantine sets style attributes.
 */
export interface CspOptions {
  /** Extra connect-src sources: the companion's ws:// URL, the dev server's HMR socket. */
  connect?: readonly string[];
  /** Development only: Vite's React refresh preamble is an inline script. */
  allowInlineScripts?: boolean;
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const scripts = options.allowInlineScripts ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'";
  return [
    "default-src 'self'",
    scripts,
    "style-src 'self' 'unsafe-inline'",
    ['connect-src', "'self'", ...(options.connect ?? [])].join(' '),
    "img-src 'self' data:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers sent with every renderer response (besides the CSP). */
export const HARDENING_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};
