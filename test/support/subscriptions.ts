import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { eventually } from './spawn-process';

/** A graphql-ws client like an app's: `connectionParams.authorization`, no automatic retries. */
export function wsClient(baseUrl: string, token?: string): Client {
  return createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/** What one subscription received, as the app's sink saw it. */
export interface CollectedSubscription<T> {
  /** `data[field]` of every `next` without errors, in arrival order. */
  received: T[];
  /** `errors` of `next` messages, and anything the sink's `error` got (a close event...). */
  errors: unknown[];
  completed(): boolean;
  /** Resolves with the first `count` messages once that many arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  /** Resolves once the subscription ended (completed or errored). */
  ended(timeoutMs?: number): Promise<void>;
  unsubscribe(): void;
}

export function collect<T>(client: Client, query: string, variables: Record<string, unknown>, field: string): CollectedSubscription<T> {
  const received: T[] = [];
  const errors: unknown[] = [];
  let done = false;
  const unsubscribe = client.subscribe<Record<string, T>>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        else if (result.data) received.push(result.data[field]);
      },
      error: (error) => {
        // graphql-ws hands an `error` message's GraphQL errors as an array, a socket failure as a close event.
        if (Array.isArray(error)) errors.push(...(error as unknown[]));
        else errors.push(error);
        done = true;
      },
      complete: () => {
        done = true;
      },
    },
  );
  return {
    received,
    errors,
    completed: () => done,
    waitFor: (count, timeoutMs = 15_000) => eventually(async () => received.length >= count && received.slice(0, count), timeoutMs, 20),
    ended: async (timeoutMs = 15_000) => void (await eventually(async () => done, timeoutMs, 20)),
    unsubscribe,
  };
}

/** Reads `gamification_active_subscriptions{field}` from a node's /metrics. */
export async function activeSubscriptions(baseUrl: string, field: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const match = new RegExp(`^gamification_active_subscriptions\\{field="${field}"\\} (\\d+)`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

/** Waits until the node holds `count` live subscriptions of `field` (they are then on the bus). */
export function untilSubscribed(baseUrl: string, field: string, count = 1): Promise<number> {
  return eventually(async () => ((await activeSubscriptions(baseUrl, field)) >= count ? count : 0), 15_000, 25);
}

/** Connects and reports how the server closed the socket (code and reason), or null if it was accepted. */
export function connectionOutcome(baseUrl: string, token?: string, connectionParams?: Record<string, unknown>): Promise<{ code: number; reason: string } | null> {
  return new Promise((resolve) => {
    const client = createClient({
      url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: connectionParams ?? (token ? { authorization: `Bearer ${token}` } : {}),
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
      on: {
        connected: () => {
          resolve(null);
          void client.dispose();
        },
        closed: (event) => {
          const { code, reason } = event as { code: number; reason: string };
          resolve({ code, reason: String(reason) });
        },
      },
    });
  });
}

export const ACHIEVEMENT_UNLOCKED = `
  subscription Achievements($userId: ID!) {
    achievementUnlocked(userId: $userId) { notificationId eventId userId achievement { key title } unlockedAt }
  }`;

export const POINTS_AWARDED = `
  subscription Points($userId: ID!) {
    pointsAwarded(userId: $userId) { notificationId eventId userId points totalPoints eventType awardedAt }
  }`;

/** What one operation sent over graphql-ws got: the last `next` message's result, or the `error` message's errors. */
export interface SocketOperationResult {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Runs a query (or mutation) over an app's socket, as graphql-ws allows, until it completes or errs. */
export function operationOverSocket(client: Client, query: string, variables: Record<string, unknown> = {}): Promise<SocketOperationResult> {
  return new Promise((resolve) => {
    let result: SocketOperationResult = {};
    client.subscribe(
      { query, variables },
      {
        next: (value) => (result = value as SocketOperationResult),
        error: (errors) => resolve({ errors: errors as SocketOperationResult['errors'] }),
        complete: () => resolve(result),
      },
    );
  });
}
