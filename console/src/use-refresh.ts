import { useEffect } from 'react';

/** Calls `refresh` every `intervalMs` while the page is visible. */
export function useRefresh(refresh: () => void, intervalMs: number): void {
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [refresh, intervalMs]);
}
