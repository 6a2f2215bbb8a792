import { useMethodQuery } from './hooks';

export function useAppInfo() {
  return useMethodQuery('app.info', undefined, { staleTime: Infinity });
}
