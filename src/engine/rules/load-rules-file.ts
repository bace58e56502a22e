import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { compileGame } from './compile-game';
import type { CompiledGame } from './compiled-game';
import { readRulesText } from './parse-rules';
import type { RulesDocument } from './rules-document';
import { RulesFileError } from './rules-file-error';

/** The rules file that ships with the engine, used when RULES_FILE is not set. */
export const DEFAULT_RULES_FILE = path.resolve(__dirname, '../../../rules/default.yaml');

export interface LoadedRules {
  source: string;
  document: RulesDocument;
  game: CompiledGame;
}

/** Reads, validates and compiles a rules file (YAML or JSON); throws RulesFileError naming what is wrong. */
export async function loadRulesFile(file: string = DEFAULT_RULES_FILE): Promise<LoadedRules> {
  const source = path.resolve(file);
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    throw new RulesFileError(source, [{ path: '', message: `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }]);
  }
  return { source, ...compileRulesText(text, source) };
}

/** Parses, checks and compiles rules text: every problem, of shape or of meaning, with its line where the text places it. */
export function compileRulesText(text: string, source: string): { document: RulesDocument; game: CompiledGame } {
  const { document, place } = readRulesText(text, source);
  try {
    return { document, game: compileGame(document, source) };
  } catch (error) {
    if (error instanceof RulesFileError) throw new RulesFileError(source, place(error.problems));
    throw error;
  }
}
