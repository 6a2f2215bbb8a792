import { CORE_QUERY_PARAM } from '@shared/schemas/companions';

/** `/updates?host=h&core=3` → `/updates?host=h` on companion 3; without `core`, the app's own core (null). */
export function splitCoreParam(path: string): { path: string; core: number | null } {
  const [pathname = '', query = ''] = path.split('?', 2);
  const params = new URLSearchParams(query);
  const core = companionIdOf(params.get(CORE_QUERY_PARAM));
  params.delete(CORE_QUERY_PARAM);
  const rest = params.toString();
  return {
    path: rest ? `${pathname}?${rest}` : pathname,
    core,
  };
}

/** A companion id written as text (a path, the saved choice); anything but a positive integer is none. */
export function companionIdOf(text: string | null | undefined): number | null {
  const id = Number(text);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
