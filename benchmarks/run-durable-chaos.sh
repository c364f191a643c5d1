#!/usr/bin/env bash
# The durable chaos test, long variant: multi-step jobs (5 checkpointed steps each, plus a job
# that sleeps durably and one that waits for a signal) on engine JVMs killed with kill -9 between
# and inside steps, then restarted: one H2 file (one JVM at a time) and three JVMs on the local
# PostgreSQL. See docs/durable-execution.md, "The durable chaos test". Job count (per database):
# first argument or MEDIAFLOW_DURABLE_CHAOS_JOBS (default 500); further arguments go to Maven;
# the test's figures (DURABLE CHAOS … lines) print live, not only when it fails. Database:
# MEDIAFLOW_PG_URL (default jdbc:postgresql://127.0.0.1:5432/test?user=postgres). Node logs:
# samples/target/durable-chaos/<prefix>/ (PostgreSQL) and the test's temp folder (H2).
#
# It builds the modules it needs in the same reactor (-am) instead of installing them, so it
# leaves ~/.m2 as it was; only DurableChaosIT runs (no unit test, no other IT).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${1:-${MEDIAFLOW_DURABLE_CHAOS_JOBS:-500}}"
shift || true
MEDIAFLOW_DURABLE_CHAOS_JOBS="$jobs" exec mvn -pl samples -am verify -Dspotless.check.skip=true \
  -Dcpd.skip=true -Dmaven.javadoc.skip=true \
  -Dit.test=DurableChaosIT -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dmediaflow.durableChaos.jobs="$jobs" -Dmediaflow.testkit.output=live "$@"
