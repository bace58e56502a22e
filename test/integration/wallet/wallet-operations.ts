import { randomUUID } from 'node:crypto';
import { graphql, type GraphQLResponse } from '../../support/graphql-client';

/** The wallet's GraphQL operations, as an app and an admin dashboard send them. */
export const WALLET = `
  query Wallet($userId: ID!, $limit: Int!) {
    wallet(userId: $userId) {
      balance
      expiring { amount expiresAt }
      history(limit: $limit) { amount reason sourceType sourceKey eventId createdAt }
      redemptions(limit: $limit) { id status cost reward { key title } }
    }
  }`;

export const REDEEM = `
  mutation Redeem($input: RedeemRewardInput!) {
    redeemReward(input: $input) { id userId idempotencyKey reward { key title } cost status eventId redeemedAt cancelledAt cancelReason duplicate }
  }`;

export const CANCEL = `
  mutation Cancel($input: CancelRedemptionInput!) {
    cancelRedemption(input: $input) { id status cost cancelledAt cancelReason duplicate }
  }`;

export const CATALOGUE = `query { rewardCatalogue { key title cost stockLeft perMember availableFrom availableUntil available } }`;

export const RECORD = `mutation($event: RecordEventInput!) { recordEvent(event: $event) { eventId pointsAwarded coinsAwarded totalPoints } }`;

/** Records one DAILY_LOGIN for the member (its own token), returning the result. */
export async function login(baseUrl: string, userId: string, token: string): Promise<{ coinsAwarded: number }> {
  const response = await graphql(baseUrl, RECORD, { event: { id: randomUUID(), type: 'DAILY_LOGIN', userId, data: {} } }, token);
  if (response.errors) throw new Error(`recordEvent failed: ${JSON.stringify(response.errors)}`);
  return response.data!.recordEvent;
}

/** A redemption as {@link REDEEM} selects it. */
export interface Redemption {
  id: string;
  userId: string;
  idempotencyKey: string;
  reward: { key: string; title: string };
  cost: number;
  status: string;
  eventId: string;
  redeemedAt: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  duplicate: boolean;
}

export function redeem(
  baseUrl: string,
  token: string,
  input: { userId: string; rewardKey: string; idempotencyKey?: string },
): Promise<GraphQLResponse<{ redeemReward: Redemption }>> {
  return graphql(baseUrl, REDEEM, { input: { idempotencyKey: randomUUID(), ...input } }, token);
}

export async function walletOf(baseUrl: string, userId: string, token: string, limit = 50) {
  const response = await graphql(baseUrl, WALLET, { userId, limit }, token);
  if (response.errors) throw new Error(`wallet failed: ${JSON.stringify(response.errors)}`);
  return response.data!.wallet as {
    balance: number;
    expiring: { amount: number; expiresAt: string }[];
    history: { amount: number; reason: string; sourceType: string; sourceKey: string; eventId: string; createdAt: string }[];
    redemptions: { id: string; status: string; cost: number; reward: { key: string; title: string } }[];
  };
}

export async function stockLeft(baseUrl: string, token: string, rewardKey: string): Promise<number | null> {
  const response = await graphql(baseUrl, CATALOGUE, {}, token);
  return response.data!.rewardCatalogue.find((item: { key: string }) => item.key === rewardKey).stockLeft;
}
