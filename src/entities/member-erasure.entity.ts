import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The record of an erasure: a keyed hash of the member id, never the id. */
@Entity('member_erasures')
export class MemberErasureEntity {
  @PrimaryColumn('text', { name: 'member_hash' }) memberHash!: string;
  @Column('text', { name: 'idempotency_key', unique: true }) idempotencyKey!: string;
  @Column('text') reason!: string;
  @Column('text', { name: 'erased_by' }) erasedBy!: string;
  @Column('timestamptz', { name: 'erased_at', default: () => 'now()' }) erasedAt!: Date;
  @Column('jsonb', { name: 'rows_deleted' }) rowsDeleted!: Record<string, number>;
}
