package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.Page;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/** A real child JVM submits to an H2 file and is killed with SIGKILL mid-stream. */
class H2DurabilityTest {

  @TempDir Path dir;

  @RepeatedTest(2)
  void every_submit_reported_committed_survives_kill_dash_9() throws Exception {
    Path file = dir.resolve("durable");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                H2SubmitMain.class.getName(),
                file.toString(),
                "1000000")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    int lastCommitted = -1;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("committed ")) {
          lastCommitted = Integer.parseInt(line.substring("committed ".length()));
          if (lastCommitted == 400) {
            // SIGKILL on Linux: no shutdown hook, no clean close. Through the handle, because
            // Process.destroyForcibly also closes our end of the pipe, losing lines in flight
            child.toHandle().destroyForcibly();
          }
        }
      }
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("killed, not finished").isNotZero();
    assertThat(lastCommitted).isGreaterThanOrEqualTo(400);

    Set<String> payloads = new HashSet<>();
    try (JdbcStorage reopened = JdbcStorage.h2(file)) {
      for (int page = 0; ; page++) {
        Page<Job> p = reopened.jobs().query(JobQuery.all().withPage(page, JobQuery.MAX_PAGE_SIZE));
        p.items().forEach(j -> payloads.add(j.payload()));
        if (!p.hasNext()) {
          break;
        }
      }
    }
    for (int i = 0; i <= lastCommitted; i++) {
      assertThat(payloads).as("job %d was reported committed", i).contains(Integer.toString(i));
    }
  }
}
