#!/usr/bin/env bash
# Soak of the kill -9 / SIGTERM tests: runs OrphanedFfmpegIT (an engine JVM killed mid-encode and
# restarted, with and without setpriv) and InterruptedCommandIT (mediaflow run/plan/probe killed or
# interrupted) ROUNDS times in a row and counts the rounds that failed. See docs/decisions.md,
# "Programs do not outlive a killed mediaflow". Rounds: first argument or MEDIAFLOW_SOAK_ROUNDS
# (default 20); further arguments go to Maven. Each round's Maven log: samples/target/soak/N.log.
set -uo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-${MEDIAFLOW_SOAK_ROUNDS:-20}}"
shift || true
mkdir -p samples/target/soak
failed=0
for ((n = 1; n <= rounds; n++)); do
  # the reactor builds what samples needs in target folders; nothing is installed
  if mvn -B -pl samples -am verify -Dspotless.check.skip=true \
      -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
      -Dit.test='OrphanedFfmpegIT,InterruptedCommandIT' -Dfailsafe.failIfNoSpecifiedTests=false \
      "$@" > "samples/target/soak/$n.log" 2>&1; then
    echo "round $n: ok"
  else
    failed=$((failed + 1))
    echo "round $n: FAILED (samples/target/soak/$n.log)"
  fi
done
echo "orphans soak: $rounds rounds, $failed failed"
[ "$failed" -eq 0 ]
