import { parseUserId } from '../contract/validation/envelope';
import type { MemberListingSettings, RedisMemberListing } from '../leaderboards/redis-member-listing';
import { LeaderboardVisibility } from '../leaderboards/public-leaderboard';
import type { Database, SqlExecutor } from '../platform/database';
import type { DisplayNamePolicy } from './display-name';
import type { MemberKeyring } from './member-keyring';

export interface MemberSettingsView {
  userId: string;
  /** What public boards show: the chosen name, else the pseudonym. */
  displayName: string;
  chosenDisplayName: string | null;
  leaderboardVisibility: LeaderboardVisibility;
}

interface SettingsRow {
  display_name: string | null;
  leaderboard_visibility: LeaderboardVisibility;
}

const UPSERT_DISPLAY_NAME = `INSERT INTO member_settings (user_id, display_name) VALUES ($1, $2)
  ON CONFLICT (user_id) DO UPDATE SET display_name = EXCLUDED.display_name, updated_at = now()
  RETURNING display_name, leaderboard_visibility`;

const UPSERT_VISIBILITY = `INSERT INTO member_settings (user_id, leaderboard_visibility) VALUES ($1, $2)
  ON CONFLICT (user_id) DO UPDATE SET leaderboard_visibility = EXCLUDED.leaderboard_visibility, updated_at = now()
  RETURNING display_name, leaderboard_visibility`;

/**
 * A member's settings for what others see. A change commits in PostgreSQL and, with Redis, is
 * copied to the boards' listing while the row is still locked, so concurrent changes reach
 * Redis in the order they committed; a Redis failure rolls the change back. Once committed,
 * `boardsChanged` drops this process's shared board pages (other processes' expire within
 * PUBLIC_LEADERBOARD_CACHE_MS).
 */
export class MemberSettings {
  constructor(
    private readonly database: Database,
    private readonly keyring: MemberKeyring,
    private readonly names: DisplayNamePolicy,
    private readonly boardsChanged: () => void,
    private readonly listing?: RedisMemberListing,
  ) {}

  async get(userId: string): Promise<MemberSettingsView> {
    const [row] = await this.database.query<SettingsRow>(`SELECT display_name, leaderboard_visibility FROM member_settings WHERE user_id = $1`, [parseUserId(userId)]);
    return this.view(userId, row ?? { display_name: null, leaderboard_visibility: LeaderboardVisibility.PUBLIC });
  }

  /** Sets the chosen name (validated), or with null goes back to the pseudonym. */
  setDisplayName(userId: string, displayName: string | null): Promise<MemberSettingsView> {
    const name = displayName === null ? null : this.names.validate(displayName);
    return this.change(userId, UPSERT_DISPLAY_NAME, name);
  }

  setVisibility(userId: string, visibility: LeaderboardVisibility): Promise<MemberSettingsView> {
    return this.change(userId, UPSERT_VISIBILITY, visibility);
  }

  private async change(memberId: string, upsert: string, value: string | null): Promise<MemberSettingsView> {
    const userId = parseUserId(memberId);
    const row = await this.database.transaction(async (tx: SqlExecutor) => {
      const [changed] = await tx.query<SettingsRow>(upsert, [userId, value]);
      await this.listing?.apply(userId, listingOf(changed));
      return changed;
    });
    this.boardsChanged();
    return this.view(userId, row);
  }

  private view(userId: string, row: SettingsRow): MemberSettingsView {
    return {
      userId,
      displayName: row.display_name ?? this.keyring.pseudonym(userId),
      chosenDisplayName: row.display_name,
      leaderboardVisibility: row.leaderboard_visibility,
    };
  }
}

function listingOf(row: SettingsRow): MemberListingSettings {
  return { chosenName: row.display_name, visibility: row.leaderboard_visibility };
}
