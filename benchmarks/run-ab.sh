#!/usr/bin/env bash
# Interleaved before/after runs from two benchmark jars (old, new, old, new, ...), then the median
# of each side and of the per-pair ratios new/old. The machines are shared and noisy: only ratios
# taken within a pair, and their median, are worth comparing. Usage:
#   benchmarks/run-ab.sh engine  OLD.jar NEW.jar [PAIRS] [extra JMH args for both...]
#   benchmarks/run-ab.sh planner OLD.jar NEW.jar [PAIRS] [extra JMH args for both...]
#   benchmarks/run-ab.sh peers   OLD.jar NEW.jar [PAIRS] [extra -D options for both...]
# Extra arguments only for the new jar go in NEW_ARGS (e.g. NEW_ARGS="-p pool=plain").
# Build OLD.jar from an older commit with `git worktree add /tmp/old REV && (cd /tmp/old &&
# mvn -q -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true)`.
# peers needs the local PostgreSQL (MEDIAFLOW_PG_URL, MEDIAFLOW_PG_USER as for run-peers.sh).
set -euo pipefail
mode=$1 old=$2 new=$3 pairs=${4:-5}
shift $(( $# < 4 ? $# : 4 ))
out=${AB_OUT:-$(mktemp -d)}
mkdir -p "$out"
echo "results in $out" >&2
run() { # side jar n [extra args for both sides...]
  local side=$1 jar=$2 n=$3 extra=()
  shift 3
  [ "$side" = new ] && [ -n "${NEW_ARGS:-}" ] && read -r -a extra <<< "$NEW_ARGS"
  case $mode in
    engine)
      java -jar "$jar" EngineBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1 \
        -rf json -rff "$out/$side-$n.json" "$@" "${extra[@]}" > "$out/$side-$n.txt" 2>&1 ;;
    planner)
      java -jar "$jar" PlannerBenchmark -p operations=1000,10000 -wi 4 -i 6 -w 1 -r 1 -f 1 \
        -rf json -rff "$out/$side-$n.json" "$@" "${extra[@]}" > "$out/$side-$n.txt" 2>&1 ;;
    peers)
      java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dpeers=mediaflow,db-scheduler \
        -Djobs=5000 -Dreps=1 -Dprefill=0 -Dout="$out/$side-$n.txt" "$@" "${extra[@]}" \
        -cp "$jar" io.mediaflow.benchmarks.peers.PeersMain > /dev/null 2>"$out/$side-$n.err" ;;
    *) echo "unknown mode $mode" >&2; exit 2 ;;
  esac
}
# AB_ANALYZE_ONLY=1 with AB_OUT set: only the summary of runs already in AB_OUT
for n in $( [ -n "${AB_ANALYZE_ONLY:-}" ] || seq 1 "$pairs"); do
  for side in old new; do
    jar=$old; [ "$side" = new ] && jar=$new
    echo "pair $n $side $(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)" >&2
    run "$side" "$jar" "$n" "$@"
  done
done
python3 - "$out" "$pairs" "$mode" <<'PY'
import json, re, statistics, sys
out, pairs, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def load(side, n):
    path = f"{out}/{side}-{n}"
    if mode == "peers":
        text = open(path + ".txt").read()
        m = re.search(r"throughput: 1 JVM ([\d.]+)x, 2 JVMs ([\d.]+)x", text)
        rows = {"ratio mediaflow/db-scheduler, 1 JVM": float(m.group(1)),
                "ratio mediaflow/db-scheduler, 2 JVMs": float(m.group(2))}
        t = re.search(r"^mediaflow +(\d+) +(\d+) +([\d.]+) ", text, re.M)  # the table row
        rows["mediaflow 1 JVM jobs/s"] = float(t.group(1))
        rows["mediaflow 2 JVMs jobs/s"] = float(t.group(2))
        rows["mediaflow start p50 ms"] = float(t.group(3))
        return rows
    rows = {}
    for r in json.load(open(path + ".json")):
        p = r.get("params", {})
        key = r["benchmark"].split(".")[-1] + " " + ",".join(f"{k}={v}" for k, v in sorted(p.items()) if k in ("workers", "shape", "operations"))
        pm = r["primaryMetric"]
        if r["mode"] == "sample":
            rows[key + " p50 " + pm["scoreUnit"]] = pm["scorePercentiles"]["50.0"]
        else:
            rows[key + " " + pm["scoreUnit"]] = pm["score"]
    return rows
runs = [(load("old", n), load("new", n)) for n in range(1, pairs + 1)]
print(f"{'measure':55} {'old':>12} {'new':>12} {'median new/old':>15}  pair ratios")
for k in sorted(runs[0][0]):
    if not all(k in r[1] for r in runs):
        continue
    o = [r[0][k] for r in runs]; w = [r[1][k] for r in runs]
    ratios = [b / a if a else float("nan") for a, b in zip(o, w)]
    print(f"{k:55} {statistics.median(o):12.3f} {statistics.median(w):12.3f} "
          f"{statistics.median(ratios):15.2f}  {' '.join(f'{x:.2f}' for x in ratios)}")
PY
