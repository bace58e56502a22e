import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

describe('docs/event-contract.md', () => {
  it('should be what the generator prints from the built contract (run `npm run build && node scripts/event-contract-doc.js > docs/event-contract.md`)', () => {
    const generated = execFileSync(process.execPath, [path.join(ROOT, 'scripts/event-contract-doc.js')], { cwd: ROOT, encoding: 'utf8' });
    expect(readFileSync(path.join(ROOT, 'docs/event-contract.md'), 'utf8')).toBe(generated);
  });
});
