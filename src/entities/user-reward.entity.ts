import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('user_rewards')
export class UserRewardEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('text', { name: 'reward_key' }) rewardKey!: string;
  @Column('text', { name: 'source_type' }) sourceType!: string;
  @Column('text', { name: 'source_key' }) sourceKey!: string;
  @Column('text', { name: 'event_id' }) eventId!: string;
  @Column('timestamptz', { name: 'granted_at', default: () => 'now()' }) grantedAt!: Date;
}
