import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EVENT_TYPES } from '../../src/contract';

/** One point for every event of every type, no caps, no achievements: the ledger must sum to the event count. */
export const ONE_POINT_EACH = `levels: [0]\nrules:\n${EVENT_TYPES.map((type) => `  - { id: ${type.toLowerCase()}, event: ${type}, points: 1 }`).join('\n')}\n`;

/** Writes a rules file (YAML text) to a fresh temp directory and returns its path. */
export function writeRulesFile(yaml: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'gamification-rules-')), 'rules.yaml');
  writeFileSync(file, yaml);
  return file;
}
