import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { graphqlLimitRules } from '../../../src/platform/limits/graphql-limit-rules';

const schema = buildSchema(`
  type Node { id: ID! name: String child: Node }
  type Query { node: Node nodes: [Node!]! }
`);

const check = (query: string, limits: { maxDepth: number; maxAliases?: number; introspection?: boolean }) =>
  validate(schema, parse(query), [...specifiedRules, ...graphqlLimitRules({ maxAliases: 15, introspection: true, ...limits })]).map((error) => ({ message: error.message, code: error.extensions['code'] }));

describe('graphqlLimitRules', () => {
  it('should pass an operation within the limits', () => {
    expect(check('{ node { id child { id } } }', { maxDepth: 3 })).toEqual([]);
  });

  it('should refuse an operation deeper than the limit with QUERY_TOO_DEEP', () => {
    expect(check('{ node { child { child { id } } } }', { maxDepth: 3 })).toEqual([
      { message: 'Query depth limit of 3 exceeded, found 4.', code: 'QUERY_TOO_DEEP' },
    ]);
  });

  it('should count fragments towards the depth', () => {
    const query = 'query { node { ...deep } } fragment deep on Node { child { child { id } } }';
    expect(check(query, { maxDepth: 3 }).map((error) => error.code)).toEqual(['QUERY_TOO_DEEP']);
  });

  it('should refuse more aliases than the limit with QUERY_TOO_MANY_ALIASES, counting those inside fragments', () => {
    const aliases = (count: number) => Array.from({ length: count }, (_, index) => `n${index}: node { id }`).join(' ');
    expect(check(`{ ${aliases(3)} }`, { maxDepth: 5, maxAliases: 3 })).toEqual([]);
    expect(check(`{ ${aliases(4)} }`, { maxDepth: 5, maxAliases: 3 }).map((error) => error.code)).toEqual(['QUERY_TOO_MANY_ALIASES']);
    expect(check(`{ a: node { ...f } } fragment f on Node { b: id c: name d: child { id } }`, { maxDepth: 5, maxAliases: 3 }).map((error) => error.code)).toEqual(['QUERY_TOO_MANY_ALIASES']);
  });

  it('should refuse __schema and __type with INTROSPECTION_DISABLED when introspection is off, and keep __typename', () => {
    const refused = check('{ __schema { queryType { name } } }', { maxDepth: 5, introspection: false });
    expect(refused[0]).toEqual({ message: 'GraphQL introspection has been disabled, but the requested query contained the field "__schema".', code: 'INTROSPECTION_DISABLED' });
    expect(new Set(refused.map((error) => error.code))).toEqual(new Set(['INTROSPECTION_DISABLED']));
    expect(check('{ __type(name: "Node") { name } }', { maxDepth: 5, introspection: false }).map((error) => error.code)).toEqual(['INTROSPECTION_DISABLED']);
    expect(check('{ node { __typename id } }', { maxDepth: 5, introspection: false })).toEqual([]);
    expect(check('{ __schema { queryType { name } } }', { maxDepth: 5, introspection: true })).toEqual([]);
  });
});
