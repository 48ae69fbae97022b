#!/usr/bin/env bash
# Runs every test of the project and ends with the plain line "N passed, N failed".
# Installs what the tests need that npm does not bring (Debian's Chromium for the UI tests).
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-chromium.sh || echo "warning: could not install Chromium; browser tests will fail" >&2

mkdir -p test-artifacts
report=test-artifacts/vitest-report.json
rm -f "$report"
npx vitest run --reporter=default --reporter=json --outputFile.json="$report"
status=$?

if [ -f "$report" ]; then
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const failed = r.numFailedTests + (r.numFailedTestSuites > 0 && r.numFailedTests === 0 ? r.numFailedTestSuites : 0);
    const skipped = (r.numPendingTests || 0) + (r.numTodoTests || 0);
    console.log(`${r.numPassedTests} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
  ' "$report"
else
  echo "0 passed, 1 failed"
  [ "$status" -eq 0 ] && status=1
fi
exit $status
