import { GraphQLError, Kind, visit, type DocumentNode, type GraphQLSchema, type ValueNode } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { LIMIT_ERROR_CODES } from './graphql-limit-rules';

/**
 * The field extension naming the largest `limit` its resolver serves: a larger one is refused
 * there (BAD_USER_INPUT naming `limit`), so it is charged no more than that maximum here.
 */
export const MAX_LIMIT_EXTENSION = 'maxLimit';

/**
 * Every selected field costs 1, and a field with a `limit` argument (pointsHistory, leaderboard,
 * notifications) costs its selection that many times over: 1,000 aliased `pointsHistory(limit:
 * 200) { id }` cost 201,000, one costs 201. Lists without a `limit` are bounded by the rules file.
 */
const listSizeEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const limit: unknown = args['limit'];
  const max: unknown = field.extensions?.[MAX_LIMIT_EXTENSION];
  const size = typeof limit === 'number' && limit > 1 ? (typeof max === 'number' ? Math.min(limit, max) : limit) : 1;
  return 1 + childComplexity * size;
};

/**
 * Operation costs under one schema. A document whose cost cannot change with its variables (no
 * variable in a `limit` or a directive, as in every `recordEvent`) is costed once: the doors
 * hand the same parsed document for the same text (Apollo's document store, SubscriptionDocuments).
 */
export class OperationCosts {
  private readonly fixed = new WeakMap<DocumentNode, Map<string, number>>();

  constructor(private readonly schema: GraphQLSchema) {}

  /**
   * The cost of the operation with its variables (a `limit: $n` counts as the value of `$n`), or
   * undefined when the variables do not fit the operation (execution then refuses them itself).
   */
  of(document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string | null): number | undefined {
    const known = this.fixed.get(document)?.get(operationName ?? '');
    if (known !== undefined) return known;
    const cost = this.compute(document, variables, operationName);
    if (cost !== undefined && !costDependsOnVariables(document)) {
      const byOperation = this.fixed.get(document) ?? new Map<string, number>();
      byOperation.set(operationName ?? '', cost);
      this.fixed.set(document, byOperation);
    }
    return cost;
  }

  private compute(document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string | null): number | undefined {
    try {
      // No node cap of its own: the body limits (HTTP_MAX_BODY_BYTES, the WebSocket's maxPayload) bound documents already.
      return getComplexity({
        schema: this.schema,
        query: document,
        variables: variables ?? {},
        operationName: operationName ?? undefined,
        estimators: [listSizeEstimator],
        maxQueryNodes: Number.MAX_SAFE_INTEGER,
      });
    } catch (error) {
      if (error instanceof GraphQLError) return undefined;
      throw error;
    }
  }
}

/** The refusal of an operation costlier than `maxCost` (QUERY_TOO_COMPLEX), or undefined. */
export function costRefusal(cost: number | undefined, maxCost: number): GraphQLError | undefined {
  if (cost === undefined || cost <= maxCost) return undefined;
  return new GraphQLError(`Query cost limit of ${maxCost} exceeded, found ${cost}.`, { extensions: { code: LIMIT_ERROR_CODES.cost } });
}

/** True when a variable feeds a `limit` argument or a directive (@skip, @include), the inputs of the cost. */
function costDependsOnVariables(document: DocumentNode): boolean {
  let depends = false;
  visit(document, {
    Argument: (node) => {
      if (node.name.value === 'limit' && containsVariable(node.value)) depends = true;
    },
    Directive: (node) => {
      if (node.arguments?.some((argument) => containsVariable(argument.value))) depends = true;
    },
  });
  return depends;
}

function containsVariable(value: ValueNode): boolean {
  if (value.kind === Kind.VARIABLE) return true;
  if (value.kind === Kind.LIST) return value.values.some(containsVariable);
  if (value.kind === Kind.OBJECT) return value.fields.some((field) => containsVariable(field.value));
  return false;
}
