import { randomUUID } from 'node:crypto';
import { EventType } from '../contract';
import { parseUserId } from '../contract/validation/envelope';
import { classifyError, InternalError, MemberErasedError, RedemptionRefusedError, ValidationError } from '../errors';
import type { UserGameState } from '../engine/game/user-state';
import { levelFor } from '../engine/game/levels';
import type { GamificationEngine, GameSource } from '../engine/gamification-engine';
import { NotificationKind } from '../engine/notifications/notification';
import type { CatalogueItem } from '../engine/rules/compiled-game';
import { lockOnlyRequest, noMemberEffects, type EngineSession } from '../engine/store/engine-store';
import type { PostgresEngineStore } from '../engine/store/postgres-engine-store';
import type { SqlExecutor } from '../platform/database';
import { spendOldestFirst, type LotShare } from './coin-lots';
import { refusalFor } from './redemption-decision';
import { walletNotification } from './wallet-notifications';
import { WalletSql, type RedemptionRecord } from './wallet-sql';

export interface RedeemRewardInput {
  userId: string;
  rewardKey: string;
  /** A repeat with the same key returns the first redemption. */
  idempotencyKey: string;
}

export interface CancelRedemptionInput {
  userId: string;
  redemptionId: string;
  reason: string;
}

/** A redemption as callers see it; `duplicate` when the call repeated an earlier one and changed nothing. */
export type RedemptionResult = RedemptionRecord & { duplicate: boolean };

/** Longest idempotency key: the redemption's event id is `redemption:<key>`, at most 200 characters. */
const MAX_KEY_LENGTH = 150;
const REDEMPTION_EVENT_PREFIX = 'redemption:';

/**
 * Spending coins: redeeming catalogue rewards and cancelling redemptions. Each runs in ONE
 * PostgreSQL transaction under the member's lock (the profile row every change of the member
 * takes): the balance is read and debited under it, so it never goes below 0; an item's stock is
 * taken by a conditional update under its row lock, so it never goes below 0 either, whatever
 * the number of API processes. A redemption records a REWARD_REDEEMED event through the engine in
 * the same transaction (rules may react to it) and notifies the member and fulfilment systems.
 */
export class Wallet {
  constructor(
    private readonly store: PostgresEngineStore,
    private readonly engine: GamificationEngine,
    private readonly game: GameSource,
    private readonly options: { now?: () => Date } = {},
  ) {}

  /** Redeems a catalogue reward for its cost in coins; idempotent by key. Refusals: RedemptionRefusedError. */
  async redeem(input: RedeemRewardInput): Promise<RedemptionResult> {
    const userId = parseUserId(input.userId);
    if (!/^[\x21-\x7e]+$/.test(input.idempotencyKey) || input.idempotencyKey.length > MAX_KEY_LENGTH) {
      throw new ValidationError('idempotencyKey', `1 to ${MAX_KEY_LENGTH} printable characters without spaces`);
    }
    const game = this.game();
    const item = game.catalogue.get(input.rewardKey);
    const now = this.now();
    const record: RedemptionRecord = {
      id: randomUUID(),
      userId,
      idempotencyKey: input.idempotencyKey,
      rewardKey: input.rewardKey,
      cost: item?.cost ?? 0,
      status: 'REDEEMED',
      spentLots: [],
      eventId: `${REDEMPTION_EVENT_PREFIX}${input.idempotencyKey}`,
      redeemedAt: now,
      cancelledAt: null,
      cancelledBy: null,
      cancelReason: null,
    };
    const event = {
      id: record.eventId,
      type: EventType.REWARD_REDEEMED,
      userId,
      timestamp: now.toISOString(),
      data: { rewardKey: input.rewardKey, rewardId: record.id, coinsSpent: record.cost },
    };
    return this.inTransaction(async (session, tx) => {
      const sql = new WalletSql(tx);
      let member: UserGameState | undefined;
      const { outcome, prepared: earlier } = await this.engine.recordOwnEvent(session, event, async ({ states, erased }) => {
        if (erased.has(userId)) throw new MemberErasedError();
        const existing = await sql.redemptionByKey(userId, input.idempotencyKey);
        if (existing) return existing;
        member = states.get(userId)!;
        record.spentLots = await this.debit(sql, member, item, input.rewardKey, now);
        return null;
      });
      if (earlier) return { ...earlier, duplicate: true };
      if (outcome.status !== 'processed' || !member || !item) throw new InternalError(`redemption event ${record.eventId} was ${outcome.status}`);
      await sql.insertRedemption(record);
      await session.persistMember({
        ...noMemberEffects(member, now),
        totals: true,
        coins: [{ eventId: record.eventId, amount: -item.cost, reason: 'REDEEMED', sourceType: 'reward', sourceKey: item.key, remaining: 0, expiresAt: null }],
        notifications: [
          walletNotification(
            NotificationKind.REWARD_REDEEMED,
            userId,
            record.eventId,
            {
              amount: -item.cost,
              balance: member.coins,
              reward: { key: item.key, title: item.title, cost: item.cost },
              redemptionId: record.id,
              expiresAt: null,
            },
            now,
          ),
        ],
      });
      return { ...record, duplicate: false };
    });
  }

  /** Cancels a redemption: the coins go back into the lots they came from, the item back into stock. Idempotent. */
  async cancel(principal: string, input: CancelRedemptionInput): Promise<RedemptionResult> {
    const userId = parseUserId(input.userId);
    if (input.reason.trim().length === 0 || input.reason.length > 500) throw new ValidationError('reason', 'a reason of 1 to 500 characters');
    const game = this.game();
    return this.inTransaction(async (session, tx) => {
      const sql = new WalletSql(tx);
      const { states, erased } = await session.load(lockOnlyRequest([userId], levelFor(0, game.levels)));
      if (erased.has(userId)) throw new MemberErasedError();
      const redemption = await sql.redemptionById(userId, input.redemptionId);
      if (!redemption) throw new ValidationError('redemptionId', `member ${userId} has no redemption ${input.redemptionId}`);
      if (redemption.status === 'CANCELLED') return { ...redemption, duplicate: true };
      const now = this.now();
      const member = states.get(userId)!;
      const cancelled: RedemptionRecord = { ...redemption, status: 'CANCELLED', cancelledAt: now, cancelledBy: principal, cancelReason: input.reason };
      await sql.moveLots(userId, redemption.spentLots, 1);
      await sql.returnStock(redemption.rewardKey);
      await sql.markCancelled(cancelled);
      member.coins += redemption.cost;
      const eventId = `redemption-cancelled:${redemption.id}`;
      const title = game.catalogue.get(redemption.rewardKey)?.title ?? redemption.rewardKey;
      await session.persistMember({
        ...noMemberEffects(member, now),
        totals: true,
        coins: [{ eventId, amount: redemption.cost, reason: 'REFUNDED', sourceType: 'reward', sourceKey: redemption.rewardKey, remaining: 0, expiresAt: null }],
        notifications: [
          walletNotification(
            NotificationKind.REDEMPTION_CANCELLED,
            userId,
            eventId,
            {
              amount: redemption.cost,
              balance: member.coins,
              reward: { key: redemption.rewardKey, title, cost: redemption.cost },
              redemptionId: redemption.id,
              expiresAt: null,
            },
            now,
          ),
        ],
      });
      return { ...cancelled, duplicate: false };
    });
  }

  /** Decides under the member's lock, then takes the item from stock and the cost from the oldest coins. */
  private async debit(sql: WalletSql, member: UserGameState, item: CatalogueItem | undefined, rewardKey: string, now: Date): Promise<LotShare[]> {
    if (!item) throw new RedemptionRefusedError('NOT_AVAILABLE', `"${rewardKey}" is not in the catalogue`);
    const stockLeft = item.stock === undefined ? null : await sql.lockStock(item.key);
    const held = item.perMember === undefined ? 0 : await sql.held(member.userId, item.key);
    const refused = refusalFor(item, { now, balance: member.coins, held, stockLeft });
    if (refused) throw new RedemptionRefusedError(refused.refusal, refused.message);
    if (stockLeft !== null && !(await sql.takeStock(item.key))) throw new RedemptionRefusedError('OUT_OF_STOCK', `"${item.key}" is out of stock`);
    const spent = spendOldestFirst(await sql.openLots(member.userId), item.cost);
    await sql.moveLots(member.userId, spent, -1);
    member.coins -= item.cost;
    return spent;
  }

  private async inTransaction<T>(work: (session: EngineSession, tx: SqlExecutor) => Promise<T>): Promise<T> {
    try {
      return await this.store.transactionWithSql(work);
    } catch (error) {
      throw classifyError(error);
    }
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
