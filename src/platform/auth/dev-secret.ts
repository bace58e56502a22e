import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Outside production, an install without JWT_SECRET (or MEMBER_DATA_KEY) gets a random secret
 * kept under DATA_DIR in `fileName`, so printed development tokens and pseudonyms survive
 * restarts. Production refuses to start without its keys.
 */
export function developmentSecret(dataDir: string, fileName = 'dev-jwt-secret'): string {
  const file = path.resolve(dataDir, fileName);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString('hex');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
