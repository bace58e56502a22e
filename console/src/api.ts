import { createClient as createSocketClient } from 'graphql-ws';
import { useSyncExternalStore } from 'react';
import { Client, fetchExchange, mapExchange, subscriptionExchange, type CombinedError } from 'urql';

/** Whether the API answers: the banner shows while it does not, and goes once it does again. */
type ApiStatus = 'up' | 'down';

let status: ApiStatus = 'up';
const listeners = new Set<() => void>();
let probe: ReturnType<typeof setInterval> | undefined;

function setStatus(next: ApiStatus): void {
  if (status === next) return;
  status = next;
  for (const listener of listeners) listener();
  if (next === 'down' && !probe) {
    // Ask the server's liveness probe until it answers, then let the screens refresh.
    probe = setInterval(async () => {
      try {
        if ((await fetch('/health/live', { cache: 'no-store' })).ok) setStatus('up');
      } catch {
        // still down
      }
    }, 2000);
  }
  if (next === 'up' && probe) {
    clearInterval(probe);
    probe = undefined;
  }
}

export function useApiStatus(): ApiStatus {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => status,
  );
}

/** Why the session ends: the token was refused (expired, revoked) or is not an admin's. */
export type SignOutReason = 'expired' | 'forbidden';

function authFailure(error: CombinedError): SignOutReason | null {
  const codes = error.graphQLErrors.map((graphQLError) => graphQLError.extensions?.['code']);
  if (codes.includes('UNAUTHENTICATED') || (error.response as Response | undefined)?.status === 401) return 'expired';
  if (codes.includes('FORBIDDEN')) return 'forbidden';
  return null;
}

/** One GraphQL client for the session: HTTP for queries and mutations, graphql-ws (same origin) for subscriptions. */
export function createApiClient(token: string, onSignOut: (reason: SignOutReason) => void): { client: Client; dispose: () => void } {
  const socket = createSocketClient({
    url: `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/graphql`,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: Infinity,
    shouldRetry: () => true,
    on: {
      connected: () => setStatus('up'),
      closed: (event) => {
        const code = (event as CloseEvent | undefined)?.code;
        if (code === 4403 || code === 4401) onSignOut('expired');
      },
    },
  });
  const client = new Client({
    url: '/graphql',
    requestPolicy: 'cache-and-network',
    // POST every operation: Apollo refuses GETs without a preflight-forcing header (CSRF prevention).
    preferGetMethod: false,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token}` } }),
    exchanges: [
      mapExchange({
        onResult: (result) => {
          if (!result.error?.networkError || authFailure(result.error)) setStatus('up');
          return result;
        },
        onError: (error) => {
          const failure = authFailure(error);
          if (failure) onSignOut(failure);
          else if (error.networkError) setStatus('down');
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: socket.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
  return { client, dispose: () => void socket.dispose() };
}
