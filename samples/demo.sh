#!/usr/bin/env bash
# One command for the demo: installs ffmpeg if missing, builds the command line, generates a clip,
# shows the fused plan and runs it. Usage: samples/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v ffmpeg >/dev/null 2>&1; then
  echo "ffmpeg is missing: installing it from the system packages"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq ffmpeg >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq ffmpeg >/dev/null; fi
fi
if [ ! -f samples/target/mediaflow.jar ]; then
  mvn -q -B -ntp -DskipTests -Dspotless.check.skip=true package
fi
exec java -cp samples/target/mediaflow.jar io.mediaflow.samples.Demo "$@"
