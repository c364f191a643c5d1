package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The durable primitives on worker threads: children racing to completion while their parent yields
 * never lose its wake-up, and a cancelled parent's child running here is stopped. Latches and
 * barriers order the threads; the manual clock never moves.
 */
class DurableConcurrencyTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final int CHILDREN = 16;

  final ManualClock clock = ManualClock.at(T0);
  final InMemoryStorage storage = new InMemoryStorage();
  final List<MediaFlow> flows = new ArrayList<>();

  @AfterEach
  void close() {
    flows.forEach(MediaFlow::close);
  }

  MediaFlow.Builder threads(int workers) {
    return threads(workers, Duration.ofMillis(5));
  }

  MediaFlow.Builder threads(int workers, Duration poll) {
    return MediaFlow.builder()
        .storage(storage)
        .clock(clock)
        .workers(workers)
        .maxClaimBatch(1)
        .pollInterval(poll)
        .drainTimeout(Duration.ofSeconds(5))
        .operators(TestOperators.registry());
  }

  @Test
  void children_finishing_on_sixteen_threads_while_their_parent_yields_always_wake_it() {
    // per round: the parent and its 16 children leave the barrier together, so the children's
    // completions race the parent's count of them and its yield
    Map<String, CyclicBarrier> barriers = new ConcurrentHashMap<>();
    Map<String, AtomicBoolean> arrived = new ConcurrentHashMap<>();
    MediaFlow flow =
        threads(CHILDREN + 1)
            .handler(
                "child",
                ctx -> {
                  barriers.get(ctx.job().parentId().orElseThrow()).await(30, TimeUnit.SECONDS);
                  return Optional.of(ctx.job().payload());
                })
            .handler(
                "parent",
                ctx -> {
                  String me = ctx.job().id();
                  for (int i = 0; i < CHILDREN; i++) {
                    ctx.startChild(JobRequest.of("child", "" + i));
                  }
                  if (arrived.get(me).compareAndSet(false, true)) {
                    barriers.get(me).await(30, TimeUnit.SECONDS);
                  }
                  return Optional.of("" + ctx.awaitChildren().size());
                })
            .build();
    flows.add(flow);
    flow.start();

    for (int round = 0; round < 100; round++) {
      JobRequest request =
          JobRequest.of("parent", "" + round).withRunAt(clock.instant().plusSeconds(1));
      JobHandle parent = flow.submit(request); // scheduled: its barrier is set before it runs
      barriers.put(parent.id(), new CyclicBarrier(CHILDREN + 1));
      arrived.put(parent.id(), new AtomicBoolean());
      clock.advance(Duration.ofSeconds(1)); // due: a worker's next poll finds it

      JobResult r = parent.await(Duration.ofSeconds(60));

      assertThat(r.state()).as("round " + round).isEqualTo(JobState.COMPLETED);
      assertThat(r.result()).as("round " + round).contains("" + CHILDREN);
    }
  }

  @Test
  void cancelling_a_parent_stops_its_child_running_on_this_node() throws Exception {
    CountDownLatch childRuns = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    MediaFlow flow =
        threads(2)
            .handler(
                "child",
                ctx -> {
                  childRuns.countDown();
                  try {
                    new CountDownLatch(1).await(); // until the engine stops it
                  } catch (InterruptedException e) {
                    interrupted.set(ctx.isCancelled());
                  }
                  return Optional.of("stopped");
                })
            .handler(
                "parent",
                ctx -> {
                  ctx.startChild(JobRequest.of("child", ""));
                  ctx.awaitChildren();
                  return Optional.of("done");
                })
            .build();
    flows.add(flow);
    flow.start();
    JobHandle parent = flow.submit("parent", "");
    assertThat(childRuns.await(30, TimeUnit.SECONDS)).isTrue();
    Job child = parent.children().get(0);

    assertThat(flow.cancel(parent.id())).isTrue();

    JobResult r = flow.job(child.id()).orElseThrow().await(Duration.ofSeconds(30));
    assertThat(r.state()).isEqualTo(JobState.CANCELLED);
    assertThat(r.result()).isEmpty();
    assertThat(interrupted.get()).as("interrupted with its cancel flag set").isTrue();
    assertThat(flow.engine().runsHere(child.id())).isFalse();
    assertThat(parent.status().state()).isEqualTo(JobState.CANCELLED);
  }

  @Test
  void a_sleeping_job_frees_the_only_worker_for_others_and_a_signal_wakes_a_waiting_one() {
    MediaFlow flow =
        threads(1, Duration.ofSeconds(30)) // only a wake-up can make it run in time
            .handler(
                "nap",
                ctx -> {
                  ctx.sleep(Duration.ofDays(3));
                  return Optional.of("slept");
                })
            .handler(
                "approve",
                ctx -> Optional.of(ctx.awaitSignal("ok", Duration.ofDays(3)).orElse("timed out")))
            .handler("quick", ctx -> Optional.of("done"))
            .build();
    flows.add(flow);
    flow.start();
    JobHandle nap = flow.submit("nap", "");
    JobHandle approve = flow.submit("approve", "");
    JobHandle quick = flow.submit("quick", "");

    assertThat(quick.await(Duration.ofSeconds(30)).state()).isEqualTo(JobState.COMPLETED);
    while (approve.status().state() != JobState.SCHEDULED) {
      Thread.onSpinWait(); // the one worker runs the jobs in turn
    }
    assertThat(nap.status().state()).isEqualTo(JobState.SCHEDULED);
    assertThat(nap.status().lease()).isEmpty();

    flow.signal(approve.id(), "ok", "yes");

    assertThat(approve.await(Duration.ofSeconds(20)).result()).contains("yes");
    assertThat(nap.status().state()).isEqualTo(JobState.SCHEDULED);
  }

  @Test
  void a_short_sleep_wakes_a_worker_when_it_ends_without_waiting_for_the_next_poll() {
    // idle workers poll once an hour here: only the engine's wake-up timer can end the sleep soon
    MediaFlow flow =
        threads(1, Duration.ofHours(1))
            .handler(
                "nap",
                ctx -> {
                  ctx.sleep(Duration.ofMillis(200));
                  return Optional.of("rested");
                })
            .build();
    flows.add(flow);
    flow.start();
    JobHandle nap = flow.submit(JobRequest.of("nap", ""));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (nap.status().state() != JobState.SCHEDULED && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(nap.status().state()).isEqualTo(JobState.SCHEDULED);

    clock.advance(Duration.ofMillis(200)); // due now; the timer set at the yield fires ~200 ms on

    assertThat(nap.await(Duration.ofSeconds(20)).result()).contains("rested");
  }
}
