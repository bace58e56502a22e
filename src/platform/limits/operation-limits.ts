import { getOperationAST, GraphQLError, OperationTypeNode, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Viewer } from '../auth/viewer';
import { costRefusal, OperationCosts } from './operation-cost';
import { RateLimitedError } from './rate-limited-error';
import type { ReadRateLimit } from './read-rate-limit';

/** A parsed and validated operation, about to run for `viewer`. */
export interface OperationRequest {
  viewer: Viewer;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown>;
}

/**
 * What an operation must pass once its variables are known, on HTTP and graphql-ws alike: the
 * cost limit (list sizes multiply), then, for queries, the caller's read budget.
 */
export class OperationLimits {
  private readonly costs: OperationCosts;

  constructor(
    schema: GraphQLSchema,
    private readonly options: { maxCost: number; reads: ReadRateLimit },
  ) {
    this.costs = new OperationCosts(schema);
  }

  /** The refusal (QUERY_TOO_COMPLEX, RATE_LIMITED with the RateLimitedError as originalError), or undefined. */
  async refusal(request: OperationRequest): Promise<GraphQLError | undefined> {
    const tooCostly = costRefusal(this.costs.of(request.document, request.variables, request.operationName), this.options.maxCost);
    if (tooCostly) return tooCostly;
    if (getOperationAST(request.document, request.operationName)?.operation !== OperationTypeNode.QUERY) return undefined;
    try {
      await this.options.reads.consume(request.viewer);
      return undefined;
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      return new GraphQLError(error.message, { originalError: error, extensions: { code: error.code } });
    }
  }
}
