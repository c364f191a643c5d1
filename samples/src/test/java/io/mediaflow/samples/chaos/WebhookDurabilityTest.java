package io.mediaflow.samples.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.MediaFlow;
import io.mediaflow.jdbc.JdbcStorage;
import io.mediaflow.samples.ChildProcesses;
import io.mediaflow.testkit.SimplePool;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash between accepting a webhook and running its rule loses nothing: a real child JVM ({@link
 * WebhookReceiveMain}) receives Radarr downloads and is killed with SIGKILL once it answered them,
 * before any run started; a new engine on the same store runs each accepted download's rule once.
 * On an H2 file and on the local PostgreSQL.
 */
class WebhookDurabilityTest {

  static final int N = 5;

  @TempDir Path dir;

  @Test
  void every_accepted_webhook_runs_its_rule_after_kill_dash_9_on_h2() throws Exception {
    Path file = dir.resolve("hooks");
    acceptThenKill("h2", file.toString());
    try (JdbcStorage storage = JdbcStorage.h2(file)) {
      assertEachDownloadRunsOnce(storage);
    }
  }

  @Test
  void every_accepted_webhook_runs_its_rule_after_kill_dash_9_on_postgres() throws Exception {
    SimplePool pool = ChaosDatabases.postgres();
    String prefix = ChaosDatabases.uniquePrefix();
    try {
      acceptThenKill("pg", ChaosDatabases.PG_URL, prefix);
      try (JdbcStorage storage = JdbcStorage.builder(pool).tablePrefix(prefix).build()) {
        assertEachDownloadRunsOnce(storage);
      }
    } finally {
      ChaosDatabases.dropAll(pool, prefix);
      pool.close();
    }
  }

  /** Starts the receiving JVM on {@code store}, reads its N answers and kills it with SIGKILL. */
  private static void acceptThenKill(String... store) throws Exception {
    List<String> args = new ArrayList<>(List.of(store));
    args.add(Integer.toString(N));
    Process child = ChildProcesses.startMain(WebhookReceiveMain.class, args.toArray(String[]::new));
    List<String> answers = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (answers.size() < N && (line = out.readLine()) != null) {
        answers.add(line);
      }
      // SIGKILL on Linux: no shutdown hook, no clean close of the engine or the database
      child.toHandle().destroyForcibly();
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("killed, not finished").isNotZero();
    List<String> expected = new ArrayList<>();
    for (int k = 0; k < N; k++) {
      expected.add("accepted " + k + " 202 1");
    }
    assertThat(answers).isEqualTo(expected);
  }

  /** A new engine on the killed one's store runs the rule once for each accepted download. */
  private static void assertEachDownloadRunsOnce(JdbcStorage storage) {
    List<String> appended = new CopyOnWriteArrayList<>();
    try (MediaFlow second =
        MediaFlow.builder()
            .storage(storage)
            .runOnCallingThread()
            .action(RuleClusterTest.recordAction(appended::add))
            .build()) {
      second.start();
      // one run at a time (the rule's limit), the buffered ones promoted as each ends
      for (int round = 0; round < 4 * N && second.runDueJobs() > 0; round++) {
        // each round runs what became due
      }
      List<String> paths = new ArrayList<>();
      for (int k = 0; k < N; k++) {
        paths.add("/movies/Film " + k + "/film-" + k + ".mkv");
      }
      assertThat(appended).containsExactlyInAnyOrderElementsOf(paths);
      assertThat(second.rules().runs("imported", 0, 100).total()).isEqualTo(N);
    }
  }
}
