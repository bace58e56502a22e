import { LRUCache } from 'lru-cache';
import { parse, validate, type DocumentNode, type GraphQLError, type GraphQLSchema, type Source, type ValidationRule } from 'graphql';

/** Characters of distinct subscription documents kept parsed (least recently used dropped first). */
const MAX_CACHED_SOURCE_CHARS = 4 * 1024 * 1024;

/**
 * Parse and validate for graphql-ws, once per distinct document text: thousands of apps send
 * the same few subscription documents, and graphql-ws alone would parse each subscription's
 * copy and keep its syntax tree (tokens and locations, ~7 KB) for the subscription's life,
 * which is garbage-collector work on every subscriber. Validation depends only on the schema,
 * the rules and the document, so a shared document's result is reused too.
 */
export class SubscriptionDocuments {
  private readonly parsed = new LRUCache<string, DocumentNode>({ maxSize: MAX_CACHED_SOURCE_CHARS, sizeCalculation: (_document, source) => Math.max(1, source.length) });
  private readonly validated = new WeakMap<DocumentNode, readonly GraphQLError[]>();

  constructor(private readonly rules: readonly ValidationRule[]) {}

  /** Throws graphql's syntax error for text that does not parse (not cached). */
  parse(source: string | Source): DocumentNode {
    const text = typeof source === 'string' ? source : source.body;
    const cached = this.parsed.get(text);
    if (cached) return cached;
    const document = parse(text);
    this.parsed.set(text, document);
    return document;
  }

  validate(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[] {
    const known = this.validated.get(document);
    if (known) return known;
    const errors = validate(schema, document, this.rules);
    this.validated.set(document, errors);
    return errors;
  }
}
