import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO = path.resolve(__dirname, '../../..');

/**
 * A producer installs the packed tarball and imports the package by name. The consumer project
 * lives inside the repository so that the package's own dependencies (zod, luxon, semver)
 * resolve from the repository's node_modules, as npm would have installed them beside it.
 */
describe('the package entry point, from a packed tarball', () => {
  let consumer: string;

  beforeAll(async () => {
    consumer = mkdtempSync(path.join(REPO, '.package-test-'));
    await run('npm', ['pack', '--silent', '--pack-destination', consumer], { cwd: REPO });
    const tarball = readdirSync(consumer).find((name) => name.endsWith('.tgz'))!;
    const installed = path.join(consumer, 'node_modules', 'health-gamification-engine');
    mkdirSync(installed, { recursive: true });
    await run('tar', ['-xzf', path.join(consumer, tarball), '-C', installed, '--strip-components=1']);
    writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'producer', private: true }));
  }, 120_000);

  afterAll(() => rmSync(consumer, { recursive: true, force: true }));

  const producerSource = (importLine: string) => `${importLine}
const event = createTestEvent(EventType.HEALTH_METRIC_RECORDED, { userId: '7d1f7f53-7a8e-4a55-9b1e-5a4f1b0b2c11' });
const verdict = validateEvent(event);
const refused = validateEvent({ ...event, type: 'NOT_A_TYPE' });
console.log(JSON.stringify({ type: event.type, valid: verdict.ok, refused: refused.ok, reason: refused.ok ? null : refused.error.field, journey: journeyOfType(EventType.CLAIM_SUBMITTED) }));
`;
  const expected = { type: 'HEALTH_METRIC_RECORDED', valid: true, refused: false, reason: 'type', journey: 'plan' };

  it('should be required by name from CommonJS', async () => {
    writeFileSync(path.join(consumer, 'producer.cjs'), producerSource(`const { createTestEvent, EventType, validateEvent, journeyOfType } = require('health-gamification-engine');`));
    const { stdout } = await run('node', ['producer.cjs'], { cwd: consumer });
    expect(JSON.parse(stdout)).toEqual(expected);
  });

  it('should be imported by name from an ES module, and from its subpaths', async () => {
    writeFileSync(
      path.join(consumer, 'producer.mjs'),
      producerSource(`import { createTestEvent, EventType, validateEvent } from 'health-gamification-engine';
import { journeyOfType } from 'health-gamification-engine/contract';
import { createTestEvent as fromKit } from 'health-gamification-engine/kit';
if (fromKit !== createTestEvent) throw new Error('the kit subpath is another module');`),
    );
    const { stdout } = await run('node', ['producer.mjs'], { cwd: consumer });
    expect(JSON.parse(stdout)).toEqual(expected);
  });

  it('should give a TypeScript producer its types', async () => {
    writeFileSync(
      path.join(consumer, 'producer.ts'),
      `import { createTestEvent, EventType, type BaseEvent } from 'health-gamification-engine';
const event: BaseEvent = createTestEvent(EventType.CLAIM_SUBMITTED);
export const userId: string = event.userId;
// @ts-expect-error an unknown event type is a compile error for producers
createTestEvent('NOT_A_TYPE');
`,
    );
    const tsc = path.join(REPO, 'node_modules', '.bin', 'tsc');
    const compilerErrors = await run(tsc, ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--skipLibCheck', 'producer.ts'], { cwd: consumer }).then(
      () => '',
      (error: { stdout: string }) => error.stdout,
    );
    expect(compilerErrors).toBe('');
  }, 60_000);
});
