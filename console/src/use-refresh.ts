import { useEffect, useRef } from 'react';

/** Calls `refresh` every `intervalMs` while the page is visible. */
export function useRefresh(refresh: () => void, intervalMs: number): void {
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [refresh, intervalMs]);
}

/** The latest answer a refreshed screen got: kept while a refresh fails (the API down), so the screen goes on showing it under the banner. */
export function useLastAnswer<T>(answer: T | undefined): T | undefined {
  const last = useRef(answer);
  if (answer !== undefined) last.current = answer;
  return last.current;
}
