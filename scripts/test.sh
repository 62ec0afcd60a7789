#!/usr/bin/env bash
# npm test: the suite in two lines side by side, each one test file at a time (the two cores of a small
# CI machine), each vitest with its own Redis and simulator (tests/global-setup.ts):
#   proofs — tests/proofs/ (the night soaks, the crash and fault proofs);
#   tests  — every other test, in one shared module cache (vitest.config.ts says why).
# No two proofs run at once. Arguments go to both (a file filter: the line without it finds nothing, and passes).
# The proofs' output is prefixed "[proofs]". Exit 0 only when both lines pass.
set -uo pipefail
cd "$(dirname "$0")/.."
npx vitest run --project proofs --passWithNoTests "$@" > >(sed -u 's/^/[proofs] /') 2>&1 &
proofs=$!
npx vitest run --project tests --passWithNoTests "$@"
tests=$?
wait "$proofs"
proofs=$?
echo "npm test: tests line exit $tests, proofs line exit $proofs"
[ "$tests" -eq 0 ] && [ "$proofs" -eq 0 ]
