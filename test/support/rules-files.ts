import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Writes a rules file (YAML text) to a fresh temp directory and returns its path. */
export function writeRulesFile(yaml: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'gamification-rules-')), 'rules.yaml');
  writeFileSync(file, yaml);
  return file;
}
