#!/usr/bin/env bash
# One command for the demo: installs ffmpeg if missing, builds the command line (again when a
# source changed), generates a clip, shows the fused plan and runs it. Usage: samples/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v ffmpeg >/dev/null 2>&1; then
  echo "ffmpeg is missing: installing it from the system packages"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq ffmpeg >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq ffmpeg >/dev/null; fi
fi
# Build the command line when its jar is missing or older than a pom or a main source file of
# the modules inside it (a fresh clone, a pull, an edit); otherwise start at once.
jar=samples/target/mediaflow.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml ./*/pom.xml mediaflow-*/src/main samples/src/main \
    -newer "$jar" -print -quit)" ]; then
  echo "building $jar"
  mvn -q -B -ntp -pl samples -am -Dmaven.test.skip=true -Dspotless.check.skip=true \
    -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package
fi
exec java -cp "$jar" io.mediaflow.samples.Demo "$@"
