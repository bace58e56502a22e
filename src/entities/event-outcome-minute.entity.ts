import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Events that committed nothing (repeats, rejections, erased members' events), counted per minute for the console's overview. No member data. */
@Entity('event_outcome_minutes')
export class EventOutcomeMinuteEntity {
  @PrimaryColumn('timestamptz') minute!: Date;
  @PrimaryColumn('text') outcome!: string;
  @Column('bigint') events!: string;
}
