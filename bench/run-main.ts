/**
 * Runs a bench's `main` and ends the process with its outcome: exit 0 when it resolves (whatever
 * connections or timers are still open), exit 1 with the stack on stderr when it throws.
 */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}

/** A line of the bench's report, on stdout (progress goes to stderr). */
export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}
