import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';

/** Codes a client sees in `extensions.code` when an operation is refused before it runs. */
export const LIMIT_ERROR_CODES = { depth: 'QUERY_TOO_DEEP', cost: 'QUERY_TOO_COMPLEX' } as const;

/**
 * Validation rules (graphql-armor) that refuse operations nested deeper than `maxDepth` or
 * costlier than `maxCost`, for HTTP and WebSocket alike; each refusal carries its own code.
 */
export function graphqlLimitRules(limits: { maxDepth: number; maxCost: number }): ValidationRule[] {
  const reportWith = (code: string) => [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code } })),
  ];
  return [
    maxDepthRule({ n: limits.maxDepth, propagateOnRejection: false, onReject: reportWith(LIMIT_ERROR_CODES.depth) }),
    costLimitRule({ maxCost: limits.maxCost, propagateOnRejection: false, onReject: reportWith(LIMIT_ERROR_CODES.cost) }),
  ] as ValidationRule[];
}
