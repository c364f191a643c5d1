#!/usr/bin/env bash
# Issue 16: watched folders. WatchLatencyMain (a folder receiving 10,000 small files: last file
# complete -> last run started) and WatchRescanMain (rescan of 100,000 unchanged files: time,
# allocation, heap kept). See docs/benchmarks.md, "Issue 16 — watched folders". Settings as -D
# options after the script name, e.g.
#   benchmarks/run-watch.sh -Dfiles=10000 -Dreps=3 -Ddebounce=PT1S
# The rescan part takes -Drescan.files=100000 -Drescan.folders=100 -Drescan.reps=10.
# MEDIAFLOW_BENCH_OFFLINE=1 builds with mvn -o.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q ${MEDIAFLOW_BENCH_OFFLINE:+-o} -pl benchmarks -am package -Dmaven.test.skip=true \
  -Dspotless.check.skip=true -Dcpd.skip=true
opts=(-Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
rescan=()
latency=()
for a in "$@"; do
  case "$a" in
    -Drescan.*) rescan+=("-D${a#-Drescan.}") ;;
    *) latency+=("$a") ;;
  esac
done
java "${opts[@]}" "${latency[@]}" -cp benchmarks/target/benchmarks.jar \
  io.mediaflow.benchmarks.watch.WatchLatencyMain
java "${opts[@]}" "${rescan[@]}" -cp benchmarks/target/benchmarks.jar \
  io.mediaflow.benchmarks.watch.WatchRescanMain
