import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How often a capped points rule awarded a member in one calendar period. */
@Entity('rule_usage')
export class RuleUsageEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('text', { name: 'rule_id' }) ruleId!: string;
  @PrimaryColumn('text', { name: 'period_key' }) periodKey!: string;
  @Column('integer') uses!: number;
  @Column('integer', { default: 0 }) points!: number;
}
