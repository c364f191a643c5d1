package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobContext;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobErrorCodes;
import io.mediaflow.api.job.JobHandler;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.job.StepType;
import io.mediaflow.api.store.Checkpoint;
import io.mediaflow.api.store.CheckpointStore;
import io.mediaflow.api.store.JobStore;
import io.mediaflow.api.store.SavedState;
import io.mediaflow.api.store.ScheduleStore;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.WebhookStore;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ctx.step} and {@code saveState}/{@code loadState} on the engine, in calling-thread mode on
 * a manual clock: a finished step never runs again, whatever makes its job run again; a replay that
 * asks for other steps, a result too large or unreadable, and a primitive called where it cannot be
 * each end the job with their code and a message naming the place.
 */
class DurableStepsTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final RetryPolicy ONE_MINUTE =
      RetryPolicy.builder().fixed(Duration.ofMinutes(1)).jitter(0).maxAttempts(5).build();

  final ManualClock clock = ManualClock.at(T0);
  final InMemoryStorage storage = new InMemoryStorage();
  final List<MediaFlow> flows = new ArrayList<>();

  /** How many times each step body ran, by name. */
  final Map<String, AtomicInteger> ran = new ConcurrentHashMap<>();

  @AfterEach
  void close() {
    flows.forEach(MediaFlow::close);
  }

  MediaFlow flow(JobHandler handler) {
    return flow(handler, MediaFlow.builder());
  }

  MediaFlow flow(JobHandler handler, MediaFlow.Builder b) {
    MediaFlow f =
        b.storage(storage)
            .clock(clock)
            .runOnCallingThread()
            .operators(TestOperators.registry())
            .retryPolicy(ONE_MINUTE)
            .handler("durable", handler)
            .build();
    flows.add(f);
    return f;
  }

  /** A step body that counts its runs and returns {@code value}. */
  <T> T step(JobContext ctx, String name, Class<T> type, T value) throws Exception {
    return ctx.step(
        name,
        type,
        () -> {
          ran.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
          return value;
        });
  }

  int ran(String name) {
    AtomicInteger n = ran.get(name);
    return n == null ? 0 : n.get();
  }

  Job job(JobHandle h) {
    return h.status();
  }

  JobError error(JobHandle h) {
    return job(h).error().orElseThrow();
  }

  @Test
  void a_finished_step_answers_from_its_checkpoint_when_a_later_failure_retries_the_job() {
    AtomicInteger attempt = new AtomicInteger();
    MediaFlow flow =
        flow(
            ctx -> {
              String a = step(ctx, "download", String.class, "file-1");
              int n = attempt.incrementAndGet();
              String b =
                  ctx.step(
                      "transcode",
                      String.class,
                      () -> {
                        ran.computeIfAbsent("transcode", k -> new AtomicInteger())
                            .incrementAndGet();
                        if (n == 1) {
                          throw new IllegalStateException("encoder busy");
                        }
                        return a + ".mp4";
                      });
              return Optional.of(b);
            });
    JobHandle h = flow.submit("durable", "");

    flow.runDueJobs();
    assertThat(job(h).state()).isEqualTo(JobState.SCHEDULED);
    clock.advance(Duration.ofMinutes(1));
    flow.runDueJobs();

    assertThat(job(h).state()).isEqualTo(JobState.COMPLETED);
    assertThat(job(h).result()).contains("file-1.mp4");
    assertThat(ran("download")).as("checkpointed: never again").isEqualTo(1);
    assertThat(ran("transcode")).as("its body threw: run again").isEqualTo(2);
    assertThat(job(h).attempts()).isEqualTo(2);
  }

  @Test
  void a_finished_step_answers_from_its_checkpoint_after_the_watchdog_took_back_a_lost_lease() {
    AtomicReference<MediaFlow> self = new AtomicReference<>();
    AtomicInteger attempt = new AtomicInteger();
    MediaFlow flow =
        flow(
            ctx -> {
              String a = step(ctx, "a", String.class, "A");
              if (attempt.incrementAndGet() == 1) {
                // this node stalls past its lease: the watchdog gives the job to the queue
                clock.advance(MediaFlow.DEFAULT_LEASE.plusSeconds(1));
                assertThat(self.get().runWatchdog()).isOne();
              }
              return Optional.of(a + step(ctx, "b", String.class, "B"));
            });
    self.set(flow);
    JobHandle h = flow.submit("durable", "");

    flow.runDueJobs();

    assertThat(job(h).state()).isEqualTo(JobState.COMPLETED);
    assertThat(job(h).result()).contains("AB");
    assertThat(attempt.get()).as("ran again after the take-back").isEqualTo(2);
    assertThat(ran("a")).isEqualTo(1);
    assertThat(ran("b")).as("the stalled attempt's b was saved first: answered").isEqualTo(1);
  }

  @Test
  void step_results_of_generic_types_and_null_come_back_from_their_checkpoints() {
    AtomicInteger attempt = new AtomicInteger();
    List<Object> seen = new ArrayList<>();
    MediaFlow flow =
        flow(
            ctx -> {
              List<Map<String, Integer>> list =
                  ctx.step(
                      "list",
                      new StepType<List<Map<String, Integer>>>() {},
                      () -> List.of(Map.of("x", 1), Map.of("y", 2)));
              String none = ctx.step("none", String.class, () -> null);
              Void nothing = ctx.step("void", Void.class, () -> null);
              seen.add(list.get(1).get("y"));
              seen.add(none);
              seen.add(nothing);
              if (attempt.incrementAndGet() == 1) {
                throw new IllegalStateException("fail once");
              }
              return Optional.empty();
            });
    JobHandle h = flow.submit("durable", "");
    flow.runDueJobs();
    clock.advance(Duration.ofMinutes(1));
    flow.runDueJobs();

    assertThat(job(h).state()).isEqualTo(JobState.COMPLETED);
    assertThat(seen).containsExactly(2, null, null, 2, null, null);
  }

  @Test
  void a_replay_that_asks_for_another_step_fails_the_job_dead_naming_the_position() {
    AtomicInteger attempt = new AtomicInteger();
    MediaFlow flow =
        flow(
            ctx -> {
              if (attempt.incrementAndGet() == 1) {
                step(ctx, "download", String.class, "x");
                throw new IllegalStateException("fail once");
              }
              step(ctx, "upload", String.class, "y");
              return Optional.empty();
            });
    JobHandle h = flow.submit("durable", "");
    flow.runDueJobs();
    clock.advance(Duration.ofMinutes(1));
    flow.runDueJobs();

    Job dead = job(h);
    assertThat(dead.state()).as("not retried").isEqualTo(JobState.DEAD);
    assertThat(dead.attempts()).isEqualTo(2);
    JobError e = dead.error().orElseThrow();
    assertThat(e.code()).isEqualTo(JobErrorCodes.NON_DETERMINISTIC_REPLAY.code());
    assertThat(e.retryable()).isFalse();
    assertThat(e.message())
        .isEqualTo(
            "job "
                + h.id()
                + ": history position 0 recorded STEP 'download' but the re-run asked for STEP"
                + " 'upload'");
    assertThat(e.suggestion()).startsWith("the code between durable calls must be deterministic");
    assertThat(ran("upload")).as("not run").isZero();
  }

  @Test
  void a_replay_that_asks_for_a_sleep_where_a_step_was_fails_naming_both_kinds() {
    AtomicInteger attempt = new AtomicInteger();
    MediaFlow flow =
        flow(
            ctx -> {
              if (attempt.incrementAndGet() == 1) {
                step(ctx, "a", String.class, "x");
                throw new IllegalStateException("fail once");
              }
              try {
                ctx.sleep(Duration.ofHours(1));
              } catch (RuntimeException swallowed) {
                // a handler that swallows the error does not keep the job alive
              }
              return Optional.of("went on");
            });
    JobHandle h = flow.submit("durable", "");
    flow.runDueJobs();
    clock.advance(Duration.ofMinutes(1));
    flow.runDueJobs();

    assertThat(job(h).state()).isEqualTo(JobState.DEAD);
    assertThat(error(h).message())
        .isEqualTo(
            "job "
                + h.id()
                + ": history position 0 recorded STEP 'a' but the re-run asked for TIMER 'sleep'");
  }

  @Test
  void a_loaded_state_skips_the_steps_before_it_and_the_replay_check_covers_only_those_after() {
    AtomicInteger attempt = new AtomicInteger();
    MediaFlow flow =
        flow(
            ctx -> {
              int n = attempt.incrementAndGet();
              Optional<Integer> done = ctx.loadState("done", Integer.class);
              if (done.isEmpty()) {
                step(ctx, "first", String.class, "1");
                step(ctx, "second", String.class, "2");
                ctx.saveState("done", 2);
              }
              String c = step(ctx, "third", String.class, "3");
              if (n == 1) {
                throw new IllegalStateException("fail once");
              }
              return Optional.of(done.map(String::valueOf).orElse("-") + c);
            });
    JobHandle h = flow.submit("durable", "");
    flow.runDueJobs();
    clock.advance(Duration.ofMinutes(1));
    flow.runDueJobs();

    assertThat(job(h).state()).isEqualTo(JobState.COMPLETED);
    assertThat(job(h).result()).contains("23");
    assertThat(ran("first")).isEqualTo(1);
    assertThat(ran("second")).isEqualTo(1);
    assertThat(ran("third")).as("answered at position 2, after the state").isEqualTo(1);
  }

  @Test
  void a_state_saved_again_overwrites_the_earlier_value() {
    MediaFlow flow =
        flow(
            ctx -> {
              ctx.saveState("cursor", Map.of("node", "a"));
              ctx.saveState("cursor", Map.of("node", "b"));
              @SuppressWarnings("unchecked")
              Map<String, String> m = ctx.loadState("cursor", Map.class).orElseThrow();
              return Optional.of(m.get("node"));
            });
    JobHandle h = flow.submit("durable", "");
    flow.runDueJobs();
    assertThat(job(h).result()).contains("b");
  }

  @Test
  void a_result_larger_than_the_limit_fails_the_job_with_its_size_and_the_limit() {
    MediaFlow flow =
        flow(
            ctx -> Optional.of(ctx.step("big", String.class, () -> "x".repeat(200))),
            MediaFlow.builder().maxStepResultBytes(100));
    JobHandle h = flow.submit("durable", "");
    flow.runDueJobs();

    assertThat(job(h).state()).isEqualTo(JobState.DEAD);
    assertThat(error(h).code()).isEqualTo(JobErrorCodes.STEP_RESULT_TOO_LARGE.code());
    assertThat(error(h).message())
        .isEqualTo(
            "job "
                + h.id()
                + ": the result of step 'big' is 202 bytes of JSON, over the limit of 100 bytes");
    assertThat(error(h).suggestion()).contains("MediaFlow.builder().maxStepResultBytes");
    assertThat(storage.checkpoints().history(h.id(), 0)).as("nothing recorded").isEmpty();
  }

  @Test
  void the_limit_counts_bytes_of_utf8_not_characters() {
    MediaFlow flow =
        flow(
            ctx -> Optional.of(ctx.step("big", String.class, () -> "é".repeat(60))),
            MediaFlow.builder().maxStepResultBytes(100));
    JobHandle h = flow.submit("durable", "");
    flow.runDueJobs();
    assertThat(error(h).message()).contains("is 122 bytes of JSON, over the limit of 100 bytes");
  }

  @Test
  void the_limit_option_refuses_a_size_out_of_range() {
    assertThatThrownBy(() -> MediaFlow.builder().maxStepResultBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxStepResultBytes must be between 1 and 268435456 but was 0");
  }

  @Test
  void a_result_jackson_cannot_write_fails_the_job_unreadable() {
    MediaFlow flow = flow(ctx -> Optional.of("" + ctx.step("odd", Object.class, Object::new)));
    JobHandle h = flow.submit("durable", "");
    flow.runDueJobs();

    assertThat(job(h).state()).isEqualTo(JobState.DEAD);
    assertThat(error(h).code()).isEqualTo(JobErrorCodes.STEP_RESULT_UNREADABLE.code());
    assertThat(error(h).message())
        .startsWith("job " + h.id() + ": the result of step 'odd' cannot be written as JSON: ")
        .contains("No serializer found for class java.lang.Object");
  }

  @Test
  void a_checkpoint_read_back_as_another_type_fails_the_job_unreadable() {
    AtomicInteger attempt = new AtomicInteger();
    MediaFlow flow =
        flow(
            ctx -> {
              if (attempt.incrementAndGet() == 1) {
                ctx.step("n", String.class, () -> "not a number");
                throw new IllegalStateException("fail once");
              }
              return Optional.of("" + ctx.step("n", Integer.class, () -> 1));
            });
    JobHandle h = flow.submit("durable", "");
    flow.runDueJobs();
    clock.advance(Duration.ofMinutes(1));
    flow.runDueJobs();

    assertThat(job(h).state()).isEqualTo(JobState.DEAD);
    assertThat(error(h).code()).isEqualTo(JobErrorCodes.STEP_RESULT_UNREADABLE.code());
    assertThat(error(h).message())
        .startsWith(
            "job "
                + h.id()
                + ": the checkpoint of the result of step 'n' cannot be read back as"
                + " java.lang.Integer: ");
  }

  @Test
  void a_primitive_inside_a_step_body_is_a_misuse_even_when_the_body_catches_it() {
    MediaFlow flow =
        flow(
            ctx ->
                Optional.of(
                    ctx.step(
                        "outer",
                        String.class,
                        () -> {
                          try {
                            ctx.sleep(Duration.ofMinutes(1));
                          } catch (MediaFlowException e) {
                            return "caught";
                          }
                          return "slept";
                        })));
    JobHandle h = flow.submit("durable", "");
    flow.runDueJobs();

    assertThat(job(h).state()).as("not retried").isEqualTo(JobState.DEAD);
    assertThat(error(h).code()).isEqualTo(JobErrorCodes.DURABLE_MISUSE.code());
    assertThat(error(h).message())
        .isEqualTo("job " + h.id() + ": sleep was called inside the body of step 'outer'");
    assertThat(error(h).suggestion())
        .isEqualTo("call it in the handler between steps, not inside a step's body");
  }

  @Test
  void a_primitive_on_another_thread_is_a_misuse() {
    MediaFlow flow =
        flow(
            ctx -> {
              AtomicReference<Throwable> thrown = new AtomicReference<>();
              Thread t =
                  new Thread(
                      () -> {
                        try {
                          ctx.step("elsewhere", String.class, () -> "x");
                        } catch (Throwable e) {
                          thrown.set(e);
                        }
                      },
                      "helper");
              t.start();
              t.join();
              throw (Exception) thrown.get();
            });
    JobHandle h = flow.submit("durable", "");
    flow.runDueJobs();

    assertThat(error(h).code()).isEqualTo(JobErrorCodes.DURABLE_MISUSE.code());
    assertThat(error(h).message())
        .isEqualTo(
            "job "
                + h.id()
                + ": step was called on thread 'helper', not on the handler's thread '"
                + Thread.currentThread().getName()
                + "'");
    assertThat(error(h).suggestion()).contains("ctx.startChild");
  }

  @Test
  void a_primitive_after_the_attempt_ended_is_a_misuse() {
    AtomicReference<JobContext> kept = new AtomicReference<>();
    MediaFlow flow =
        flow(
            ctx -> {
              kept.set(ctx);
              return Optional.empty();
            });
    JobHandle h = flow.submit("durable", "");
    flow.runDueJobs();

    assertThatThrownBy(() -> kept.get().step("late", String.class, () -> "x"))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> assertThat(e.code()).isEqualTo(JobErrorCodes.DURABLE_MISUSE))
        .hasMessage(
            "DURABLE_MISUSE: job "
                + h.id()
                + ": step was called after its attempt ended (call durable primitives only from"
                + " the handler, while it runs; do not keep the JobContext)");
    assertThat(job(h).state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void a_handler_that_uses_no_primitive_touches_no_checkpoint_and_a_durable_one_reads_once() {
    AtomicInteger reads = new AtomicInteger();
    AtomicInteger saves = new AtomicInteger();
    CheckpointStore real = storage.checkpoints();
    CheckpointStore counted =
        new CheckpointStore() {
          @Override
          public List<Checkpoint> history(String jobId, int fromSeq) {
            reads.incrementAndGet();
            return real.history(jobId, fromSeq);
          }

          @Override
          public void saveAll(List<Checkpoint> checkpoints) {
            saves.incrementAndGet();
            real.saveAll(checkpoints);
          }

          @Override
          public void saveState(String jobId, String name, SavedState state) {
            real.saveState(jobId, name, state);
          }

          @Override
          public Optional<SavedState> loadState(String jobId, String name) {
            return real.loadState(jobId, name);
          }

          @Override
          public Optional<String> takeSignal(String jobId, String name, int seq) {
            return real.takeSignal(jobId, name, seq);
          }
        };
    Storage wrapped =
        new Storage() {
          @Override
          public JobStore jobs() {
            return storage.jobs();
          }

          @Override
          public ScheduleStore schedules() {
            return storage.schedules();
          }

          @Override
          public WebhookStore webhooks() {
            return storage.webhooks();
          }

          @Override
          public CheckpointStore checkpoints() {
            return counted;
          }
        };
    MediaFlow flow =
        MediaFlow.builder()
            .storage(wrapped)
            .clock(clock)
            .runOnCallingThread()
            .operators(TestOperators.registry())
            .handler("plain", ctx -> Optional.of("plain"))
            .handler(
                "durable",
                ctx -> {
                  for (int i = 0; i < 10; i++) {
                    step(ctx, "s" + i, Integer.class, i);
                  }
                  return Optional.empty();
                })
            .build();
    flows.add(flow);

    flow.submit("plain", "");
    flow.runDueJobs();
    assertThat(reads.get()).isZero();
    assertThat(saves.get()).isZero();

    flow.submit("durable", "");
    flow.runDueJobs();
    assertThat(reads.get()).as("one history read per attempt").isOne();
    assertThat(saves.get()).as("one save per step").isEqualTo(10);
  }
}
