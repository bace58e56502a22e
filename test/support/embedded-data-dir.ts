import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const REPO_ROOT = path.resolve(__dirname, '../..');
const PGLITE_VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }).version;
/** One freshly initialised PGlite cluster per PGlite version on this machine, copied for every suite. */
const TEMPLATE = path.join(tmpdir(), `gamification-pglite-template-${PGLITE_VERSION}`);

/**
 * A new DATA_DIR for the embedded database (`<dir>/pg`, where the app opens PGlite), already
 * holding a freshly initialised, cleanly shut down cluster: a copy of one PGlite initialised
 * once, since initialising a cluster costs seconds of CPU each time and copying it 40 MB of I/O.
 * The app then finds an empty cluster, as on a first start, and runs its migrations on it.
 */
export async function embeddedDataDir(prefix: string): Promise<string> {
  if (!existsSync(TEMPLATE)) await createTemplate();
  const dataDir = mkdtempSync(path.join(tmpdir(), prefix));
  cpSync(TEMPLATE, path.join(dataDir, 'pg'), { recursive: true });
  return dataDir;
}

/**
 * Initialises the template in a process of its own (PGlite cannot load inside Jest's VM), in a
 * scratch directory renamed into place when complete, so suites initialising it at once in
 * parallel workers never copy a half-written one (the later rename loses and is discarded).
 */
async function createTemplate(): Promise<void> {
  const scratch = mkdtempSync(`${TEMPLATE}.partial-`);
  try {
    const initialise = "require('@electric-sql/pglite').PGlite.create(process.argv[1]).then((db) => db.close())";
    await promisify(execFile)(process.execPath, ['-e', initialise, scratch], { cwd: REPO_ROOT });
    renameSync(scratch, TEMPLATE);
  } catch (error) {
    if (!existsSync(TEMPLATE)) throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
