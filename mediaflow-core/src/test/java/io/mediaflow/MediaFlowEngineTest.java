package io.mediaflow;

import static io.mediaflow.testkit.JobAssertions.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobErrorCodes;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

// resources opened for what they do while open (a subscription, a scope, a socket)
@SuppressWarnings("try")
class MediaFlowEngineTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  final ManualClock clock = ManualClock.at(T0);
  final List<MediaFlow> flows = new ArrayList<>();

  @AfterEach
  void closeFlows() {
    flows.forEach(MediaFlow::close);
  }

  MediaFlow track(MediaFlow f) {
    flows.add(f);
    return f;
  }

  MediaFlow.Builder deterministic() {
    return MediaFlow.builder()
        .clock(clock)
        .runOnCallingThread()
        .operators(TestOperators.registry())
        .nodeId("test");
  }

  static void eventually(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.onSpinWait();
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    }
  }

  @Test
  void host_job_type_runs_and_completes() {
    MediaFlow flow =
        track(
            deterministic()
                .handler("greet", ctx -> Optional.of("hi " + ctx.job().payload()))
                .build());
    JobHandle h = flow.submit("greet", "bob");
    assertThat(flow.runDueJobs()).isEqualTo(1);
    JobResult r = h.await(Duration.ofSeconds(1));
    assertThat(r.state()).isEqualTo(JobState.COMPLETED);
    assertThat(r.result()).contains("hi bob");
    assertThatJob(h.status()).isCompleted().hasAttempts(1);
  }

  @Test
  void a_handle_reads_its_jobs_logs_and_children() {
    MediaFlow flow =
        track(
            deterministic()
                .handler(
                    "parent",
                    ctx -> {
                      ctx.log("INFO", "splitting into two parts");
                      ctx.log("WARN", "retrying with password=hunter2");
                      return Optional.empty();
                    })
                .handler("part", ctx -> Optional.empty())
                .build());
    JobHandle parent = flow.submit("parent", "{}");
    flow.runDueJobs();
    JobHandle first = flow.submit(JobRequest.of("part", "1").withParent(parent.id()));
    JobHandle second = flow.submit(JobRequest.of("part", "2").withParent(parent.id()));
    flow.submit("part", "not a child");

    assertThat(parent.logs())
        .extracting(io.mediaflow.api.job.JobLog::message)
        .contains("splitting into two parts")
        .noneMatch(m -> m.contains("hunter2"));
    assertThat(parent.children())
        .extracting(io.mediaflow.api.job.Job::id)
        .containsExactly(second.id(), first.id());
    assertThat(first.children()).isEmpty();
  }

  @Test
  void higher_priority_runs_first() {
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    MediaFlow flow =
        track(
            deterministic()
                .handler(
                    "t",
                    ctx -> {
                      order.add(ctx.job().payload());
                      return Optional.empty();
                    })
                .build());
    flow.submit(JobRequest.of("t", "low").withPriority(1));
    flow.submit(JobRequest.of("t", "high").withPriority(9));
    flow.submit(JobRequest.of("t", "mid").withPriority(5));
    flow.runDueJobs();
    assertThat(order).containsExactly("high", "mid", "low");
  }

  @Test
  void delayed_job_runs_only_when_the_clock_reaches_it() {
    AtomicInteger runs = new AtomicInteger();
    MediaFlow flow =
        track(
            deterministic()
                .handler(
                    "t",
                    ctx -> {
                      runs.incrementAndGet();
                      return Optional.empty();
                    })
                .build());
    JobHandle h = flow.submit(JobRequest.of("t", "").withRunAt(T0.plusSeconds(60)));
    assertThat(flow.runDueJobs()).isZero();
    clock.advance(Duration.ofSeconds(59));
    assertThat(flow.runDueJobs()).isZero();
    assertThat(h.status().state()).isEqualTo(JobState.SCHEDULED);
    clock.advance(Duration.ofSeconds(1));
    assertThat(flow.runDueJobs()).isEqualTo(1);
    assertThat(runs).hasValue(1);
    assertThatJob(h.status()).isCompleted();
  }

  @Test
  void retry_waits_in_scheduled_with_the_computed_backoff_then_dies_then_requeue_completes() {
    AtomicInteger calls = new AtomicInteger();
    RetryPolicy policy =
        RetryPolicy.builder()
            .exponential(Duration.ofSeconds(1), 2)
            .jitter(0)
            .maxAttempts(3)
            .build();
    MediaFlow flow =
        track(
            deterministic()
                .retryPolicy("flaky", policy)
                .handler(
                    "flaky",
                    ctx -> {
                      if (calls.incrementAndGet() <= 3) {
                        throw new MediaFlowException(ErrorCode.NETWORK, "down", "");
                      }
                      return Optional.of("ok");
                    })
                .build());
    List<Event> events = new CopyOnWriteArrayList<>();
    flow.events().subscribe("job.*", events::add);
    JobHandle h = flow.submit("flaky", "");
    assertThat(h.status().maxAttempts()).isEqualTo(3);

    flow.runDueJobs();
    Job j = h.status();
    assertThatJob(j).isInState(JobState.SCHEDULED).hasAttempts(1).failedWith("NETWORK");
    assertThat(j.scheduledAt()).isEqualTo(T0.plusSeconds(1));

    assertThat(flow.runDueJobs()).isZero(); // not yet due
    clock.advance(Duration.ofSeconds(1));
    flow.runDueJobs();
    j = h.status();
    assertThatJob(j).isInState(JobState.SCHEDULED).hasAttempts(2);
    assertThat(j.scheduledAt()).isEqualTo(T0.plusSeconds(1 + 2));

    clock.advance(Duration.ofSeconds(2));
    flow.runDueJobs();
    assertThatJob(h.status()).isDead().hasAttempts(3).failedWith("NETWORK");
    assertThat(flow.dead()).extracting(Job::id).containsExactly(h.id());

    flow.requeue(h.id());
    flow.runDueJobs();
    JobResult r = h.await(Duration.ofSeconds(1));
    assertThat(r.state()).isEqualTo(JobState.COMPLETED);
    assertThat(r.result()).contains("ok");
    eventually(
        () ->
            events.stream().anyMatch(e -> e.type().equals("job.dead"))
                && events.stream().filter(e -> e.type().equals("job.retrying")).count() == 2,
        "job.dead and two job.retrying events");
    Event dead = events.stream().filter(e -> e.type().equals("job.dead")).findFirst().orElseThrow();
    assertThat(dead.data()).containsEntry("jobId", h.id()).containsEntry("code", "NETWORK");
  }

  @Test
  void not_retryable_error_goes_dead_at_once() {
    MediaFlow flow =
        track(
            deterministic()
                .handler(
                    "t",
                    ctx -> {
                      throw new MediaFlowException(
                          ErrorCode.INPUT_INVALID, "not media", "use a video");
                    })
                .build());
    JobHandle h = flow.submit("t", "");
    flow.runDueJobs();
    assertThatJob(h.status()).isDead().hasAttempts(1).failedWith("INPUT_INVALID");
    assertThat(h.status().error().orElseThrow().suggestion()).isEqualTo("use a video");
  }

  @Test
  void retry_policy_codes_override_the_error_flag() {
    MediaFlow flow =
        track(
            deterministic()
                .retryPolicy(
                    "t",
                    RetryPolicy.builder()
                        .fixed(Duration.ofSeconds(5))
                        .jitter(0)
                        .retryOn("INPUT_INVALID")
                        .build())
                .handler(
                    "t",
                    ctx -> {
                      throw new MediaFlowException(ErrorCode.INPUT_INVALID, "x", "");
                    })
                .build());
    JobHandle h = flow.submit("t", "");
    flow.runDueJobs();
    assertThat(h.status().state()).isEqualTo(JobState.SCHEDULED);
    assertThat(h.status().scheduledAt()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void cancel_pending_job_never_runs() {
    AtomicInteger runs = new AtomicInteger();
    MediaFlow flow =
        track(
            deterministic()
                .handler(
                    "t",
                    ctx -> {
                      runs.incrementAndGet();
                      return Optional.empty();
                    })
                .build());
    JobHandle h = flow.submit("t", "");
    assertThat(h.cancel()).isTrue();
    flow.runDueJobs();
    assertThat(runs).hasValue(0);
    assertThat(h.await(Duration.ofSeconds(1)).state()).isEqualTo(JobState.CANCELLED);
    assertThat(h.cancel()).isFalse();
  }

  @Test
  void cancel_running_job_sets_its_flag_and_ends_cancelled() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean sawCancel = new AtomicBoolean();
    MediaFlow flow =
        track(
            MediaFlow.builder()
                .workers(2)
                .handler(
                    "long",
                    ctx -> {
                      started.countDown();
                      while (!ctx.isCancelled()) {
                        Thread.onSpinWait();
                      }
                      sawCancel.set(true);
                      return Optional.of("late");
                    })
                .build()
                .start());
    JobHandle h = flow.submit("long", "");
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(flow.cancel(h.id())).isTrue();
    eventually(sawCancel::get, "handler saw the cancel flag");
    JobResult r = h.await(Duration.ofSeconds(5));
    assertThat(r.state()).isEqualTo(JobState.CANCELLED);
    assertThat(h.status().result()).isEmpty();
  }

  @Test
  void timeout_fails_with_timeout_and_retries() {
    AtomicInteger calls = new AtomicInteger();
    MediaFlow flow =
        track(
            MediaFlow.builder()
                .workers(2)
                .jobTimeout("slow", Duration.ofMillis(100))
                .retryPolicy(
                    "slow", RetryPolicy.builder().fixed(Duration.ZERO).maxAttempts(2).build())
                .handler(
                    "slow",
                    ctx -> {
                      if (calls.incrementAndGet() == 1) {
                        new CountDownLatch(1).await(); // until interrupted by the timeout
                      }
                      return Optional.of("second");
                    })
                .build()
                .start());
    List<Event> failures = new CopyOnWriteArrayList<>();
    flow.events().subscribe("job.failed", failures::add);
    JobHandle h = flow.submit("slow", "");
    JobResult r = h.await(Duration.ofSeconds(10));
    assertThat(r.state()).isEqualTo(JobState.COMPLETED);
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(r.result()).contains("second");
    eventually(() -> !failures.isEmpty(), "job.failed event");
    assertThat(failures.get(0).data()).containsEntry("code", "TIMEOUT").containsEntry("attempt", 1);
  }

  @Test
  void expired_lease_is_taken_back_and_the_late_result_is_dropped() throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    CountDownLatch firstReturned = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    MediaFlow flow =
        track(
            MediaFlow.builder()
                .clock(clock)
                .workers(2)
                .lease(Duration.ofMinutes(1))
                .heartbeatInterval(Duration.ZERO)
                .handler(
                    "t",
                    ctx -> {
                      if (calls.incrementAndGet() == 1) {
                        firstStarted.countDown();
                        try {
                          releaseFirst.await();
                        } catch (InterruptedException e) {
                          // the lease loss interrupts us; finish late anyway
                        }
                        firstReturned.countDown();
                        return Optional.of("first");
                      }
                      return Optional.of("second");
                    })
                .build()
                .start());
    JobHandle h = flow.submit("t", "");
    assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
    clock.advance(Duration.ofMinutes(2));
    assertThat(flow.runWatchdog()).isEqualTo(1);
    JobResult r = h.await(Duration.ofSeconds(10));
    assertThat(r.state()).isEqualTo(JobState.COMPLETED);
    assertThat(r.result()).contains("second");
    releaseFirst.countDown();
    assertThat(firstReturned.await(10, TimeUnit.SECONDS)).isTrue();
    eventually(
        () -> flow.storage().jobs().countByState().getOrDefault(JobState.PROCESSING, 0L) == 0,
        "idle");
    assertThat(h.status().result()).contains("second");
    assertThat(h.status().attempts()).isEqualTo(2);
  }

  @RepeatedTest(3)
  void many_threads_submit_and_every_job_completes_once() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    MediaFlow flow =
        track(
            MediaFlow.builder()
                .workers(2, 8)
                .handler(
                    "n",
                    ctx -> {
                      runs.incrementAndGet();
                      return Optional.empty();
                    })
                .build()
                .start());
    int threads = 4;
    int each = 500;
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread th =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                List<JobRequest> batch = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                  if (id % 2 == 0) {
                    flow.submit("n", "");
                  } else {
                    batch.add(JobRequest.of("n", ""));
                  }
                }
                if (!batch.isEmpty()) {
                  flow.submitAll(batch);
                }
              });
      th.start();
      ts.add(th);
    }
    go.countDown();
    for (Thread t : ts) {
      t.join();
    }
    eventually(
        () ->
            flow.storage().jobs().countByState().getOrDefault(JobState.COMPLETED, 0L)
                == threads * each,
        "all jobs completed");
    assertThat(runs).hasValue(threads * each);
  }

  @Test
  void lifecycle_events_carry_job_id_type_and_attempt() {
    MediaFlow flow = track(deterministic().handler("t", ctx -> Optional.empty()).build());
    List<Event> events = new CopyOnWriteArrayList<>();
    flow.events().subscribe("job.*", events::add);
    JobHandle h = flow.submit("t", "");
    flow.runDueJobs();
    eventually(() -> events.size() >= 3, "three events");
    assertThat(events)
        .extracting(Event::type)
        .containsExactly("job.created", "job.started", "job.completed");
    assertThat(events.get(2).data())
        .containsEntry("jobId", h.id())
        .containsEntry("type", "t")
        .containsEntry("attempt", 1);
  }

  @Test
  void handler_progress_reaches_listeners_and_the_store() {
    List<Double> seen = new CopyOnWriteArrayList<>();
    MediaFlow flow =
        track(
            deterministic()
                .handler(
                    "t",
                    ctx -> {
                      try (var s = ctx.stage("work")) {
                        ctx.progress(50, "work");
                      }
                      ctx.log("INFO", "token=abc done");
                      return Optional.empty();
                    })
                .build());
    JobHandle h = flow.submit("t", "").onProgress(p -> seen.add(p.percent()));
    flow.runDueJobs();
    assertThat(seen).containsExactly(50.0);
    Job j = h.status();
    assertThat(j.stages()).extracting(s -> s.stage()).containsExactly("work");
    assertThat(j.stages().get(0).endedAt()).isPresent();
    assertThat(flow.storage().jobs().logs(h.id()).get(0).message()).doesNotContain("abc");
  }

  @Test
  void await_gives_up_with_await_timeout() {
    MediaFlow flow = track(deterministic().handler("t", ctx -> Optional.empty()).build());
    JobHandle h = flow.submit(JobRequest.of("t", "").withRunAt(T0.plusSeconds(60)));
    assertThatThrownBy(() -> h.await(Duration.ofMillis(20)))
        .isInstanceOf(MediaFlowException.class)
        .satisfies(
            e ->
                assertThat(((MediaFlowException) e).code()).isEqualTo(JobErrorCodes.AWAIT_TIMEOUT));
  }

  @Test
  void await_on_a_finished_job_leaves_no_waiter_behind() {
    MediaFlow flow = track(deterministic().handler("t", ctx -> Optional.empty()).build());
    JobHandle h = flow.submit("t", "");
    flow.runDueJobs();

    for (int i = 0; i < 3; i++) {
      assertThat(h.await(Duration.ofSeconds(1)).state()).isEqualTo(JobState.COMPLETED);
    }

    assertThat(flow.engine().waitedOn()).isZero();
  }

  @Test
  void await_that_times_out_leaves_no_waiter_behind() {
    MediaFlow flow = track(deterministic().handler("t", ctx -> Optional.empty()).build());
    JobHandle h = flow.submit(JobRequest.of("t", "").withRunAt(T0.plusSeconds(60)));

    assertThatThrownBy(() -> h.await(Duration.ofMillis(5))).isInstanceOf(MediaFlowException.class);

    assertThat(flow.engine().waitedOn()).isZero();
  }

  @Test
  void await_on_a_job_finishing_meanwhile_is_woken_and_cleans_up() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    MediaFlow flow =
        track(
            MediaFlow.builder()
                .clock(clock)
                .workers(1)
                .operators(TestOperators.registry())
                .handler(
                    "t",
                    ctx -> {
                      running.countDown();
                      release.await(10, TimeUnit.SECONDS);
                      return Optional.of("ok");
                    })
                .build()
                .start());
    JobHandle h = flow.submit("t", "");
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    List<JobResult> results = new CopyOnWriteArrayList<>();
    List<Thread> waiting = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Thread t = new Thread(() -> results.add(h.await(Duration.ofSeconds(10))));
      waiting.add(t);
      t.start();
    }
    eventually(() -> flow.engine().waitedOn() == 1, "both await the one job");

    release.countDown();
    for (Thread t : waiting) {
      t.join(10_000);
    }

    assertThat(results).extracting(JobResult::state).containsOnly(JobState.COMPLETED);
    assertThat(results).hasSize(2);
    assertThat(flow.engine().waitedOn()).isZero();
  }

  @Test
  void unknown_type_on_this_node_is_not_claimed() {
    MediaFlow flow = track(deterministic().handler("t", ctx -> Optional.empty()).build());
    JobHandle h = flow.submit("other", "");
    assertThat(flow.runDueJobs()).isZero();
    assertThat(h.status().state()).isEqualTo(JobState.PENDING);
  }

  @Test
  void jobs_query_and_job_lookup() {
    MediaFlow flow = track(deterministic().handler("t", ctx -> Optional.empty()).build());
    JobHandle h = flow.submit("t", "");
    assertThat(flow.job(h.id())).isPresent();
    assertThat(flow.job("nope")).isEmpty();
    assertThat(flow.jobs(JobQuery.all().withType("t")).items()).hasSize(1);
  }
}
