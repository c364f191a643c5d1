#!/usr/bin/env bash
# The chaos test, long variant: three engine JVMs on the local PostgreSQL, one killed with
# kill -9 every 3 s, 20,000 jobs (plus the H2 kill-9 and remote-cancel cases). See docs/storage.md,
# "Chaos test". Job count: first argument or MEDIAFLOW_CHAOS_JOBS (default 20000); further
# arguments go to Maven; the test's figures (CHAOS … lines) print live, not only when it fails
# (OutputOnFailure). Database: MEDIAFLOW_PG_URL (default
# jdbc:postgresql://127.0.0.1:5432/test?user=postgres). Node logs: samples/target/chaos/<prefix>/.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${1:-${MEDIAFLOW_CHAOS_JOBS:-20000}}"
shift || true
# the parent pom (.) is installed too: the installed module poms take their managed versions
# (h2, the drivers) from it
mvn -q -pl .,mediaflow-api,mediaflow-testkit,mediaflow-core,mediaflow-ffmpeg,mediaflow-jdbc-store \
  install -Dmaven.test.skip=true -Dspotless.check.skip=true
MEDIAFLOW_CHAOS_JOBS="$jobs" exec mvn -pl samples verify -Dspotless.check.skip=true \
  -Dit.test=ChaosIT -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dmediaflow.chaos.jobs="$jobs" -Dmediaflow.testkit.output=live "$@"
