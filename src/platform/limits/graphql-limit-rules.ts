import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, NoSchemaIntrospectionCustomRule, type ValidationContext, type ValidationRule } from 'graphql';

/** Codes a client sees in `extensions.code` when an operation is refused before it runs. */
export const LIMIT_ERROR_CODES = {
  depth: 'QUERY_TOO_DEEP',
  cost: 'QUERY_TOO_COMPLEX',
  aliases: 'QUERY_TOO_MANY_ALIASES',
  introspection: 'INTROSPECTION_DISABLED',
} as const;

export interface GraphqlLimits {
  maxDepth: number;
  maxAliases: number;
  /** When false, `__schema` and `__type` are refused (INTROSPECTION_DISABLED). */
  introspection: boolean;
}

/**
 * Validation rules both transports (HTTP and graphql-ws) run on every document: graphql-armor's
 * depth and alias limits and, when introspection is off, graphql's own introspection ban; each
 * refusal carries its own code. The cost limit needs the variables: see operation-cost.ts.
 */
export function graphqlLimitRules(limits: GraphqlLimits): ValidationRule[] {
  const reportWith = (code: string) => [
    (context: ValidationContext | null, error: GraphQLError) => context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code } })),
  ];
  return [
    maxDepthRule({ n: limits.maxDepth, propagateOnRejection: false, onReject: reportWith(LIMIT_ERROR_CODES.depth) }),
    maxAliasesRule({ n: limits.maxAliases, propagateOnRejection: false, onReject: reportWith(LIMIT_ERROR_CODES.aliases) }),
    ...(limits.introspection ? [] : [withCode(NoSchemaIntrospectionCustomRule, LIMIT_ERROR_CODES.introspection)]),
  ] as ValidationRule[];
}

/** `rule` with `code` on each error it reports. */
function withCode(rule: ValidationRule, code: string): ValidationRule {
  return (context) =>
    rule(
      Object.create(context, {
        reportError: { value: (error: GraphQLError) => context.reportError(new GraphQLError(error.message, { nodes: error.nodes, extensions: { code } })) },
      }) as ValidationContext,
    );
}
