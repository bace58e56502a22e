import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, isAbstractType } from 'graphql';

const ROOT = path.resolve(__dirname, '../../..');

/** The `possibleTypes: { ... }` object of docs/client-authors.md, as written there. */
function documentedPossibleTypes(): Record<string, string[]> {
  const doc = readFileSync(path.join(ROOT, 'docs/client-authors.md'), 'utf8');
  const match = /possibleTypes: (\{[^}]*\}),/.exec(doc);
  if (!match) throw new Error('docs/client-authors.md has no possibleTypes block');
  return JSON.parse(match[1]) as Record<string, string[]>;
}

describe('docs/client-authors.md', () => {
  it("should list every interface's and union's concrete types in Apollo Client's possibleTypes", () => {
    const schema = buildSchema(readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8'));
    const abstractTypes = Object.values(schema.getTypeMap()).filter((type) => isAbstractType(type) && !type.name.startsWith('__'));
    const expected = Object.fromEntries(abstractTypes.map((type) => [type.name, schema.getPossibleTypes(type as never).map((concrete) => concrete.name).sort()]));
    const documented = Object.fromEntries(Object.entries(documentedPossibleTypes()).map(([name, types]) => [name, [...types].sort()]));
    expect(documented).toEqual(expected);
  });
});
