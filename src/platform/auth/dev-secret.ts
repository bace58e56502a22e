import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Outside production, an install without JWT_SECRET gets a random secret kept under DATA_DIR,
 * so printed development tokens survive restarts. Production refuses to start without a key.
 */
export function developmentSecret(dataDir: string): string {
  const file = path.resolve(dataDir, 'dev-jwt-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString('hex');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
