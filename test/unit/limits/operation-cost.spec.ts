import { buildSchema, parse } from 'graphql';
import { costRefusal, OperationCosts } from '../../../src/platform/limits/operation-cost';

const schema = buildSchema(`
  type Line { id: ID! points: Int! }
  type Board { key: String! entries: [Line!]! }
  type Query { history(limit: Int! = 20): [Line!]! board(limit: Int! = 10): Board! profile: Line }
`);

const costOf = (query: string, variables?: Record<string, unknown>) => new OperationCosts(schema).of(parse(query), variables);

describe('OperationCosts', () => {
  it.each([
    ['a field without a limit costs 1 plus its selection', '{ profile { id points } }', undefined, 3],
    ['a limit multiplies what it selects', '{ history(limit: 200) { id points } }', undefined, 401],
    ['the default limit counts when none is given', '{ history { id } }', undefined, 21],
    ['a variable limit counts as its value', 'query Q($n: Int!) { history(limit: $n) { id } }', { n: 150 }, 151],
    ['a limit on an object multiplies its whole selection', '{ board(limit: 100) { key entries { id } } }', undefined, 1 + 100 * (1 + 2)],
    ['every alias counts', '{ a: history(limit: 200) { id } b: history(limit: 200) { id } }', undefined, 402],
    ['fragments count where they are spread', '{ history(limit: 10) { ...f } } fragment f on Line { id points }', undefined, 21],
    ['fields skipped by @skip do not count', '{ history(limit: 10) @skip(if: true) { id } profile { id } }', undefined, 2],
  ])('%s', (_case, query, variables, expected) => {
    expect(costOf(query, variables)).toBe(expected);
  });

  it('should count the alias attack of issue 10 in the hundreds of thousands', () => {
    const aliases = Array.from({ length: 1000 }, (_, index) => `h${index}: history(limit: 200) { id points }`).join(' ');
    expect(costOf(`{ ${aliases} }`)).toBe(1000 * 401);
  });

  it('should leave variables that do not fit the operation to execution (undefined)', () => {
    expect(costOf('query Q($n: Int!) { history(limit: $n) { id } }', { n: 'many' })).toBeUndefined();
    expect(costOf('query Q($n: Int!) { history(limit: $n) { id } }', {})).toBeUndefined();
  });

  it('should cost a document again for new variables only when they feed a limit or a directive', () => {
    const costs = new OperationCosts(schema);
    const variableLimit = parse('query Q($n: Int!) { history(limit: $n) { id } }');
    expect([costs.of(variableLimit, { n: 10 }), costs.of(variableLimit, { n: 100 })]).toEqual([11, 101]);
    const skipped = parse('query Q($s: Boolean!) { history(limit: 10) @skip(if: $s) { id } profile { id } }');
    expect([costs.of(skipped, { s: true }), costs.of(skipped, { s: false })]).toEqual([2, 13]);
    // $n feeds no limit: costed once, the same for any later variables.
    const fixed = parse('query Q($n: Int!) { history(limit: 5) { id } }');
    expect([costs.of(fixed, { n: 2 }), costs.of(fixed, { n: 'many' })]).toEqual([6, 6]);
  });
});

describe('costRefusal', () => {
  it('should refuse a cost over the maximum with QUERY_TOO_COMPLEX naming both, and pass the rest', () => {
    expect(costRefusal(5001, 5000)).toMatchObject({ message: 'Query cost limit of 5000 exceeded, found 5001.', extensions: { code: 'QUERY_TOO_COMPLEX' } });
    expect(costRefusal(5000, 5000)).toBeUndefined();
    expect(costRefusal(undefined, 5000)).toBeUndefined();
  });
});
