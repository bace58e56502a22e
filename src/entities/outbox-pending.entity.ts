import { Entity, PrimaryColumn } from 'typeorm';

/** The outbox rows the relay has yet to send, in outbox id order; the relay deletes a row once every sink took it. */
@Entity('outbox_pending')
export class OutboxPendingEntity {
  @PrimaryColumn('bigint') id!: string;
}
