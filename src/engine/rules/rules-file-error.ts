/** A rules file that cannot be used; the message names the file, the entry and the field. */
export class RulesFileError extends Error {
  override readonly name = 'RulesFileError';

  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`Rules file ${source} is invalid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}
