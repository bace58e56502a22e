import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { OperationLimits } from '../platform/limits/operation-limits';
import { RateLimitedError } from '../platform/limits/rate-limited-error';
import type { GraphQLContext } from '../schema/context';

/** Applies the operation limits to `/graphql` requests: 400 for a costly operation, 429 with Retry-After over the read budget. */
export function operationLimitsPlugin(limits: OperationLimits): ApolloServerPlugin<GraphQLContext> {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ document, operationName, request, contextValue }) => {
        const refusal = await limits.refusal({ viewer: contextValue.viewer, document, operationName, variables: request.variables });
        if (!refusal) return;
        const rateLimited = refusal.originalError instanceof RateLimitedError ? refusal.originalError : undefined;
        const http = rateLimited ? { status: 429, headers: new HeaderMap([['retry-after', String(rateLimited.retryAfterSeconds)]]) } : { status: 400 };
        throw new GraphQLError(refusal.message, { originalError: refusal.originalError, extensions: { ...refusal.extensions, http } });
      },
    }),
  };
}
