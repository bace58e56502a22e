import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { accessPolicy } from '../platform/auth/access-policy';
import type { Viewer } from '../platform/auth/viewer';
import type { GraphQLContext } from '../schema/context';
import { CancelRedemptionInput, CatalogueItem, CoinMovement, CoinMovementReason, RedeemRewardInput, Redemption, RedemptionStatus, Wallet } from '../schema/types/wallet.type';
import type { GameSource } from '../engine/gamification-engine';
import type { RedemptionRecord } from '../wallet/wallet-sql';
import { assertLimit, MaxLimit } from './limits';

const MAX_HISTORY = 200;

function toRedemption(record: RedemptionRecord & { duplicate?: boolean }, game: GameSource): Redemption {
  const item = game().catalogue.get(record.rewardKey);
  return {
    id: record.id,
    userId: record.userId,
    idempotencyKey: record.idempotencyKey,
    reward: { key: record.rewardKey, title: item?.title ?? record.rewardKey, description: item?.description ?? null },
    cost: record.cost,
    status: record.status as RedemptionStatus,
    eventId: record.eventId,
    redeemedAt: record.redeemedAt,
    cancelledAt: record.cancelledAt,
    cancelReason: record.cancelReason,
    duplicate: record.duplicate ?? false,
  };
}

function principalOf(viewer: Viewer): string {
  return `${viewer.role}:${viewer.subject}`;
}

/** The wallet: coins, the catalogue, redemptions and their cancellation. */
@Resolver(() => Wallet)
export class WalletResolver {
  @Query(() => Wallet, { description: 'The member’s coins: balance, what will expire, and (fields) history and redemptions. The member itself or an admin.' })
  async wallet(@Arg('userId', () => ID) userId: string, @Ctx() { viewer, services }: GraphQLContext): Promise<Wallet> {
    const member = accessPolicy.memberToRead(viewer, userId);
    const [balance, expiring] = await Promise.all([services.wallet.reads.balance(member), services.wallet.reads.expiring(member)]);
    return { userId: member, balance, expiring };
  }

  @MaxLimit(MAX_HISTORY)
  @FieldResolver(() => [CoinMovement], { description: 'Why the member has their coins: ledger lines, newest first.' })
  async history(@Root() wallet: Wallet, @Arg('limit', () => Int, { defaultValue: 20 }) limit: number, @Ctx() { services }: GraphQLContext): Promise<CoinMovement[]> {
    const lines = await services.wallet.reads.history(wallet.userId, assertLimit('limit', limit, MAX_HISTORY));
    return lines.map((line) => ({ ...line, reason: line.reason as CoinMovementReason }));
  }

  @MaxLimit(MAX_HISTORY)
  @FieldResolver(() => [Redemption], { description: 'The member’s redemptions, newest first.' })
  async redemptions(@Root() wallet: Wallet, @Arg('limit', () => Int, { defaultValue: 20 }) limit: number, @Ctx() { services }: GraphQLContext): Promise<Redemption[]> {
    const records = await services.wallet.reads.redemptions(wallet.userId, assertLimit('limit', limit, MAX_HISTORY));
    return records.map((record) => toRedemption(record, services.game));
  }

  @Query(() => [CatalogueItem], { description: 'Rewards bought with coins, in the rules file’s order, with the stock left. Any signed-in caller.' })
  async rewardCatalogue(@Ctx() { viewer, services }: GraphQLContext): Promise<CatalogueItem[]> {
    accessPolicy.assertMayReadCatalogue(viewer);
    return (await services.wallet.reads.catalogue()).map(({ item, stockLeft, available }) => ({
      key: item.key,
      title: item.title,
      description: item.description ?? null,
      cost: item.cost,
      stockLeft,
      perMember: item.perMember ?? null,
      availableFrom: item.availableFrom ?? null,
      availableUntil: item.availableUntil ?? null,
      available,
    }));
  }

  @Mutation(() => Redemption, {
    description:
      'Spends coins on a catalogue reward (the member itself or a service). Idempotent by key. Refusals: INSUFFICIENT_COINS, OUT_OF_STOCK, LIMIT_REACHED, NOT_AVAILABLE.',
  })
  async redeemReward(@Arg('input', () => RedeemRewardInput) input: RedeemRewardInput, @Ctx() { viewer, services }: GraphQLContext): Promise<Redemption> {
    accessPolicy.assertMayRedeem(viewer, input.userId);
    return toRedemption(await services.wallet.spending.redeem(input), services.game);
  }

  @Mutation(() => Redemption, { description: 'Cancels a redemption: refunds its coins and restocks the item (admin or service). Idempotent.' })
  async cancelRedemption(@Arg('input', () => CancelRedemptionInput) input: CancelRedemptionInput, @Ctx() { viewer, services }: GraphQLContext): Promise<Redemption> {
    accessPolicy.assertMayCancelRedemption(viewer);
    return toRedemption(await services.wallet.spending.cancel(principalOf(viewer), input), services.game);
  }
}
