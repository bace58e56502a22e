import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum CoinMovementReason {
  EARNED = 'EARNED',
  REDEEMED = 'REDEEMED',
  REFUNDED = 'REFUNDED',
  EXPIRED = 'EXPIRED',
  CORRECTED = 'CORRECTED',
}
registerEnumType(CoinMovementReason, { name: 'CoinMovementReason', description: 'Why coins moved.' });

export enum RedemptionStatus {
  REDEEMED = 'REDEEMED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(RedemptionStatus, { name: 'RedemptionStatus' });

@ObjectType({ description: 'Coins that will expire, by day.' })
export class ExpiringCoins {
  @Field(() => Int) amount!: number;
  @Field(() => Date, { description: 'When the earliest of them expire.' }) expiresAt!: Date;
}

@ObjectType({ description: 'One line of the coins ledger.' })
export class CoinMovement {
  @Field(() => Int, { description: 'Signed: earned and refunded coins are positive, redeemed and expired negative.' }) amount!: number;
  @Field(() => CoinMovementReason) reason!: CoinMovementReason;
  @Field({
    description:
      'rule, achievement, quest or streak (EARNED); reward (REDEEMED, REFUNDED); expiry (EXPIRED); correction (CORRECTED: coins a correction clawed back or gave, sourceKey its id).',
  })
  sourceType!: string;
  @Field({ description: 'The rule id, achievement (:tier), quest, streak:length, reward key.' }) sourceKey!: string;
  @Field(() => ID, { description: 'The event (or redemption:<key>, redemption-cancelled:<id>, coin-expiry:<time>) that moved them.' }) eventId!: string;
  @Field() createdAt!: Date;
}

@ObjectType({ description: 'A member’s spendable coins, apart from points (which rank and level).' })
export class Wallet {
  @Field(() => ID) userId!: string;
  @Field(() => Int) balance!: number;
  @Field(() => [ExpiringCoins], { description: 'Unspent coins that will expire, soonest first (rules file coins.expireAfterDays).' }) expiring!: ExpiringCoins[];
}

@ObjectType({ description: 'A catalogue reward as a redemption names it.' })
export class RedeemedReward {
  @Field() key!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
}

@ObjectType({ description: 'A catalogue reward bought with coins.' })
export class Redemption {
  @Field(() => ID) id!: string;
  @Field(() => ID) userId!: string;
  @Field({ description: 'The key the caller gave: repeating it returns this redemption.' }) idempotencyKey!: string;
  @Field(() => RedeemedReward, { description: 'As the rules in force describe it (the key alone if the reward left the catalogue).' }) reward!: RedeemedReward;
  @Field(() => Int, { description: 'Coins it cost.' }) cost!: number;
  @Field(() => RedemptionStatus) status!: RedemptionStatus;
  @Field(() => ID, { description: 'The REWARD_REDEEMED event the engine recorded for it.' }) eventId!: string;
  @Field() redeemedAt!: Date;
  @Field(() => Date, { nullable: true }) cancelledAt!: Date | null;
  @Field(() => String, { nullable: true }) cancelReason!: string | null;
  @Field({ description: 'True when this call repeated an earlier one (same key, or an already cancelled redemption): nothing changed.' }) duplicate!: boolean;
}

@ObjectType({ description: 'A reward bought with coins.' })
export class CatalogueItem {
  @Field() key!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => Int, { description: 'Price in coins.' }) cost!: number;
  @Field(() => Int, { nullable: true, description: 'Items left; null: unlimited.' }) stockLeft!: number | null;
  @Field(() => Int, { nullable: true, description: 'How many one member may hold; null: no limit.' }) perMember!: number | null;
  @Field(() => Date, { nullable: true }) availableFrom!: Date | null;
  @Field(() => Date, { nullable: true, description: 'Exclusive.' }) availableUntil!: Date | null;
  @Field({ description: 'Inside its availability window now.' }) available!: boolean;
}

@InputType()
export class RedeemRewardInput {
  @Field(() => ID) userId!: string;
  @Field({ description: 'A catalogue item (a reward with a cost).' }) rewardKey!: string;
  @Field({ description: 'Retrying with the same key returns the first redemption (1 to 150 printable characters).' }) idempotencyKey!: string;
}

@InputType()
export class CancelRedemptionInput {
  @Field(() => ID) userId!: string;
  @Field(() => ID) redemptionId!: string;
  @Field({ description: 'Why (kept with the redemption).' }) reason!: string;
}
