package io.mediaflow.samples.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.JobHandle;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.jdbc.JdbcStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine interrupts a handler's thread to stop it (cancel, timeout, shutdown). A thread
 * interrupted inside an H2 write must not close the database file under everyone else: H2's default
 * file channel closes on an interrupt, which broke the store for good.
 */
class H2InterruptTest {

  @TempDir Path dir;

  @Test
  void cancelling_jobs_that_write_to_the_store_leaves_the_h2_file_usable() throws Exception {
    try (JdbcStorage storage = JdbcStorage.h2(dir.resolve("db"));
        MediaFlow flow =
            MediaFlow.builder()
                .storage(storage)
                .workers(4)
                .handler(
                    "chatty",
                    ctx -> {
                      // writes to the store as fast as it can until it is stopped
                      for (int i = 0; !ctx.isCancelled(); i++) {
                        ctx.saveState("n", i);
                      }
                      return java.util.Optional.empty();
                    })
                .handler("plain", ctx -> java.util.Optional.of("\"ok\""))
                .build()) {
      flow.start();
      for (int round = 0; round < 20; round++) {
        JobHandle chatty = flow.submit(JobRequest.of("chatty", "{}"));
        awaitState(chatty, JobState.PROCESSING);
        flow.cancel(chatty.id());
        chatty.await(Duration.ofSeconds(30));
        assertThat(chatty.status().state()).isEqualTo(JobState.CANCELLED);
      }

      JobHandle plain = flow.submit(JobRequest.of("plain", "{}"));
      plain.await(Duration.ofSeconds(30));
      assertThat(plain.status().state())
          .as("the store still runs jobs")
          .isEqualTo(JobState.COMPLETED);
    }
  }

  private static void awaitState(JobHandle h, JobState state) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (h.status().state() != state) {
      assertThat(System.nanoTime()).as("job %s reaches %s", h.id(), state).isLessThan(end);
      LockSupport.parkNanos(1_000_000); // a poll of the store every millisecond
    }
  }
}
