#!/usr/bin/env bash
# Interleaved before/after runs of PlannerBenchmark from two benchmark jars, then the median of
# each side and of the per-pair ratios. Usage:
#   benchmarks/run-planner-ab.sh OLD.jar NEW.jar [PAIRS] [extra JMH args...]
# Build OLD.jar from an older commit with `git worktree add /tmp/old REV && (cd /tmp/old &&
# mvn -q -pl benchmarks -am package -DskipTests -Dspotless.check.skip=true)`.
set -euo pipefail
old=$1 new=$2 pairs=${3:-5}
shift $(( $# < 3 ? $# : 3 ))
out=$(mktemp -d)
for n in $(seq 1 "$pairs"); do
  for side in old new; do
    jar=$old; [ "$side" = new ] && jar=$new
    java -jar "$jar" PlannerBenchmark -p operations=1000,10000 -wi 4 -i 6 -w 1 -r 1 -f 1 \
      -rf json -rff "$out/$side-$n.json" "$@" > "$out/$side-$n.txt" 2>&1
  done
done
python3 - "$out" "$pairs" <<'PY'
import json, statistics, sys
out, pairs = sys.argv[1], int(sys.argv[2])
def load(side, n):
    return {(r["params"]["shape"], r["params"]["operations"]): r["primaryMetric"]["score"]
            for r in json.load(open(f"{out}/{side}-{n}.json"))}
runs = [(load("old", n), load("new", n)) for n in range(1, pairs + 1)]
print("shape,operations  old us/op  new us/op  median new/old  (pair ratios)")
for k in sorted(runs[0][0]):
    o = [r[0][k] for r in runs]; w = [r[1][k] for r in runs]
    ratios = [b / a for a, b in zip(o, w)]
    print(f"{k[0]},{k[1]}  {statistics.median(o):.0f}  {statistics.median(w):.0f}  "
          f"{statistics.median(ratios):.2f}  ({' '.join(f'{x:.2f}' for x in ratios)})")
PY
