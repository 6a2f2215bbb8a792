/**
 * The tag a redeploy pulls again, from the image reference as Docker reports it: `host:5000/app:1.2` → `1.2`,
 * `nginx` → `latest` (Docker's default), null when the container runs a bare digest (after a roll back).
 */
export function redeployTag(image: string): string | null {
  const [name = '', digest] = image.split('@');
  const last = name.slice(name.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  if (colon !== -1) return last.slice(colon + 1);
  return digest === undefined ? 'latest' : null;
}
