package io.mediaflow.samples.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.MediaFlow;
import io.mediaflow.jdbc.JdbcStorage;
import io.mediaflow.samples.ChildProcesses;
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
 * A crash between accepting a webhook and running its rule loses nothing: a real child JVM on an H2
 * file receives Radarr downloads and is killed with SIGKILL once it answered them, before any run
 * started; a new engine on the same file runs each accepted download's rule once.
 */
class H2WebhookDurabilityTest {

  static final int N = 5;

  @TempDir Path dir;

  @Test
  void every_accepted_webhook_runs_its_rule_after_kill_dash_9() throws Exception {
    Path file = dir.resolve("hooks");
    Process child =
        ChildProcesses.startMain(H2WebhookReceiveMain.class, file.toString(), Integer.toString(N));
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

    List<String> appended = new CopyOnWriteArrayList<>();
    try (JdbcStorage storage = JdbcStorage.h2(file);
        MediaFlow second =
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
    }
  }
}
