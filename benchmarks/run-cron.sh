#!/usr/bin/env bash
# Issue 15: 10,000 cron schedules due in the same minute on the local PostgreSQL, mediaflow rules
# vs db-scheduler recurring tasks (lock-and-fetch, 100 ms polling, as in run-peers.sh), with the
# mediaflow no-op throughput measured first in the same run, and a 90 s warm-up of each side (its
# schedules every 10 s; -DwarmupSeconds=0 for none) before the measured repetitions. See
# docs/benchmarks.md, "Issue 15 — 10,000 cron schedules vs db-scheduler". Settings as -D options
# after the script name, e.g.
#   benchmarks/run-cron.sh -Dschedules=10000 -Dreps=3
#   benchmarks/run-cron.sh -Dsides=db-scheduler -Dthroughput=false -Dreps=1
# Settings: CronMain's javadoc. Database: MEDIAFLOW_PG_URL (default
# jdbc:postgresql://127.0.0.1:5432/test), MEDIAFLOW_PG_USER. MEDIAFLOW_BENCH_OFFLINE=1 builds
# with mvn -o.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q ${MEDIAFLOW_BENCH_OFFLINE:+-o} -pl benchmarks -am package -Dmaven.test.skip=true \
  -Dspotless.check.skip=true -Dcpd.skip=true
exec java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$@" \
  -cp benchmarks/target/benchmarks.jar io.mediaflow.benchmarks.peers.CronMain
