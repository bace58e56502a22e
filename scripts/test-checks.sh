#!/usr/bin/env bash
# The steps `npm test` runs before Jest, all at once: each is one process on one core (type-aware
# ESLint, the tsc build and type-checks, dependency-cruiser, the Kafka broker's JVM start), so on a 2-core
# machine running them side by side takes about the longest one instead of their sum. Each step's
# output is printed whole when all are done, with its wall time; the script fails when any step
# failed (after printing them all).
#
#   bash scripts/test-checks.sh
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

STEPS=(lint:deps lint build types kafka)
command_of() {
  case "$1" in
    lint:deps) npm run lint:deps --silent ;;
    lint) npm run lint --silent ;;
    build) npm run build --silent ;;
    # Jest only transpiles (tsconfig.jest.json), so the tests' types are checked here, with the
    # benches'. Incremental like the build: only what changed since the last run is checked again.
    types) npx tsc -p tsconfig.test.json && npx tsc -p tsconfig.browser-test.json ;;
    kafka) bash scripts/kafka.sh start ;;
  esac
}

for step in "${STEPS[@]}"; do
  (
    started=$SECONDS
    command_of "$step" >"$OUT/$step.log" 2>&1
    status=$?
    printf '%s %s\n' "$status" "$((SECONDS - started))" >"$OUT/$step.status"
  ) &
done
wait

failed=()
for step in "${STEPS[@]}"; do
  read -r status seconds <"$OUT/$step.status"
  printf '── %s: %s in %ss\n' "$step" "$([[ $status == 0 ]] && echo ok || echo "FAILED (exit $status)")" "$seconds"
  [[ -s "$OUT/$step.log" ]] && cat "$OUT/$step.log"
  [[ $status == 0 ]] || failed+=("$step")
done
if ((${#failed[@]} > 0)); then
  printf 'failed: %s\n' "${failed[*]}" >&2
  exit 1
fi
