#!/usr/bin/env bash
# Issue 18: the HTTP host under wrk on loopback, in memory, authentication and the request log on
# (written to a file), workers paused: GET /v1/jobs/{id} and POST /v1/jobs (typed no-op jobs),
# requests/s and latency percentiles. Targets on the 2-core machine, wrk included: >= 8,000 GET/s
# and >= 3,000 POST/s. See docs/benchmarks.md, "Issue 18 — the HTTP host".
#   benchmarks/run-http.sh [SECONDS] [CONNECTIONS] [memory|postgres]   (defaults 10, 16, memory)
# postgres: the engine on JdbcStorage, schema bench_http on 127.0.0.1:5432 (db test, user postgres).
# MEDIAFLOW_BENCH_OFFLINE=1 builds with mvn -o. Needs wrk (Debian package wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
connections="${2:-16}"
store="${3:-memory}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
mvn -q ${MEDIAFLOW_BENCH_OFFLINE:+-o} -pl benchmarks -am package -Dmaven.test.skip=true \
  -Dspotless.check.skip=true -Dcpd.skip=true -Dmaven.javadoc.skip=true
out="benchmarks/target/http"
mkdir -p "$out"
java -Xmx1g -Dstore="$store" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dorg.slf4j.simpleLogger.log.io.mediaflow.http.requests=info \
  -cp benchmarks/target/benchmarks.jar io.mediaflow.benchmarks.http.HttpMain \
  >"$out/server.out" 2>"$out/requests.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q '^JOB=' "$out/server.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/^PORT=//p' "$out/server.out")
key=$(sed -n 's/^KEY=//p' "$out/server.out")
job=$(sed -n 's/^JOB=//p' "$out/server.out")
cat >"$out/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"type":"noop","payload":{"n":1}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $key"
LUA
url="http://127.0.0.1:$port"
# warm-up, then the measured runs
wrk -t2 -c"$connections" -d3s -H "Authorization: Bearer $key" "$url/v1/jobs/$job" >/dev/null
echo "== store: $store"
echo "== GET /v1/jobs/{id}, ${seconds}s, $connections connections"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -H "Authorization: Bearer $key" "$url/v1/jobs/$job"
echo "== POST /v1/jobs (typed no-op), ${seconds}s, $connections connections"
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$out/post.lua" "$url/v1/jobs"
echo "request log lines written: $(wc -l <"$out/requests.log")"
