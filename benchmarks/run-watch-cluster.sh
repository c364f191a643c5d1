#!/usr/bin/env bash
# The watched-folder cluster test, long variant: three engine JVMs on the local PostgreSQL watch
# one folder while files arrive in waves of 15 (every 300 ms); every 10 waves a node is killed
# with kill -9 and started again two waves later, each node in turn. Asserts one run per file
# version, all completed. Waves: first argument (default 200, about 3,000 files and 20 kills);
# further arguments go to Maven (-o to build offline). The WATCH-CLUSTER line prints live.
# Database: MEDIAFLOW_PG_URL (default jdbc:postgresql://127.0.0.1:5432/test?user=postgres). Node
# logs: samples/target/watch-cluster/. See docs/watched-folders.md, "Tested with real processes".
set -euo pipefail
cd "$(dirname "$0")/.."
waves="${1:-200}"
shift || true
# -am builds the modules it needs in this reactor and runs no test of theirs (none matches)
exec mvn -q -pl samples -am test -Dtest=WatchedFolderProcessesTest \
  -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true -Dcpd.skip=true \
  -Dmaven.javadoc.skip=true -Dmediaflow.watch.cluster.waves="$waves" \
  -Dmediaflow.testkit.output=live "$@"
