import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { classifyError, GamificationError } from '../errors';
import type { Logger } from '../platform/logger';
import { presentError } from './error-presenter';

/** graphql-js' hints naming fields, arguments, types and enum values of the schema. */
const SUGGESTION = / ?Did you mean .*\?$/;

/**
 * Gives every engine error a stable `extensions.code` (BAD_USER_INPUT, FORBIDDEN, ...), masks
 * server-side failures, and logs those with their stack. GraphQL's own errors pass through,
 * without their "Did you mean ...?" hints when `hideSuggestions` (a schema not introspectable
 * should not be guessable field by field either).
 */
export function createGraphqlErrorFormatter(logger: Logger, options: { hideSuggestions: boolean }) {
  const format = formatterFor(logger);
  if (!options.hideSuggestions) return format;
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = format(formatted, error);
    return SUGGESTION.test(result.message) ? { ...result, message: result.message.replace(SUGGESTION, '') } : result;
  };
}

function formatterFor(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const isEngineError = original instanceof GamificationError;
    const ownCode = validationRuleCode(formatted, error);
    if (ownCode) return { ...formatted, extensions: { ...formatted.extensions, code: ownCode } };
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

/** Apollo labels every validation error GRAPHQL_VALIDATION_FAILED; a limit rule's own code (QUERY_TOO_DEEP...) is clearer. */
function validationRuleCode(formatted: GraphQLFormattedError, error: unknown): string | undefined {
  if (formatted.extensions?.code !== 'GRAPHQL_VALIDATION_FAILED' || !(error instanceof GraphQLError)) return undefined;
  const code = error.originalError instanceof GraphQLError ? error.originalError.extensions['code'] : undefined;
  return typeof code === 'string' && code !== 'GRAPHQL_VALIDATION_FAILED' ? code : undefined;
}
