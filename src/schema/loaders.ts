import DataLoader from 'dataloader';
import type { MemberReads } from '../engine/read/member-reads';
import type { RequestLoaders } from './context';

/** Per-request batching: a list that resolves members asks the database once. */
export function createLoaders(reads: MemberReads): RequestLoaders {
  return {
    profiles: new DataLoader(async (userIds: readonly string[]) => {
      const found = await reads.profiles(userIds);
      return userIds.map((userId) => found.get(userId) ?? null);
    }),
  };
}
