package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.WaitReason;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Durable sleep, signals and children on the engine, in calling-thread mode on a manual clock: a
 * waiting job is {@code SCHEDULED} with its wait reason, holds no lease and no worker, and runs on
 * when its time, its signal or its children come.
 */
class DurableWaitsTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final ManualClock clock = ManualClock.at(T0);
  final InMemoryStorage storage = new InMemoryStorage();
  final List<MediaFlow> flows = new ArrayList<>();
  final AtomicInteger before = new AtomicInteger();
  final AtomicInteger after = new AtomicInteger();

  @AfterEach
  void close() {
    flows.forEach(MediaFlow::close);
  }

  MediaFlow.Builder builder() {
    return MediaFlow.builder()
        .storage(storage)
        .clock(clock)
        .runOnCallingThread()
        .operators(TestOperators.registry());
  }

  MediaFlow track(MediaFlow f) {
    flows.add(f);
    return f;
  }

  // ---------------------------------------------------------------- sleep

  @Test
  void a_three_day_sleep_holds_no_lease_and_no_worker_and_resumes_when_the_clock_gets_there()
      throws Exception {
    MediaFlow flow =
        track(
            builder()
                .handler(
                    "nap",
                    ctx -> {
                      ctx.step("before", Integer.class, before::incrementAndGet);
                      ctx.sleep(Duration.ofDays(3));
                      return Optional.of(
                          "" + ctx.step("after", Integer.class, after::incrementAndGet));
                    })
                .build());
    CompletableFuture<Event> waiting = new CompletableFuture<>();
    flow.events().subscribe("job.waiting", waiting::complete);
    JobHandle h = flow.submit("nap", "");

    assertThat(flow.runDueJobs()).isOne();

    Job asleep = h.status();
    assertThat(asleep.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(asleep.waitReason()).contains(WaitReason.SLEEP);
    assertThat(h.waitReason()).contains(WaitReason.SLEEP);
    assertThat(asleep.lease()).isEmpty();
    assertThat(asleep.scheduledAt()).isEqualTo(T0.plus(Duration.ofDays(3)));
    assertThat(asleep.attempts()).as("a wait is not an attempt").isZero();
    assertThat(asleep.error()).isEmpty();
    assertThat(flow.engine().heldJobs()).isZero();
    assertThat(flow.engine().busyWorkers()).isZero();
    Event e = waiting.get(10, TimeUnit.SECONDS);
    assertThat(e.data())
        .containsEntry("jobId", h.id())
        .containsEntry("reason", "SLEEP")
        .containsEntry("until", "2026-01-04T00:00:00Z");

    clock.advance(Duration.ofDays(3).minusSeconds(1));
    assertThat(flow.runDueJobs()).as("not due yet").isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(flow.runDueJobs()).isOne();

    Job done = h.status();
    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(done.waitReason()).isEmpty();
    assertThat(done.attempts()).isEqualTo(1);
    assertThat(before.get()).isEqualTo(1);
    assertThat(after.get()).isEqualTo(1);
  }

  @Test
  void catch_exception_around_a_sleep_does_not_swallow_the_wait() {
    MediaFlow flow =
        track(
            builder()
                .handler(
                    "nap",
                    ctx -> {
                      try {
                        ctx.sleep(Duration.ofHours(1));
                      } catch (Exception e) {
                        return Optional.of("swallowed");
                      }
                      return Optional.of("slept");
                    })
                .build());
    JobHandle h = flow.submit("nap", "");
    flow.runDueJobs();

    assertThat(h.status().state()).isEqualTo(JobState.SCHEDULED);
    assertThat(h.waitReason()).contains(WaitReason.SLEEP);
    clock.advance(Duration.ofHours(1));
    flow.runDueJobs();
    assertThat(h.status().result()).contains("slept");
  }

  @Test
  void a_handler_that_catches_throwable_around_a_sleep_still_waits() {
    MediaFlow flow =
        track(
            builder()
                .handler(
                    "nap",
                    ctx -> {
                      try {
                        ctx.sleepUntil(T0.plus(Duration.ofHours(1)));
                      } catch (Throwable t) {
                        return Optional.of("went on");
                      }
                      return Optional.of("slept");
                    })
                .build());
    JobHandle h = flow.submit("nap", "");
    flow.runDueJobs();

    assertThat(h.status().state()).isEqualTo(JobState.SCHEDULED);
    assertThat(h.status().result()).isEmpty();
  }

  // ---------------------------------------------------------------- signals

  MediaFlow approvals() {
    return track(
        builder()
            .handler(
                "approve",
                ctx -> {
                  Optional<String> first = ctx.awaitSignal("approval", Duration.ofDays(1));
                  Optional<String> second = ctx.awaitSignal("approval", Duration.ofDays(1));
                  return Optional.of(first.orElse("none") + "," + second.orElse("none"));
                })
            .build());
  }

  @Test
  void a_signal_sent_before_the_wait_is_kept_and_one_sent_after_wakes_the_job_each_taken_once() {
    MediaFlow flow = approvals();
    JobHandle h = flow.submit("approve", "");
    flow.signal(h.id(), "approval", "early");

    flow.runDueJobs();
    Job waiting = h.status();
    assertThat(waiting.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(waiting.waitReason()).contains(WaitReason.SIGNAL);
    assertThat(waiting.scheduledAt()).as("its timeout").isEqualTo(T0.plus(Duration.ofDays(1)));
    assertThat(waiting.lease()).isEmpty();

    flow.signal(h.id(), "approval", "late");
    assertThat(h.status().state()).as("woken at once").isEqualTo(JobState.PENDING);
    assertThat(h.status().waitReason()).isEmpty();
    flow.runDueJobs();

    assertThat(h.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(h.status().result()).contains("early,late");
  }

  @Test
  void a_wait_whose_timeout_passes_returns_empty() {
    MediaFlow flow = approvals();
    JobHandle h = flow.submit("approve", "");
    flow.runDueJobs();
    clock.advance(Duration.ofDays(1));
    flow.runDueJobs();
    assertThat(h.status().state()).as("waits for the second").isEqualTo(JobState.SCHEDULED);
    clock.advance(Duration.ofDays(1));
    flow.runDueJobs();

    assertThat(h.status().result()).contains("none,none");
  }

  @Test
  void a_signal_of_another_name_does_not_wake_the_job() {
    MediaFlow flow = approvals();
    JobHandle h = flow.submit("approve", "");
    flow.runDueJobs();
    flow.signal(h.id(), "rejection", "no");

    assertThat(h.status().state()).isEqualTo(JobState.SCHEDULED);
    assertThat(flow.runDueJobs()).isZero();
  }

  @Test
  void signal_refuses_blank_and_null_arguments_with_what_is_missing() {
    MediaFlow flow = approvals();
    JobHandle h = flow.submit("approve", "");

    assertThatThrownBy(() -> flow.signal(h.id(), " ", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "a signal to job "
                + h.id()
                + " needs a name, as its ctx.awaitSignal(name, …) asks for");
    assertThatThrownBy(() -> flow.signal("", "approval", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a signal needs the id of the job it goes to, not a blank");
    assertThatThrownBy(() -> flow.signal(h.id(), "approval", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("payload");
  }

  @Test
  void signal_to_an_unknown_or_finished_job_passes_the_stores_error_on() {
    MediaFlow flow = track(builder().handler("quick", ctx -> Optional.empty()).build());
    JobHandle h = flow.submit("quick", "");
    flow.runDueJobs();

    assertThatThrownBy(() -> flow.signal("no-such-job", "approval", "x"))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.code()).isEqualTo(StorageException.JOB_NOT_FOUND))
        .hasMessageContaining("no-such-job");
    assertThatThrownBy(() -> flow.signal(h.id(), "approval", "x"))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.code()).isEqualTo(StorageException.JOB_FINISHED))
        .hasMessage(
            "JOB_FINISHED: job "
                + h.id()
                + " is COMPLETED: signal 'approval' was not stored (signal a job while it is"
                + " pending, scheduled or processing)");
  }

  @Test
  void a_signal_payload_over_the_limit_is_refused_before_it_is_stored() {
    MediaFlow flow =
        track(builder().maxStepResultBytes(10).handler("approve", ctx -> Optional.empty()).build());
    JobHandle h = flow.submit("approve", "");

    assertThatThrownBy(() -> flow.signal(h.id(), "approval", "x".repeat(11)))
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> assertThat(e.code().code()).isEqualTo("STEP_RESULT_TOO_LARGE"))
        .hasMessageStartingWith(
            "STEP_RESULT_TOO_LARGE: job "
                + h.id()
                + ": the payload of signal 'approval' is 11 bytes of JSON, over the limit of 10"
                + " bytes");
  }

  // ---------------------------------------------------------------- children

  @Test
  void a_parent_awaits_a_thousand_children_and_gets_them_in_start_order() {
    AtomicInteger parentRuns = new AtomicInteger();
    MediaFlow flow =
        track(
            builder()
                .handler("child", ctx -> Optional.of("r" + ctx.job().payload()))
                .handler(
                    "parent",
                    ctx -> {
                      parentRuns.incrementAndGet();
                      List<String> ids = new ArrayList<>();
                      for (int i = 0; i < 1000; i++) {
                        ids.add(ctx.startChild(JobRequest.of("child", "" + i)));
                      }
                      List<Job> done = ctx.awaitChildren();
                      StringBuilder b = new StringBuilder();
                      for (int i = 0; i < done.size(); i++) {
                        Job c = done.get(i);
                        if (!c.id().equals(ids.get(i)) || !c.result().orElse("").equals("r" + i)) {
                          b.append("wrong at ").append(i).append(';');
                        }
                      }
                      return Optional.of(done.size() + " " + b);
                    })
                .build());
    JobHandle parent = flow.submit("parent", "");

    flow.runDueJobs();

    Job done = parent.status();
    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(done.result()).contains("1000 ");
    assertThat(parentRuns.get()).as("started, then woken once by its last child").isEqualTo(2);
    assertThat(parent.children()).hasSize(1000).allMatch(c -> c.state() == JobState.COMPLETED);
    assertThat(storage.jobs().query(io.mediaflow.api.store.JobQuery.all()).total())
        .as("no child started twice")
        .isEqualTo(1001);
  }

  @Test
  void await_one_of_ten_children_returns_the_first_that_finished() {
    MediaFlow flow =
        track(
            builder()
                .handler(
                    "child",
                    ctx -> {
                      if (!ctx.job().payload().equals("3")) {
                        ctx.sleep(Duration.ofDays(1));
                      }
                      return Optional.of("child " + ctx.job().payload());
                    })
                .handler(
                    "parent",
                    ctx -> {
                      for (int i = 0; i < 10; i++) {
                        ctx.startChild(JobRequest.of("child", "" + i));
                      }
                      List<Job> first = ctx.awaitChildren(1);
                      return Optional.of(first.size() + " " + first.get(0).result().orElse(""));
                    })
                .build());
    JobHandle parent = flow.submit("parent", "");

    flow.runDueJobs();

    assertThat(parent.status().state()).isEqualTo(JobState.COMPLETED);
    assertThat(parent.status().result()).contains("1 child 3");
    assertThat(parent.children())
        .filteredOn(c -> c.state() == JobState.SCHEDULED)
        .hasSize(9)
        .allMatch(c -> c.waitReason().equals(Optional.of(WaitReason.SLEEP)));
  }

  @Test
  void a_parent_waiting_for_children_shows_why_and_await_children_refuses_a_count_below_one() {
    MediaFlow flow =
        track(
            builder()
                .handler(
                    "child",
                    ctx -> {
                      ctx.sleep(Duration.ofDays(1));
                      return Optional.empty();
                    })
                .handler(
                    "parent",
                    ctx -> {
                      ctx.startChild(JobRequest.of("child", ""));
                      if (ctx.job().payload().equals("zero")) {
                        ctx.awaitChildren(0);
                      }
                      ctx.awaitChildren();
                      return Optional.of("done");
                    })
                .build());
    JobHandle waits = flow.submit("parent", "");
    JobHandle wrong = flow.submit("parent", "zero");
    flow.runDueJobs();

    assertThat(waits.status().state()).isEqualTo(JobState.SCHEDULED);
    assertThat(waits.waitReason()).contains(WaitReason.CHILDREN);
    assertThat(wrong.status().error().orElseThrow().message())
        .isEqualTo(
            "java.lang.IllegalArgumentException: job "
                + wrong.id()
                + ": awaitChildren needs a count of 1 or more but was 0");

    clock.advance(Duration.ofDays(1));
    flow.runDueJobs();
    assertThat(waits.status().result()).contains("done");
  }

  @Test
  void cancelling_a_parent_cancels_its_unfinished_children() {
    MediaFlow flow =
        track(
            builder()
                .handler(
                    "child",
                    ctx -> {
                      ctx.sleep(Duration.ofDays(1));
                      return Optional.empty();
                    })
                .handler(
                    "parent",
                    ctx -> {
                      for (int i = 0; i < 3; i++) {
                        ctx.startChild(JobRequest.of("child", "" + i));
                      }
                      ctx.awaitChildren();
                      return Optional.of("done");
                    })
                .build());
    JobHandle parent = flow.submit("parent", "");
    flow.runDueJobs();
    assertThat(parent.children()).hasSize(3).allMatch(c -> c.state() == JobState.SCHEDULED);

    assertThat(flow.cancel(parent.id())).isTrue();

    assertThat(parent.status().state()).isEqualTo(JobState.CANCELLED);
    assertThat(parent.children()).hasSize(3).allMatch(c -> c.state() == JobState.CANCELLED);
    clock.advance(Duration.ofDays(2));
    assertThat(flow.runDueJobs()).isZero();
  }
}
