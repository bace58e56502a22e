import type { Leaderboards } from '../leaderboards/leaderboards';
import { DisplayNamePolicy } from '../members/display-name';
import { MemberKeyring } from '../members/member-keyring';
import { MemberSettings } from '../members/member-settings';
import { PublicBoards } from '../members/public-boards';
import { developmentSecret } from '../platform/auth/dev-secret';
import type { AppConfig } from '../platform/config';
import type { Database } from '../platform/database';

/** The key of pseudonyms and erasure records: MEMBER_DATA_KEY, or outside production a generated one kept under DATA_DIR. */
export function memberKeyring(config: AppConfig): MemberKeyring {
  return new MemberKeyring(config.MEMBER_DATA_KEY ?? developmentSecret(config.DATA_DIR, 'dev-member-data-key'));
}

/** The member's side of an API node: public boards and member settings. */
export function startMembers(config: AppConfig, database: Database, keyring: MemberKeyring, leaderboards: Leaderboards): { boards: PublicBoards; settings: MemberSettings } {
  return {
    boards: new PublicBoards(leaderboards.publicReader, keyring),
    settings: new MemberSettings(database, keyring, DisplayNamePolicy.fromSetting(config.DISPLAY_NAME_BLOCKLIST), leaderboards.listing),
  };
}
