package io.mediaflow;

import static io.mediaflow.MediaFlowEngineTest.eventually;
import static io.mediaflow.testkit.JobAssertions.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.backend.ExecutionControl;
import io.mediaflow.api.backend.ExecutionResult;
import io.mediaflow.api.backend.MediaBackend;
import io.mediaflow.api.backend.Progress;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobProgress;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.job.StageTiming;
import io.mediaflow.api.media.MediaInfo;
import io.mediaflow.api.plan.Invocation;
import io.mediaflow.api.spec.JobSpec;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.testkit.FakeMediaBackend;
import io.mediaflow.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaFlowFaultsTest {

  @TempDir Path dir;
  final ManualClock clock = ManualClock.at(MediaFlowEngineTest.T0);
  final List<MediaFlow> flows = new ArrayList<>();
  Path input;
  final MediaInfo clip = TestOperators.clip(4, 1280, 720);

  @BeforeEach
  void input() throws IOException {
    input = Files.writeString(dir.resolve("in.mp4"), "not really media");
  }

  @AfterEach
  void closeFlows() {
    flows.forEach(MediaFlow::close);
  }

  FakeMediaBackend.Builder fake() {
    return FakeMediaBackend.builder().media(input, clip);
  }

  MediaFlow.Builder media(MediaBackend backend) {
    return MediaFlow.builder()
        .operators(TestOperators.registry())
        .workspace(Workspace.builder().baseDirectory(dir).build())
        .mediaBackend(backend)
        .nodeId("test");
  }

  MediaFlow track(MediaFlow f) {
    flows.add(f);
    return f;
  }

  JobSpec spec(String out) {
    return JobSpec.builder()
        .input("main", "file:in.mp4")
        .operation("scale")
        .from("main")
        .to("small")
        .param("width", 640)
        .param("height", -2)
        .output("small", "file:out/" + out)
        .build();
  }

  @Test
  void media_job_runs_end_to_end_with_stages_progress_and_outputs() {
    MediaFlow flow = track(media(fake().build()).clock(clock).runOnCallingThread().build());
    List<Event> progress = new CopyOnWriteArrayList<>();
    flow.events().subscribe("job.progress", progress::add);
    List<Double> local = new CopyOnWriteArrayList<>();
    JobHandle h = flow.submit(spec("a.mp4")).onProgress(p -> local.add(p.percent()));
    flow.runDueJobs();
    JobResult r = h.await(Duration.ofSeconds(1));
    assertThat(r.state()).isEqualTo(JobState.COMPLETED);
    assertThat(r.outputs()).containsExactly(dir.resolve("out/a.mp4").toAbsolutePath());
    assertThat(r.outputs().get(0)).isNotEmptyFile();
    assertThat(h.status().stages())
        .extracting(StageTiming::stage)
        .containsExactly("probe", "plan", "execute", "verify");
    assertThat(h.status().progress().percent()).isEqualTo(100.0);
    assertThat(local).isSorted().last().isEqualTo(100.0);
    eventually(() -> !progress.isEmpty(), "job.progress events");
    assertThat(progress.get(0).data()).containsEntry("jobId", h.id()).containsKey("percent");
  }

  /**
   * A backend that probes and renders arguments as {@code fake} does and runs invocations with
   * {@code run}: a fault or a measurement around the fake.
   */
  static MediaBackend executing(
      String name,
      MediaBackend fake,
      java.util.function.BiFunction<Invocation, ExecutionControl, ExecutionResult> run) {
    return new MediaBackend() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public MediaInfo probe(Path file) {
        return fake.probe(file);
      }

      @Override
      public List<String> arguments(Invocation invocation) {
        return fake.arguments(invocation);
      }

      @Override
      public ExecutionResult execute(Invocation invocation, ExecutionControl control) {
        return run.apply(invocation, control);
      }
    };
  }

  /** The fake backend, reporting the time left as FFmpeg's speed lets the real one tell it. */
  static MediaBackend withEta(MediaBackend fake) {
    return executing(
        fake.name(),
        fake,
        (invocation, control) -> {
          return fake.execute(
              invocation,
              new ExecutionControl() {
                @Override
                public void progress(Progress p) {
                  control.progress(
                      new Progress(
                          p.percent(),
                          p.position(),
                          2.0,
                          Optional.of(Duration.ofSeconds(Math.round(100 - p.percent())))));
                }

                @Override
                public boolean isCancelled() {
                  return control.isCancelled();
                }
              });
        });
  }

  @Test
  void media_job_progress_carries_the_time_left_the_backend_reports() {
    MediaFlow flow =
        track(
            media(withEta(fake().progressSteps(4).build()))
                .clock(clock)
                .runOnCallingThread()
                .build());
    List<Event> events = new CopyOnWriteArrayList<>();
    flow.events().subscribe("job.progress", events::add);
    List<JobProgress> seen = new CopyOnWriteArrayList<>();
    JobHandle h = flow.submit(spec("eta.mp4")).onProgress(seen::add);

    flow.runDueJobs();

    assertThat(h.await(Duration.ofSeconds(1)).state()).isEqualTo(JobState.COMPLETED);
    List<JobProgress> executing = seen.stream().filter(p -> p.step().equals("execute")).toList();
    assertThat(executing).isNotEmpty();
    assertThat(executing.get(0).eta()).contains(Duration.ofSeconds(100));
    assertThat(seen.stream().filter(p -> p.step().equals("probe")).map(JobProgress::eta))
        .allMatch(Optional::isEmpty);
    eventually(
        () -> events.stream().anyMatch(e -> e.data().containsKey("etaMillis")),
        "a job.progress event with etaMillis");
    assertThat(events)
        .filteredOn(e -> e.data().containsKey("etaMillis"))
        .first()
        .satisfies(e -> assertThat(e.data()).containsEntry("etaMillis", 100_000L));
  }

  @Test
  void invalid_spec_is_refused_and_nothing_is_queued() {
    MediaFlow flow = track(media(fake().build()).clock(clock).runOnCallingThread().build());
    long before = flow.jobs(JobQuery.all()).total();
    JobSpec bad =
        JobSpec.builder()
            .input("main", "file:in.mp4")
            .operation("nope")
            .from("main")
            .to("x")
            .output("x", "file:out/x.mp4")
            .build();
    assertThatThrownBy(() -> flow.submit(bad))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("UNKNOWN_OPERATOR")
        .hasMessageContaining("operations[0]");
    assertThat(flow.jobs(JobQuery.all()).total()).isEqualTo(before);
  }

  @Test
  void backend_that_throws_fails_with_its_code_and_retries_per_policy() {
    MediaFlow flow =
        track(
            media(fake().failWith(ErrorCode.PROCESSING_FAILED, 1).build())
                .clock(clock)
                .runOnCallingThread()
                .retryPolicy(
                    "media", RetryPolicy.builder().fixed(Duration.ofSeconds(10)).jitter(0).build())
                .build());
    JobHandle h = flow.submit(spec("b.mp4"));
    flow.runDueJobs();
    Job j = h.status();
    assertThatJob(j).isInState(JobState.SCHEDULED).failedWith("PROCESSING_FAILED");
    assertThat(j.scheduledAt()).isEqualTo(MediaFlowEngineTest.T0.plusSeconds(10));
    assertThat(j.stages())
        .filteredOn(s -> s.stage().equals("execute"))
        .first()
        .satisfies(s -> assertThat(s.error()).contains("PROCESSING_FAILED"));
    clock.advance(Duration.ofSeconds(10));
    flow.runDueJobs();
    assertThatJob(h.status()).isCompleted().hasAttempts(2);
  }

  @Test
  void backend_that_returns_garbage_fails_verification() {
    MediaFlow flow =
        track(
            media(fake().returnGarbage().build())
                .clock(clock)
                .runOnCallingThread()
                .retryPolicy("media", RetryPolicy.none())
                .build());
    JobHandle h = flow.submit(spec("c.mp4"));
    flow.runDueJobs();
    assertThatJob(h.status()).isDead().failedWith("OUTPUT_INVALID");
    assertThat(dir.resolve("out/c.mp4")).doesNotExist();
  }

  @Test
  void missing_input_is_not_retried() {
    FakeMediaBackend empty = FakeMediaBackend.builder().build();
    MediaFlow flow = track(media(empty).clock(clock).runOnCallingThread().build());
    JobHandle h = flow.submit(spec("d.mp4"));
    flow.runDueJobs();
    assertThatJob(h.status()).isDead().hasAttempts(1).failedWith("INPUT_NOT_FOUND");
  }

  @Test
  @org.junit.jupiter.api.Timeout(
      value = 30,
      unit = TimeUnit.SECONDS,
      threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
  void a_fifo_input_fails_the_job_at_once_before_anything_opens_it() throws IOException {
    Files.delete(input);
    WorkspaceTest.fifo(input);
    MediaFlow flow = track(media(fake().build()).clock(clock).runOnCallingThread().build());

    JobHandle h = flow.submit(spec("fifo.mp4"));
    flow.runDueJobs();

    assertThatJob(h.status()).isDead().hasAttempts(1).failedWith("NOT_A_REGULAR_FILE");
    assertThat(h.status().error().orElseThrow().message())
        .contains("inputs[0].source")
        .contains("FIFO");
    assertThat(dir.resolve("out/fifo.mp4")).doesNotExist();
  }

  @Test
  void a_destination_created_while_the_job_runs_is_kept_and_the_job_fails() {
    Path out = dir.resolve("out/taken.mp4");
    FakeMediaBackend fake = fake().build();
    MediaBackend racing =
        executing(
            fake.name(),
            fake,
            (invocation, control) -> {
              ExecutionResult result = fake.execute(invocation, control);
              try {
                Files.writeString(out, "someone else's"); // created during the run
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
              return result;
            });
    MediaFlow flow =
        track(
            media(racing)
                .clock(clock)
                .runOnCallingThread()
                .retryPolicy("media", RetryPolicy.none())
                .build());

    JobHandle h = flow.submit(spec("taken.mp4"));
    flow.runDueJobs();

    assertThatJob(h.status()).isDead().failedWith("DESTINATION_EXISTS");
    assertThat(out).hasContent("someone else's");
    assertThat(dir.resolve("out").toFile().list()).containsExactly("taken.mp4");
  }

  @Test
  void backend_that_hangs_times_out_and_frees_the_worker() {
    MediaFlow flow =
        track(
            media(fake().hangUntilCancelled().build())
                .workers(2)
                .jobTimeout("media", Duration.ofMillis(200))
                .retryPolicy("media", RetryPolicy.none())
                .handler("quick", ctx -> Optional.of("done"))
                .build()
                .start());
    JobHandle stuck = flow.submit(spec("e.mp4"));
    JobHandle quick = flow.submit("quick", "");
    assertThat(quick.await(Duration.ofSeconds(5)).state()).isEqualTo(JobState.COMPLETED);
    JobResult r = stuck.await(Duration.ofSeconds(10));
    assertThat(r.state()).isEqualTo(JobState.DEAD);
    assertThat(r.error().orElseThrow().code()).isEqualTo("TIMEOUT");
    // the worker is free again
    assertThat(flow.submit("quick", "").await(Duration.ofSeconds(5)).state())
        .isEqualTo(JobState.COMPLETED);
  }

  /** Blocks until {@code release} opens, waiting again on every interrupt, as a stuck backend. */
  static void awaitIgnoringInterrupts(CountDownLatch release, AtomicInteger interrupts) {
    while (true) {
      try {
        release.await();
        return;
      } catch (InterruptedException e) {
        interrupts.incrementAndGet();
      }
    }
  }

  /** A stubborn handler, released only when the test says so, and the engine it runs in. */
  final class Stubborn {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch returned = new CountDownLatch(1);
    final AtomicInteger interrupts = new AtomicInteger();
    final List<Event> events = new CopyOnWriteArrayList<>();
    final MediaFlow flow;

    Stubborn(RetryPolicy retry) {
      this(retry, MediaFlow.DEFAULT_DRAIN_TIMEOUT);
    }

    Stubborn(RetryPolicy retry, Duration drainTimeout) {
      flow =
          track(
              MediaFlow.builder()
                  .clock(clock)
                  .workers(1)
                  // heartbeats go by wall time: a long lease outlives the clock's jumps below
                  .lease(Duration.ofHours(1))
                  .jobTimeout("stubborn", Duration.ofSeconds(10))
                  .timeoutGrace(Duration.ofSeconds(30))
                  .drainTimeout(drainTimeout)
                  .retryPolicy("stubborn", retry)
                  .handler(
                      "stubborn",
                      ctx -> {
                        started.countDown();
                        try {
                          awaitIgnoringInterrupts(release, interrupts);
                          return Optional.of("late");
                        } finally {
                          returned.countDown();
                        }
                      })
                  .handler("quick", ctx -> Optional.of("done"))
                  .build()
                  .start());
      flow.events().subscribe("job.*", events::add);
    }

    /** Submits a stubborn job and moves the clock past its timeout, then past the grace. */
    JobHandle submitAndOutlastTimeoutAndGrace() throws InterruptedException {
      JobHandle job = flow.submit("stubborn", "");
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      clock.advance(Duration.ofSeconds(11));
      flow.runWatchdog(); // interrupts it and sets its cancel flag: it waits on regardless
      eventually(() -> interrupts.get() > 0, "the stubborn handler was interrupted");
      assertThat(job.status().state()).isEqualTo(JobState.PROCESSING);
      clock.advance(Duration.ofSeconds(30));
      flow.runWatchdog(); // the grace is over: the engine gives up on it
      return job;
    }

    long eventsOf(String jobId, String type) {
      return events.stream()
          .filter(e -> e.type().equals(type) && jobId.equals(e.data().get("jobId")))
          .count();
    }

    HealthCheck.Result workersCheck() {
      return flow.health().checks().stream()
          .filter(c -> c.name().equals("workers"))
          .findFirst()
          .orElseThrow();
    }
  }

  @Test
  void handler_that_ignores_its_timeout_is_given_up_on_and_its_worker_replaced() throws Exception {
    Stubborn s = new Stubborn(RetryPolicy.none());
    JobHandle stuck = s.submitAndOutlastTimeoutAndGrace();

    JobResult r = stuck.await(Duration.ofSeconds(10));
    assertThat(r.state()).isEqualTo(JobState.DEAD);
    assertThat(r.error().orElseThrow().code()).isEqualTo("TIMEOUT");
    assertThat(r.error().orElseThrow().message())
        .contains("ran longer than its timeout of PT10S")
        .contains("its thread was given up on");
    assertThat(s.returned.getCount()).as("the handler is still blocked").isEqualTo(1);

    // the pool of one goes on with a new worker
    JobHandle quick = s.flow.submit("quick", "");
    assertThat(quick.await(Duration.ofSeconds(10)).state()).isEqualTo(JobState.COMPLETED);
    assertThat(s.flow.engine().stuckWorkers()).isEqualTo(1);
    assertThat(s.flow.engine().workerCount()).isEqualTo(1);
    HealthCheck.Result workers = s.workersCheck();
    assertThat(workers.status()).isEqualTo(Health.Status.DEGRADED);
    assertThat(workers.reason())
        .isEqualTo(
            "1 of 1 workers alive, 1 stuck in a handler that ignored its timeout (replaced)");
    Job dead = s.flow.storage().jobs().find(stuck.id()).orElseThrow();

    s.release.countDown();
    assertThat(s.returned.await(10, TimeUnit.SECONDS)).isTrue();
    eventually(() -> s.flow.engine().stuckWorkers() == 0, "the stuck thread came back and ended");
    // its late result changed nothing, and the pool still works
    JobHandle after = s.flow.submit("quick", "");
    assertThat(after.await(Duration.ofSeconds(10)).state()).isEqualTo(JobState.COMPLETED);
    eventually(() -> s.eventsOf(after.id(), "job.completed") == 1, "events delivered");
    Job later = s.flow.storage().jobs().find(stuck.id()).orElseThrow();
    assertThatJob(later).isDead().hasAttempts(1).failedWith("TIMEOUT");
    assertThat(later.version()).isEqualTo(dead.version());
    assertThat(s.eventsOf(stuck.id(), "job.failed")).isEqualTo(1);
    assertThat(s.eventsOf(stuck.id(), "job.dead")).isEqualTo(1);
    assertThat(s.eventsOf(stuck.id(), "job.completed")).isZero();
    assertThat(s.flow.engine().workerCount()).isEqualTo(1);
    assertThat(s.workersCheck().status()).isEqualTo(Health.Status.HEALTHY);
    assertThat(s.workersCheck().reason()).isEqualTo("1 of 1 workers alive");
  }

  @Test
  void close_does_not_wait_for_a_thread_given_up_on_and_threads_stay_within_the_maximum()
      throws Exception {
    Stubborn s = new Stubborn(RetryPolicy.none(), Duration.ofHours(1));
    JobHandle stuck = s.submitAndOutlastTimeoutAndGrace();
    assertThat(stuck.await(Duration.ofSeconds(10)).state()).isEqualTo(JobState.DEAD);
    for (int i = 0; i < 5; i++) {
      assertThat(s.flow.submit("quick", "").await(Duration.ofSeconds(10)).state())
          .isEqualTo(JobState.COMPLETED);
    }
    String prefix = "mediaflow-" + s.flow.engine().config().nodeId() + "-worker-";
    assertThat(
            Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
                .count())
        .as("the one worker and the thread given up on")
        .isLessThanOrEqualTo(2);

    // a drain of an hour: close returns once the running work is done, not when the stuck one is
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> s.flow.close());
    assertThat(s.returned.getCount()).as("the handler is still blocked").isEqualTo(1);
    s.release.countDown();
    assertThat(s.returned.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void handler_that_ignores_its_timeout_is_retried_per_policy_without_waiting_for_it()
      throws Exception {
    Stubborn s =
        new Stubborn(
            RetryPolicy.builder().fixed(Duration.ofMinutes(5)).maxAttempts(3).jitter(0).build());
    JobHandle stuck = s.submitAndOutlastTimeoutAndGrace();

    eventually(
        () -> stuck.status().state() == JobState.SCHEDULED, "the timed-out job is scheduled again");
    Job scheduled = stuck.status();
    assertThatJob(scheduled).hasAttempts(1).failedWith("TIMEOUT");
    assertThat(scheduled.scheduledAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(s.returned.getCount()).as("the handler is still blocked").isEqualTo(1);

    s.release.countDown();
    assertThat(s.returned.await(10, TimeUnit.SECONDS)).isTrue();
    eventually(() -> s.flow.engine().stuckWorkers() == 0, "the stuck thread came back and ended");
    Job later = stuck.status();
    assertThat(later.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(later.version()).isEqualTo(scheduled.version());
    assertThat(s.flow.submit("quick", "").await(Duration.ofSeconds(10)).state())
        .isEqualTo(JobState.COMPLETED);
  }

  @Test
  void media_backend_stuck_past_the_grace_gives_its_cpu_back_to_the_next_media_job()
      throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch returned = new CountDownLatch(1);
    AtomicInteger interrupts = new AtomicInteger();
    AtomicInteger runs = new AtomicInteger();
    FakeMediaBackend fake = fake().build();
    MediaBackend stuckOnce =
        executing(
            "stuck-once",
            fake,
            (invocation, control) -> {
              if (runs.incrementAndGet() > 1) {
                return fake.execute(invocation, control);
              }
              started.countDown();
              try {
                awaitIgnoringInterrupts(release, interrupts);
                throw new IllegalStateException("came back too late");
              } finally {
                returned.countDown();
              }
            });
    MediaFlow flow =
        track(
            media(stuckOnce)
                .clock(clock)
                .workers(1)
                .lease(Duration.ofHours(1))
                .cpuBudget(2)
                .cpuWeigher(plan -> 2) // the whole budget: the next media job needs it back
                .jobTimeout("media", Duration.ofSeconds(10))
                .timeoutGrace(Duration.ofSeconds(30))
                .retryPolicy("media", RetryPolicy.none())
                .build()
                .start());
    JobHandle stuck = flow.submit(spec("s.mp4"));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    clock.advance(Duration.ofSeconds(11));
    flow.runWatchdog();
    eventually(() -> interrupts.get() > 0, "the backend was interrupted");
    clock.advance(Duration.ofSeconds(30));
    flow.runWatchdog();
    JobResult r = stuck.await(Duration.ofSeconds(10));
    assertThat(r.state()).isEqualTo(JobState.DEAD);
    assertThat(r.error().orElseThrow().code()).isEqualTo("TIMEOUT");

    JobHandle next = flow.submit(spec("n.mp4"));
    assertThat(next.await(Duration.ofSeconds(10)).state()).isEqualTo(JobState.COMPLETED);

    release.countDown();
    assertThat(returned.await(10, TimeUnit.SECONDS)).isTrue();
    eventually(() -> flow.engine().stuckWorkers() == 0, "the stuck thread came back and ended");
    assertThatJob(flow.storage().jobs().find(stuck.id()).orElseThrow())
        .isDead()
        .hasAttempts(1)
        .failedWith("TIMEOUT");
    // its cores were given back once, not twice: one job at a time still fits the budget
    assertThat(flow.submit(spec("m.mp4")).await(Duration.ofSeconds(10)).state())
        .isEqualTo(JobState.COMPLETED);
  }

  @Test
  void handler_that_throws_leaves_other_jobs_alone() {
    MediaFlow flow =
        track(
            MediaFlow.builder()
                .workers(2)
                .retryPolicy("boom", RetryPolicy.none())
                .handler(
                    "boom",
                    ctx -> {
                      throw new IllegalStateException("kaput");
                    })
                .handler("ok", ctx -> Optional.of("fine"))
                .build()
                .start());
    List<JobHandle> oks = new ArrayList<>();
    JobHandle boom = flow.submit("boom", "");
    for (int i = 0; i < 20; i++) {
      oks.add(flow.submit("ok", ""));
    }
    JobResult r = boom.await(Duration.ofSeconds(5));
    assertThat(r.state()).isEqualTo(JobState.DEAD);
    assertThat(r.error().orElseThrow().code()).isEqualTo("HANDLER_FAILED");
    assertThat(r.error().orElseThrow().message()).contains("kaput");
    for (JobHandle ok : oks) {
      assertThat(ok.await(Duration.ofSeconds(5)).state()).isEqualTo(JobState.COMPLETED);
    }
  }

  @Test
  void close_during_processing_loses_no_job() throws Exception {
    CountDownLatch started = new CountDownLatch(2);
    AtomicInteger done = new AtomicInteger();
    MediaFlow flow =
        MediaFlow.builder()
            .workers(2)
            .drainTimeout(Duration.ofMillis(200))
            .handler(
                "t",
                ctx -> {
                  started.countDown();
                  if (ctx.job().payload().equals("slow")) {
                    new CountDownLatch(1).await(); // until the drain gives up and interrupts
                  }
                  done.incrementAndGet();
                  return Optional.empty();
                })
            .build()
            .start();
    for (int i = 0; i < 2; i++) {
      flow.submit("t", "slow");
    }
    for (int i = 0; i < 30; i++) {
      flow.submit("t", "fast");
    }
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    flow.close();
    List<Job> all = flow.jobs(JobQuery.all().withPage(0, 100)).items();
    assertThat(all).hasSize(32);
    assertThat(all)
        .allSatisfy(j -> assertThat(j.state()).isIn(JobState.COMPLETED, JobState.PENDING));
    assertThat(all)
        .filteredOn(j -> j.payload().equals("slow"))
        .allSatisfy(j -> assertThat(j.state()).isEqualTo(JobState.PENDING));
  }

  @Test
  void cpu_admission_never_runs_more_than_the_budget_allows() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    FakeMediaBackend fake = fake().build();
    MediaBackend slow =
        executing(
            "slow",
            fake,
            (invocation, control) -> {
              int now = running.incrementAndGet();
              peak.accumulateAndGet(now, Math::max);
              try {
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(30);
                while (System.nanoTime() < until) {
                  Thread.onSpinWait(); // simulated work
                }
                return fake.execute(invocation, control);
              } finally {
                running.decrementAndGet();
              }
            });
    MediaFlow flow =
        track(media(slow).workers(4).cpuBudget(2).cpuWeigher(plan -> 1.5).build().start());
    List<JobHandle> hs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      hs.add(flow.submit(spec("p" + i + ".mp4")));
    }
    for (JobHandle h : hs) {
      assertThat(h.await(Duration.ofSeconds(20)).state()).isEqualTo(JobState.COMPLETED);
    }
    assertThat(peak).hasValue(1);
  }

  @Test
  void open_circuit_fails_fast_with_circuit_open_and_is_rescheduled() {
    MediaFlow flow =
        track(
            media(fake().failWith(ErrorCode.PROCESSING_FAILED, 1000).build())
                .clock(clock)
                .runOnCallingThread()
                .retryPolicy(
                    "media", RetryPolicy.builder().fixed(Duration.ZERO).maxAttempts(1).build())
                .build());
    for (int i = 0; i < 12; i++) {
      flow.submit(spec("f" + i + ".mp4"));
    }
    flow.runDueJobs();
    List<Job> dead = flow.dead();
    assertThat(dead).extracting(j -> j.error().orElseThrow().code()).contains("CIRCUIT_OPEN");
    Job open =
        dead.stream()
            .filter(j -> j.error().orElseThrow().code().equals("CIRCUIT_OPEN"))
            .findFirst()
            .orElseThrow();
    assertThat(open.error().orElseThrow().retryable()).isTrue();
  }

  @Test
  void an_open_circuit_reschedules_the_jobs_it_refuses_and_they_complete_once_it_closes() {
    FakeMediaBackend backend = fake().failWith(ErrorCode.PROCESSING_FAILED, 10).build();
    MediaFlow flow =
        track(
            media(backend)
                .clock(clock)
                .runOnCallingThread()
                .retryPolicy(
                    "media",
                    RetryPolicy.builder().fixed(Duration.ofMinutes(1)).maxAttempts(5).build())
                .build());
    List<JobHandle> handles = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      handles.add(flow.submit(spec("c" + i + ".mp4")));
    }

    flow.runDueJobs();

    // ten real failures open the breaker (10 calls, 100 % failed); the last two never reach the
    // backend, and wait in SCHEDULED like any retryable failure instead of going dead
    assertThat(backend.executions()).hasSize(10);
    assertThat(flow.dead()).isEmpty();
    List<Job> refused =
        handles.stream()
            .map(JobHandle::status)
            .filter(j -> j.error().map(e -> e.code().equals("CIRCUIT_OPEN")).orElse(false))
            .toList();
    assertThat(refused).hasSize(2);
    assertThat(refused)
        .allSatisfy(
            j -> {
              assertThat(j.state()).isEqualTo(JobState.SCHEDULED);
              assertThat(j.error().orElseThrow().retryable()).isTrue();
            });

    // past the retry delay (1 min, with its jitter) and the breaker's open wait (30 s): half-open,
    // and the backend has recovered
    clock.advance(Duration.ofMinutes(2));
    flow.runDueJobs();

    assertThat(handles)
        .allSatisfy(h -> assertThat(h.status().state()).isEqualTo(JobState.COMPLETED));
    assertThat(backend.executions()).hasSize(22);
  }

  @Test
  void an_operator_that_fails_most_jobs_opens_its_own_breaker_and_others_go_on() {
    FakeMediaBackend fake = fake().build();
    List<String> ran = new CopyOnWriteArrayList<>();
    // a backend that breaks every run with a scale in it, as a broken plugin or filter would
    MediaBackend breaksScale =
        executing(
            fake.name(),
            fake,
            (invocation, control) -> {
              boolean scale = invocation.filters().stream().anyMatch(f -> f.name().equals("scale"));
              ran.add(scale ? "scale" : "other");
              if (scale) {
                throw new io.mediaflow.api.MediaFlowException(
                    ErrorCode.PROCESSING_FAILED, "scale broke", "", true, null);
              }
              return fake.execute(invocation, control);
            });
    MediaFlow flow =
        track(
            media(breaksScale)
                .clock(clock)
                .runOnCallingThread()
                .retryPolicy("media", RetryPolicy.none())
                .build());
    List<JobHandle> scaled = new ArrayList<>();
    List<JobHandle> thumbs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      scaled.add(flow.submit(spec("s" + i + ".mp4")));
      for (int k = 0; k < 2; k++) {
        thumbs.add(
            flow.submit(
                JobSpec.builder()
                    .input("main", "file:in.mp4")
                    .operation("thumbnail")
                    .from("main")
                    .to("poster")
                    .param("at", 1)
                    .output("poster", "file:out/t" + i + "-" + k + ".png")
                    .build()));
      }
    }

    flow.runDueJobs();

    // ten scale runs fail (10 calls at 100 %): operator:scale opens; the last two scale jobs are
    // refused without running, and the backend's breaker (a third of its runs failed) stays closed
    assertThat(ran.stream().filter("scale"::equals)).hasSize(10);
    assertThat(scaled.subList(0, 10))
        .allSatisfy(
            h ->
                assertThat(h.status().error().orElseThrow().code()).isEqualTo("PROCESSING_FAILED"));
    assertThat(scaled.subList(10, 12))
        .allSatisfy(
            h -> {
              assertThat(h.status().error().orElseThrow().code()).isEqualTo("CIRCUIT_OPEN");
              assertThat(h.status().error().orElseThrow().message()).contains("operator:scale");
            });
    assertThat(thumbs)
        .allSatisfy(h -> assertThat(h.status().state()).isEqualTo(JobState.COMPLETED));
  }
}
