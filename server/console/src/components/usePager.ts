/** Paging by key: a stack of `after` cursors (no skip); reset whenever the filters change. */
import { useCallback, useState } from 'react';

export function usePager() {
  const [stack, setStack] = useState<(string | undefined)[]>([undefined]);
  const after = stack[stack.length - 1];
  return {
    after,
    page: stack.length,
    next: useCallback((cursor: string) => setStack((s) => [...s, cursor]), []),
    prev: useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []),
    reset: useCallback(() => setStack([undefined]), []),
  };
}
