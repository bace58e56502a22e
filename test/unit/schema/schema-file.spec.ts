import { readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse as parseYaml } from 'yaml';
import { schemaSdl } from '../../../src/commands/schema';

const ROOT = path.resolve(__dirname, '../../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe('the committed GraphQL artefacts', () => {
  it('should match the schema the code builds (run `npm run schema` after changing the API)', async () => {
    expect(read('schema.graphql')).toBe(await schemaSdl());
  });

  it('should have client operations (the app kit and the admin console) generated from the committed schema (run `npm run schema`)', () => {
    // In a process of its own: the admin console's typed-document-node plugin is loaded as an ES module, which Jest's loader cannot.
    const check = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/@graphql-codegen/cli/cjs/bin.js'), '--config', 'codegen.yml', '--check', '--silent'], { cwd: ROOT, encoding: 'utf8' });
    expect({ status: check.status, output: check.stdout + check.stderr }).toEqual({ status: 0, output: expect.any(String) });
    const outputs = Object.keys((parseYaml(read('codegen.yml')) as { generates: Record<string, unknown> }).generates);
    expect(outputs).toEqual(['client/generated/graphql.ts', 'console/src/generated/graphql.ts']);
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
