import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('user_quests')
export class UserQuestEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('text', { name: 'quest_key' }) questKey!: string;
  /** Matching events counted per step, in the quest's step order. */
  @Column('jsonb', { name: 'step_progress' }) stepProgress!: number[];
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt!: Date | null;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt!: Date;
}
