import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { classifyError, GamificationError } from '../engine/errors';
import type { Logger } from '../platform/logger';
import { presentError } from './error-presenter';

/**
 * Gives every engine error a stable `extensions.code` (BAD_USER_INPUT, FORBIDDEN, ...), masks
 * server-side failures, and logs those with their stack. GraphQL's own errors pass through.
 */
export function createGraphqlErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const isEngineError = original instanceof GamificationError;
    if (!isEngineError && formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
    const classified = isEngineError ? original : classifyError(original);
    const presented = presentError(classified);
    if (presented.status >= 500) {
      logger.error({ errorMessage: classified.message, errorCategory: classified.category, stack: classified.stack, path: formatted.path }, 'request failed');
    }
    return {
      message: presented.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: {
        code: presented.code,
        category: presented.category,
        ...(presented.field !== undefined ? { field: presented.field } : {}),
      },
    };
  };
}
