import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Every movement of a member's coins. A credit (`EARNED`) keeps what is left of it in `remaining`
 * until spent or expired; debits (`REDEEMED`, `EXPIRED`) and refunds (`REFUNDED`, which put the
 * coins back into the lots they came from) keep 0.
 */
@Entity('coin_ledger')
@Index('coin_ledger_open_lots_idx', ['expiresAt'], { where: 'remaining > 0' })
@Check('coin_ledger_remaining_check', 'remaining >= 0')
export class CoinLedgerEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('bigint', { generatedIdentity: 'ALWAYS' }) id!: string;
  @Column('text', { name: 'event_id' }) eventId!: string;
  @Column('integer') amount!: number;
  @Column('text') reason!: string;
  @Column('text', { name: 'source_type' }) sourceType!: string;
  @Column('text', { name: 'source_key' }) sourceKey!: string;
  @Column('integer', { default: 0 }) remaining!: number;
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt!: Date | null;
  @Column('timestamptz', { name: 'expiry_warned_at', nullable: true }) expiryWarnedAt!: Date | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}

/** A catalogue reward a member bought with coins; idempotent per member and key. */
@Entity('redemptions')
@Index('redemptions_idempotency_idx', ['userId', 'idempotencyKey'], { unique: true })
@Check('redemptions_status_check', `status IN ('REDEEMED', 'CANCELLED')`)
export class RedemptionEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId!: string;
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'idempotency_key' }) idempotencyKey!: string;
  @Column('text', { name: 'reward_key' }) rewardKey!: string;
  @Column('integer') cost!: number;
  @Column('text', { default: 'REDEEMED' }) status!: 'REDEEMED' | 'CANCELLED';
  /** The coin lots the cost came out of (`[{ id, amount }]`), so a cancellation puts them back. */
  @Column('jsonb', { name: 'spent_lots' }) spentLots!: { id: string; amount: number }[];
  @Column('text', { name: 'event_id' }) eventId!: string;
  @Column('timestamptz', { name: 'redeemed_at', default: () => 'now()' }) redeemedAt!: Date;
  @Column('timestamptz', { name: 'cancelled_at', nullable: true }) cancelledAt!: Date | null;
  @Column('text', { name: 'cancelled_by', nullable: true }) cancelledBy!: string | null;
  @Column('text', { name: 'cancel_reason', nullable: true }) cancelReason!: string | null;
}

/** How many of a catalogue item there are (`stock`, from the rules file) and how many are redeemed. */
@Entity('reward_stock')
@Check('reward_stock_redeemed_check', 'redeemed >= 0')
export class RewardStockEntity {
  @PrimaryColumn('text', { name: 'reward_key' }) rewardKey!: string;
  @Column('integer') stock!: number;
  @Column('integer', { default: 0 }) redeemed!: number;
}
