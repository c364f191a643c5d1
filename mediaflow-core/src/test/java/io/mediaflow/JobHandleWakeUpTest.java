package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.JobState;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link JobHandle#await} is woken by the job's end on this node: with a store poll of an hour,
 * only that wake-up can return it within the test's timeout.
 */
class JobHandleWakeUpTest {

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void await_returns_when_the_job_completes_here_without_waiting_for_a_poll() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (MediaFlow flow =
        MediaFlow.builder()
            .workers(1)
            .handler(
                "slow",
                ctx -> {
                  release.await();
                  return Optional.of("done");
                })
            .build()
            .start()) {
      JobHandle submitted = flow.submit("slow", "{}");
      JobHandle handle = flow.handle(submitted.id(), Duration.ofHours(1));
      Thread releaser =
          new Thread(
              () -> {
                // only once await is waiting: the job then ends while it waits
                while (flow.engine().waitedOn() == 0) {
                  LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
                release.countDown();
              });
      releaser.start();

      JobResult result = handle.await(Duration.ofMinutes(10));

      assertThat(result.state()).isEqualTo(JobState.COMPLETED);
      assertThat(result.result()).contains("done");
      releaser.join();
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void await_returns_for_a_job_that_failed_for_good_here_without_waiting_for_a_poll() {
    try (MediaFlow flow =
        MediaFlow.builder()
            .workers(1)
            .retryPolicy("broken", io.mediaflow.api.job.RetryPolicy.none())
            .handler(
                "broken",
                ctx -> {
                  throw new IllegalStateException("no");
                })
            .build()
            .start()) {
      JobHandle handle = flow.handle(flow.submit("broken", "{}").id(), Duration.ofHours(1));

      assertThat(handle.await(Duration.ofMinutes(10)).state()).isEqualTo(JobState.DEAD);
    }
  }
}
