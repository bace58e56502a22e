import { GamificationError, InternalError, NetworkError } from '../errors';

/**
 * Classifies a failed Redis call of the leaderboards: an error reply (a script or command
 * refused by a reachable Redis) is a bug, anything else (disconnected, timed out) is a
 * retriable network failure.
 */
export function asLeaderboardStoreError(error: unknown): GamificationError {
  if (error instanceof GamificationError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === 'ReplyError') {
    return new InternalError(`leaderboard store refused a command: ${message}`, { cause: error });
  }
  return new NetworkError(`leaderboard store (Redis) unavailable: ${message}`, { cause: error });
}

/** Runs Redis work of the leaderboards, classifying its failure with {@link asLeaderboardStoreError}. */
export async function onLeaderboardStore<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asLeaderboardStoreError(error);
  }
}

/** Replies of a pipeline or MULTI, failing with the first command's error if any failed. */
export function repliesOf(replies: [Error | null, unknown][] | null): unknown[] {
  if (!replies) throw new NetworkError('leaderboard store (Redis) aborted the transaction');
  const failed = replies.find(([error]) => error !== null)?.[0];
  if (failed) throw asLeaderboardStoreError(failed);
  return replies.map(([, reply]) => reply);
}
