#!/usr/bin/env bash
# The durable chaos test, long variant: multi-step jobs (5 checkpointed steps each, plus a job
# that sleeps durably and one that waits for a signal) on engine JVMs killed with kill -9 between
# and inside steps, then restarted: one H2 file (one JVM at a time) and three JVMs on the local
# PostgreSQL. See docs/durable-execution.md, "What survives kill -9". Job count (per database):
# first argument or MEDIAFLOW_DURABLE_CHAOS_JOBS (default 500); further arguments go to Maven;
# the test's figures (DURABLE CHAOS … lines) print live. Database: MEDIAFLOW_PG_URL (default
# jdbc:postgresql://127.0.0.1:5432/test?user=postgres). Node logs: samples/target/durable-chaos/
# (PostgreSQL) and the test's temp folder (H2).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${1:-${MEDIAFLOW_DURABLE_CHAOS_JOBS:-500}}"
shift || true
# the parent pom (.) is installed too: the installed module poms take their managed versions
# (h2, the drivers) from it
mvn -q -pl .,mediaflow-api,mediaflow-testkit,mediaflow-core,mediaflow-ffmpeg,mediaflow-jdbc-store \
  install -Dmaven.test.skip=true -Dspotless.check.skip=true
MEDIAFLOW_DURABLE_CHAOS_JOBS="$jobs" exec mvn -pl samples verify -Dspotless.check.skip=true \
  -Dit.test=DurableChaosIT -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dmediaflow.durableChaos.jobs="$jobs" -Dmediaflow.testkit.output=live "$@"
