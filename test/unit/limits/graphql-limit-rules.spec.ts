import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { graphqlLimitRules } from '../../../src/platform/limits/graphql-limit-rules';

const schema = buildSchema(`
  type Node { id: ID! name: String child: Node }
  type Query { node: Node nodes: [Node!]! }
`);

const check = (query: string, limits: { maxDepth: number; maxCost: number }) =>
  validate(schema, parse(query), [...specifiedRules, ...graphqlLimitRules(limits)]).map((error) => ({ message: error.message, code: error.extensions['code'] }));

describe('graphqlLimitRules', () => {
  it('should pass an operation within both limits', () => {
    expect(check('{ node { id child { id } } }', { maxDepth: 3, maxCost: 100 })).toEqual([]);
  });

  it('should refuse an operation deeper than the limit with QUERY_TOO_DEEP', () => {
    expect(check('{ node { child { child { id } } } }', { maxDepth: 3, maxCost: 1000 })).toEqual([
      { message: 'Query depth limit of 3 exceeded, found 4.', code: 'QUERY_TOO_DEEP' },
    ]);
  });

  it('should count fragments towards the depth', () => {
    const query = 'query { node { ...deep } } fragment deep on Node { child { child { id } } }';
    expect(check(query, { maxDepth: 3, maxCost: 1000 }).map((error) => error.code)).toEqual(['QUERY_TOO_DEEP']);
  });

  it('should refuse an operation costlier than the limit with QUERY_TOO_COMPLEX', () => {
    const aliases = Array.from({ length: 20 }, (_, index) => `n${index}: node { id name }`).join(' ');
    const errors = check(`{ ${aliases} }`, { maxDepth: 5, maxCost: 50 });
    expect(errors.map((error) => error.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(errors[0].message).toMatch(/^Query Cost limit of 50 exceeded, found \d+\.$/);
  });
});
