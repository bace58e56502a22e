import type { RedisClient } from '../platform/redis';
import type { Leaderboards } from '../leaderboards/leaderboards';
import { RedisMemberSweep } from '../leaderboards/redis-member-sweep';
import { MemberErasure, type ErasureStep } from '../members/member-erasure';
import { MemberDataExport } from '../members/member-export';
import { DisplayNamePolicy } from '../members/display-name';
import { MemberKeyring } from '../members/member-keyring';
import { MemberSettings } from '../members/member-settings';
import { PublicBoards } from '../members/public-boards';
import { developmentSecret } from '../platform/auth/dev-secret';
import type { AppConfig } from '../platform/config';
import type { Database } from '../platform/database';
import type { NotificationFeed } from '../realtime/notification-feed';

/** The key of pseudonyms and erasure records: MEMBER_DATA_KEY, or outside production a generated one kept under DATA_DIR. */
export function memberKeyring(config: AppConfig): MemberKeyring {
  return new MemberKeyring(config.MEMBER_DATA_KEY ?? developmentSecret(config.DATA_DIR, 'dev-member-data-key'));
}

export interface MembersSetup {
  config: AppConfig;
  database: Database;
  keyring: MemberKeyring;
  leaderboards: Leaderboards;
  /** The node's Redis command connection, when REDIS_URL is set: erasure sweeps it. */
  redis?: RedisClient;
  /** Erasure ends the member's subscriptions, and drops shared board pages, on every node through it. */
  feed: Pick<NotificationFeed, 'announceErasure' | 'onErasure'>;
}

/** The member's side of an API node: public boards under display names, what a member shows others, export and erasure. */
export interface MemberServices {
  boards: PublicBoards;
  settings: MemberSettings;
  export: MemberDataExport;
  erasure: MemberErasure;
}

export function startMembers({ config, database, keyring, leaderboards, redis, feed }: MembersSetup): MemberServices {
  feed.onErasure(() => leaderboards.publicBoardsChanged());
  const endSubscriptions: ErasureStep = {
    erase: async (userId) => {
      await feed.announceErasure(userId);
      return 0;
    },
  };
  return {
    boards: new PublicBoards(leaderboards.publicReader, keyring),
    settings: new MemberSettings(database, keyring, DisplayNamePolicy.fromSetting(config.DISPLAY_NAME_BLOCKLIST), () => leaderboards.publicBoardsChanged(), leaderboards.listing),
    export: new MemberDataExport(database),
    erasure: new MemberErasure(database, keyring, [...(redis ? [new RedisMemberSweep(redis, config.CHANNEL_PREFIX)] : []), endSubscriptions]),
  };
}
