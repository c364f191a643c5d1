#!/usr/bin/env bash
# The watched-folder cluster test, long variant: three engine JVMs on the local PostgreSQL watch
# one folder while files arrive in waves of 15 (every 300 ms); every 10 waves a node is killed
# with kill -9 and started again two waves later, each node in turn. Asserts one run per file
# version, all completed. Waves: first argument (default 200, about 3,000 files and 20 kills);
# further arguments go to Maven. The WATCH-CLUSTER line prints live. Database: MEDIAFLOW_PG_URL
# (default jdbc:postgresql://127.0.0.1:5432/test?user=postgres). Node logs:
# samples/target/watch-cluster/. See docs/watched-folders.md, "Tested with real processes".
set -euo pipefail
cd "$(dirname "$0")/.."
waves="${1:-200}"
shift || true
# the parent pom (.) is installed too: the installed module poms take their managed versions from it
mvn -q -pl .,mediaflow-api,mediaflow-testkit,mediaflow-core,mediaflow-ffmpeg,mediaflow-jdbc-store \
  install -Dmaven.test.skip=true -Dspotless.check.skip=true
exec mvn -pl samples test -Dspotless.check.skip=true -Dtest=WatchedFolderProcessesTest \
  -Dmediaflow.watch.cluster.waves="$waves" -Dmediaflow.testkit.output=live "$@"
