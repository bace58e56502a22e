import { buildSchema, GraphQLError, type ValidationRule } from 'graphql';
import { SubscriptionDocuments } from '../../../src/http/subscription-documents';

const schema = buildSchema(`
  type Query { ok: Boolean }
  type Subscription { points(userId: ID!): Int }
`);
const POINTS = 'subscription P($userId: ID!) { points(userId: $userId) }';

/** A validation rule that counts the documents it was run on and refuses any operation named "Refused". */
function countingRule(): { rule: ValidationRule; runs: () => number } {
  let runs = 0;
  const rule: ValidationRule = (context) => {
    runs++;
    return {
      OperationDefinition(node) {
        if (node.name?.value === 'Refused') context.reportError(new GraphQLError('refused by the test rule', { nodes: node }));
      },
    };
  };
  return { rule, runs: () => runs };
}

describe('subscription documents', () => {
  it('should parse a document text once and hand every subscription the same tree', () => {
    const documents = new SubscriptionDocuments([]);
    const first = documents.parse(POINTS);
    expect(documents.parse(POINTS)).toBe(first);
    expect(documents.parse(POINTS.replace('P(', 'Q('))).not.toBe(first);
  });

  it('should validate a shared document once and give the same answer after', () => {
    const { rule, runs } = countingRule();
    const documents = new SubscriptionDocuments([rule]);
    const valid = documents.parse(POINTS);
    expect(documents.validate(schema, valid)).toEqual([]);
    expect(documents.validate(schema, valid)).toEqual([]);
    expect(runs()).toBe(1);

    const refused = documents.parse('subscription Refused { points(userId: "1") }');
    expect(documents.validate(schema, refused).map((error) => error.message)).toEqual(['refused by the test rule']);
    expect(documents.validate(schema, refused).map((error) => error.message)).toEqual(['refused by the test rule']);
    expect(runs()).toBe(2);
  });

  it('should throw the syntax error for text that does not parse, every time', () => {
    const documents = new SubscriptionDocuments([]);
    expect(() => documents.parse('subscription {')).toThrow(/Syntax Error/);
    expect(() => documents.parse('subscription {')).toThrow(/Syntax Error/);
  });
});
