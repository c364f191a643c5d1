package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.JobState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A worker claims quick jobs several at a time and runs them one after another; when one of them
 * turns out slow, the jobs claimed after it must not wait for it while another worker is idle, and
 * the successes before it must not stay unrecorded (the dashboard's "halfway" job once waited 20 s
 * behind a job paused by its test). Two workers; the batch is built for certain: with the other
 * worker held, one worker claims {@code q1} alone, then {@code q2, q3}, then {@code s1, b, c}.
 */
class StalledBatchTest {

  private static final long WAIT_SECONDS = 10;

  private final Map<String, CountDownLatch> started = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> released = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private MediaFlow flow;

  @AfterEach
  void close() {
    released.values().forEach(CountDownLatch::countDown);
    if (flow != null) {
      flow.close();
    }
  }

  private CountDownLatch started(String name) {
    return started.computeIfAbsent(name, k -> new CountDownLatch(1));
  }

  private CountDownLatch released(String name) {
    return released.computeIfAbsent(name, k -> new CountDownLatch(1));
  }

  private Optional<String> count(String name) {
    runs.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
    return Optional.of(name);
  }

  @Test
  void
      jobs_claimed_behind_a_slow_one_run_on_an_idle_worker_and_the_successes_before_it_are_recorded()
          throws Exception {
    flow =
        MediaFlow.builder()
            .workers(2)
            .handler(
                "hold",
                ctx -> {
                  String name = ctx.job().payload();
                  started(name).countDown();
                  assertThat(released(name).await(60, TimeUnit.SECONDS)).isTrue();
                  return count(name);
                })
            .handler("quick", ctx -> count(ctx.job().payload()))
            .build()
            .start();
    JobHandle g1 = flow.submit("hold", "g1");
    JobHandle g2 = flow.submit("hold", "g2");
    assertThat(started("g1").await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(started("g2").await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    List<JobHandle> quick =
        List.of(flow.submit("quick", "q1"), flow.submit("quick", "q2"), flow.submit("quick", "q3"));
    JobHandle s1 = flow.submit("quick", "s1");
    JobHandle b = flow.submit("hold", "b");
    JobHandle c = flow.submit("quick", "c");

    released("g2").countDown(); // its worker claims q1, then q2 and q3, then s1, b and c
    assertThat(started("b").await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    for (JobHandle q : quick) {
      assertThat(q.await(Duration.ofSeconds(WAIT_SECONDS)).state()).isEqualTo(JobState.COMPLETED);
    }
    assertThat(c.status().state())
        .as("c was claimed with b, so another worker can not have it yet")
        .isEqualTo(JobState.PROCESSING);

    // s1 ran before b; its success is recorded while b still runs
    assertThat(s1.await(Duration.ofSeconds(WAIT_SECONDS)).state()).isEqualTo(JobState.COMPLETED);
    assertThat(b.status().state()).isEqualTo(JobState.PROCESSING);

    // with a worker free, c goes back to the queue and that worker runs it while b still runs
    released("g1").countDown();
    assertThat(g1.await(Duration.ofSeconds(WAIT_SECONDS)).state()).isEqualTo(JobState.COMPLETED);
    JobResult done = c.await(Duration.ofSeconds(WAIT_SECONDS));
    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(done.attempts()).as("given back unstarted: no attempt counted").isEqualTo(1);
    assertThat(b.status().state()).isEqualTo(JobState.PROCESSING);

    released("b").countDown();
    assertThat(b.await(Duration.ofSeconds(WAIT_SECONDS)).state()).isEqualTo(JobState.COMPLETED);
    assertThat(g2.await(Duration.ofSeconds(WAIT_SECONDS)).state()).isEqualTo(JobState.COMPLETED);
    assertThat(runs)
        .as("every job ran exactly once")
        .hasSize(8)
        .allSatisfy((name, n) -> assertThat(n.get()).as(name).isEqualTo(1));
  }
}
