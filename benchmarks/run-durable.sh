#!/usr/bin/env bash
# Side by side on the local PostgreSQL: mediaflow's durable steps (JdbcStorage) vs DBOS Transact
# for Java. See docs/benchmarks.md, "Issue 12". Settings as -D options after the script name, e.g.
#   benchmarks/run-durable.sh -Dreps=5 -Dflows=3000
#   benchmarks/run-durable.sh -Dshort=true        # the CI-sized variant (about a minute)
# Database: MEDIAFLOW_PG_URL (default jdbc:postgresql://127.0.0.1:5432/test; DBOS gets its own
# database, dbos_bench, on the same server, created when missing), MEDIAFLOW_PG_USER.
# MEDIAFLOW_BENCH_OFFLINE=1 builds with mvn -o.
# Issue 13 (docs/benchmarks.md, "Issue 13"): a 10-node graph of no-op actions vs the 10-step code
# workflow, one engine, interleaved (GraphMain; no DBOS):
#   benchmarks/run-durable.sh -Dgraph=true -Dreps=5 -Dflows=2000
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q ${MEDIAFLOW_BENCH_OFFLINE:+-o} -pl benchmarks -am package -Dmaven.test.skip=true \
  -Dspotless.check.skip=true -Dcpd.skip=true
main=DurableMain
for a in "$@"; do if [[ "$a" == -Dgraph=true ]]; then main=GraphMain; fi; done
exec java -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "$@" \
  -cp benchmarks/target/benchmarks.jar "io.mediaflow.benchmarks.durable.$main"
