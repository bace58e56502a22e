import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { parse as parseYaml } from 'yaml';
import { schemaSdl } from '../../../src/commands/schema';

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe('the committed GraphQL artefacts', () => {
  it('should match the schema the code builds (run `npm run schema` after changing the API)', async () => {
    expect(read('schema.graphql')).toBe(await schemaSdl());
  });

  it('should have client operations generated from the committed schema (run `npm run schema`)', async () => {
    const config = parseYaml(read('codegen.yml')) as { generates: Record<string, object>; documents: string };
    const [output] = await generate(
      {
        cwd: ROOT,
        schema: path.join(ROOT, 'schema.graphql'),
        documents: path.join(ROOT, config.documents),
        generates: config.generates as never,
        silent: true,
      },
      false,
    );
    expect(read(output.filename.startsWith('/') ? path.relative(ROOT, output.filename) : output.filename)).toBe(output.content);
  });

  it('should expose the contract named in the API issue', async () => {
    const sdl = await schemaSdl();
    for (const fragment of [
      'recordEvent(event: RecordEventInput!): EventResult!',
      'profile(userId: ID!): GameProfile',
      'achievements(userId: ID!): [UserAchievement!]!',
      'quests(userId: ID!): [UserQuest!]!',
      'input RecordEventInput',
      'data: JSON!',
      'timestamp: DateTime',
    ]) {
      expect(sdl).toContain(fragment);
    }
  });
});
