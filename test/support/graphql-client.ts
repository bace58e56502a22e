/** A GraphQL response as a client sees it. */
export interface GraphQLResponse<Data = Record<string, unknown>> {
  status: number;
  data?: Data | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; field?: string; [key: string]: unknown } }[];
}

/** POSTs one operation to `<baseUrl>/graphql` like an app would. */
export async function graphql<Data = Record<string, any>>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLResponse<Data>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<Data>, 'status'>;
  return { status: response.status, ...body };
}

export const RECORD_EVENT = `
  mutation Record($event: RecordEventInput!) {
    recordEvent(event: $event) {
      eventId duplicate pointsAwarded totalPoints level
      unlockedAchievements { key title points }
      completedQuests { key title points }
      rewardsGranted { key title }
    }
  }`;
