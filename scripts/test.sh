#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine and ends with "N passed, M failed" counted from the test results.
#   scripts/test.sh          every test (what CI runs)
#   scripts/test.sh --fast   skips tests marked [Trait("Category", "Slow")]
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

filter=()
if [[ "${1:-}" == "--fast" ]]; then
  filter=(--filter "Category!=Slow")
fi

# Integration tests start their own Redis and PostgreSQL servers and drive a headless chromium, all from Debian's
# packages; install them if missing.
if ! scripts/services.sh install; then
  echo "could not install Redis and PostgreSQL"
  echo "0 passed, 0 failed"
  exit 1
fi

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

if ! dotnet build Cereon.Orleans.sln -c Release -nologo -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 0 failed"
  exit 1
fi

# A hung test would otherwise eat CI's whole budget: blame-hang dumps and aborts it instead.
dotnet test Cereon.Orleans.sln -c Release --no-build -nologo \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" --blame-hang-timeout 5m "${filter[@]}"
status=$?

counters="$(grep -ho '<Counters [^>]*>' "$results"/*.trx 2>/dev/null | head -n 1)"
count() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
passed="$(count passed)"; failed="$(count failed)"; total="$(count total)"; executed="$(count executed)"
passed="${passed:-0}"; failed="${failed:-0}"; skipped=$(( ${total:-0} - ${executed:-0} ))
if [[ -z "$counters" ]]; then
  echo "no test results were written"
  status=1
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [[ "$failed" != "0" ]]; then status=1; fi
exit "$status"
