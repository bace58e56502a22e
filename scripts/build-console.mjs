// Builds the admin console (console/) into dist/console when its sources changed since the
// last build, so `npm start` stays fast: type-check (tsc) then bundle (Vite).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const consoleDir = path.join(root, 'console');
const stamp = path.join(root, 'dist', 'console', '.sources');

/** Newest modification time under a path (files only). */
function newest(target) {
  const stats = statSync(target);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(0, ...readdirSync(target).map((entry) => newest(path.join(target, entry))));
}

const sourcesTime = String(Math.max(newest(consoleDir), newest(path.join(root, 'package-lock.json'))));
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === sourcesTime && process.argv[2] !== '--force') process.exit(0);

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
execFileSync(bin('tsc'), ['-p', path.join(consoleDir, 'tsconfig.json')], { stdio: 'inherit' });
execFileSync(bin('vite'), ['build', '--config', path.join(consoleDir, 'vite.config.mts'), '--logLevel', 'warn'], { stdio: 'inherit', cwd: consoleDir });
writeFileSync(stamp, sourcesTime);
