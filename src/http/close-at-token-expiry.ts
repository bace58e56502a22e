import { CloseCode } from 'graphql-ws';
import type { WebSocket } from 'ws';

/** Node timers hold at most 2^31-1 ms (about 24.8 days); longer waits re-arm. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A WebSocket lives longer than the token that opened it: close it (4403) when the token
 * expires, so `exp` binds subscriptions as it binds requests. The app reconnects with a fresh token.
 */
export function closeAtTokenExpiry(socket: WebSocket, expiresAt: Date): void {
  const arm = () => {
    const remaining = expiresAt.getTime() - Date.now();
    if (remaining <= 0) {
      socket.close(CloseCode.Forbidden, 'UNAUTHENTICATED: token expired');
      return;
    }
    const timer = setTimeout(arm, Math.min(remaining, MAX_TIMER_MS));
    socket.once('close', () => clearTimeout(timer));
  };
  arm();
}
