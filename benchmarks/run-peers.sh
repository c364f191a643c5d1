#!/usr/bin/env bash
# Side by side on the local PostgreSQL: mediaflow (JdbcStorage) vs db-scheduler (lock-and-fetch)
# vs JobRunr. See docs/benchmarks.md, "Durable queue on PostgreSQL vs db-scheduler and JobRunr".
# Settings as -D options after the script name, e.g. benchmarks/run-peers.sh -Djobs=5000 -Dreps=1
# Database: MEDIAFLOW_PG_URL (default jdbc:postgresql://127.0.0.1:5432/test), MEDIAFLOW_PG_USER.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -pl benchmarks -am package -Dmaven.test.skip=true -Dspotless.check.skip=true
exec java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$@" \
  -cp benchmarks/target/benchmarks.jar io.mediaflow.benchmarks.peers.PeersMain
