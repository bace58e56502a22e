import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** What a member chose others see: a display name (null: the pseudonym) and leaderboard visibility. */
@Entity('member_settings')
@Check('member_settings_leaderboard_visibility_check', `leaderboard_visibility IN ('PUBLIC', 'HIDDEN')`)
export class MemberSettingsEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @Column('text', { name: 'display_name', nullable: true }) displayName!: string | null;
  @Column('text', { name: 'leaderboard_visibility', default: 'PUBLIC' }) leaderboardVisibility!: 'PUBLIC' | 'HIDDEN';
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}
