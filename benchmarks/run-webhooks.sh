#!/usr/bin/env bash
# Issue 17: signed outgoing webhook deliveries to a local receiver on the local PostgreSQL,
# deliveries/s, with mediaflow's no-op job throughput (the peer benchmark's, one worker JVM)
# measured first in the same run; target >= 50 % of it. See docs/benchmarks.md, "Issue 17 —
# signed webhook deliveries". Settings as -D options after the script name, e.g.
#   benchmarks/run-webhooks.sh -Devents=20000 -Dreps=3
#   benchmarks/run-webhooks.sh -DhookStore=memory      # registrations and attempts in memory
# Settings: WebhooksMain's javadoc. Database: MEDIAFLOW_PG_URL (default
# jdbc:postgresql://127.0.0.1:5432/test), MEDIAFLOW_PG_USER. MEDIAFLOW_BENCH_OFFLINE=1 builds
# with mvn -o.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q ${MEDIAFLOW_BENCH_OFFLINE:+-o} -pl benchmarks -am package -Dmaven.test.skip=true \
  -Dspotless.check.skip=true -Dcpd.skip=true
exec java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$@" \
  -cp benchmarks/target/benchmarks.jar io.mediaflow.benchmarks.peers.WebhooksMain
