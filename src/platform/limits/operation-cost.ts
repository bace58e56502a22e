import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { LIMIT_ERROR_CODES } from './graphql-limit-rules';

/**
 * Every selected field costs 1, and a field with a `limit` argument (pointsHistory, leaderboard,
 * notifications) costs its selection that many times over: 1,000 aliased `pointsHistory(limit:
 * 200) { id }` cost 201,000, one costs 201. Lists without a `limit` are bounded by the rules file.
 */
const listSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const limit = args['limit'];
  return 1 + childComplexity * (typeof limit === 'number' && limit > 1 ? limit : 1);
};

/**
 * The cost of the operation with its variables (a `limit: $n` counts as the value of `$n`), or
 * undefined when the variables do not fit the operation (execution then refuses them itself).
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string | null): number | undefined {
  try {
    // No node cap of its own: the body limits (HTTP_MAX_BODY_BYTES, the WebSocket's maxPayload) bound documents already.
    return getComplexity({ schema, query: document, variables: variables ?? {}, operationName: operationName ?? undefined, estimators: [listSizeEstimator], maxQueryNodes: Number.MAX_SAFE_INTEGER });
  } catch (error) {
    if (error instanceof GraphQLError) return undefined;
    throw error;
  }
}

/** The refusal of an operation costlier than `maxCost` (QUERY_TOO_COMPLEX), or undefined. */
export function costRefusal(cost: number | undefined, maxCost: number): GraphQLError | undefined {
  if (cost === undefined || cost <= maxCost) return undefined;
  return new GraphQLError(`Query cost limit of ${maxCost} exceeded, found ${cost}.`, { extensions: { code: LIMIT_ERROR_CODES.cost } });
}
