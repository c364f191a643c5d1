package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine applies the retention of finished jobs from its watchdog, on its own clock. */
class MediaFlowRetentionTest {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  final ManualClock clock = ManualClock.at(T0);
  MediaFlow flow;

  @AfterEach
  void close() {
    if (flow != null) {
      flow.close();
    }
  }

  MediaFlow.Builder deterministic() {
    return MediaFlow.builder()
        .clock(clock)
        .runOnCallingThread()
        .operators(TestOperators.registry())
        .nodeId("retention")
        .handler("ok", ctx -> Optional.of("done"))
        .handler(
            "bad",
            ctx -> {
              throw new MediaFlowException(ErrorCode.INPUT_INVALID, "not media", "use a video");
            });
  }

  /** One job in every state the purge must tell apart, all changed at {@link #T0}. */
  record Jobs(Job completed, Job cancelled, Job dead, Job pending, Job processing) {
    List<Job> kept() {
      return List.of(dead, pending, processing);
    }
  }

  Jobs oneOfEach() {
    JobHandle completed = flow.submit("ok", "");
    JobHandle dead = flow.submit("bad", "");
    flow.runDueJobs();
    JobHandle cancelled = flow.submit(JobRequest.of("ok", "").withRunAt(T0.plusSeconds(60)));
    cancelled.cancel();
    JobHandle pending = flow.submit("nobody-here", "");
    Job other = flow.storage().jobs().submit(JobRequest.of("elsewhere", ""), T0);
    Job processing =
        flow.storage()
            .jobs()
            .claim(new ClaimRequest("other-node", 1, Duration.ofDays(365), T0, Set.of("elsewhere")))
            .get(0);
    assertThat(processing.id()).isEqualTo(other.id());
    Jobs jobs =
        new Jobs(
            completed.status(), cancelled.status(), dead.status(), pending.status(), processing);
    assertThat(jobs.completed().state()).isEqualTo(JobState.COMPLETED);
    assertThat(jobs.cancelled().state()).isEqualTo(JobState.CANCELLED);
    assertThat(jobs.dead().state()).isEqualTo(JobState.DEAD);
    assertThat(jobs.pending().state()).isEqualTo(JobState.PENDING);
    assertThat(jobs.processing().state()).isEqualTo(JobState.PROCESSING);
    return jobs;
  }

  boolean exists(Job j) {
    return flow.storage().jobs().find(j.id()).isPresent();
  }

  @Test
  void finished_jobs_older_than_the_retention_are_purged_by_the_watchdog_and_the_rest_are_kept() {
    flow = deterministic().retention(Duration.ofDays(1)).build();
    Jobs jobs = oneOfEach();

    clock.advance(Duration.ofDays(1).minusSeconds(1));
    flow.runWatchdog(); // the first pass purges at once: nothing is old enough yet
    assertThat(exists(jobs.completed())).isTrue();
    assertThat(exists(jobs.cancelled())).isTrue();

    clock.advance(Duration.ofSeconds(2));
    flow.runWatchdog();
    assertThat(exists(jobs.completed()))
        .as("a purge runs at most every 10 minutes of the engine's clock")
        .isTrue();

    clock.advance(Duration.ofMinutes(10));
    flow.runWatchdog();
    assertThat(exists(jobs.completed())).isFalse();
    assertThat(exists(jobs.cancelled())).isFalse();
    for (Job kept : jobs.kept()) {
      assertThat(exists(kept)).as("%s job is kept", kept.state()).isTrue();
    }
    assertThat(flow.dead()).extracting(Job::id).containsExactly(jobs.dead().id());
  }

  @Test
  void dead_jobs_are_kept_past_any_retention_until_requeued() {
    flow = deterministic().retention(Duration.ofMinutes(1)).build();
    Jobs jobs = oneOfEach();

    clock.advance(Duration.ofDays(400));
    flow.runWatchdog();

    assertThat(exists(jobs.completed())).isFalse();
    for (Job kept : jobs.kept()) {
      assertThat(exists(kept)).as("%s job is kept", kept.state()).isTrue();
    }
    assertThat(flow.requeue(jobs.dead().id()).status().state()).isEqualTo(JobState.PENDING);
  }

  @Test
  void a_backlog_larger_than_one_pass_is_worked_off_at_the_next_passes() {
    flow = deterministic().retention(Duration.ofMinutes(1)).build();
    int n = 10 * 1000 + 5; // ten transactions of 1000 per pass
    for (int i = 0; i < n; i++) {
      flow.storage()
          .jobs()
          .cancel(flow.storage().jobs().submit(JobRequest.of("ok", ""), T0).id(), T0);
    }
    clock.advance(Duration.ofMinutes(2));

    flow.runWatchdog();
    assertThat(flow.storage().jobs().countByState()).containsEntry(JobState.CANCELLED, 5L);

    flow.runWatchdog(); // no 10 minutes wait: the last pass stopped short
    assertThat(flow.storage().jobs().countByState()).containsEntry(JobState.CANCELLED, 0L);
  }

  @Test
  void the_default_retention_is_seven_days() {
    flow = deterministic().build();
    Jobs jobs = oneOfEach();

    clock.advance(Duration.ofDays(7).minusSeconds(1));
    flow.runWatchdog();
    assertThat(exists(jobs.completed())).isTrue();

    clock.advance(Duration.ofMinutes(10));
    flow.runWatchdog();
    assertThat(exists(jobs.completed())).isFalse();
    assertThat(MediaFlow.DEFAULT_RETENTION).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void a_retention_of_zero_keeps_finished_jobs_for_ever() {
    flow = deterministic().retention(Duration.ZERO).build();
    Jobs jobs = oneOfEach();

    clock.advance(Duration.ofDays(4000));
    flow.runWatchdog();

    assertThat(exists(jobs.completed())).isTrue();
    assertThat(exists(jobs.cancelled())).isTrue();
  }

  @Test
  void a_negative_retention_is_refused_with_what_was_given() {
    MediaFlow.Builder b = MediaFlow.builder();
    assertThatThrownBy(() -> b.retention(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retention must be zero (keep for ever) or positive but was PT-1S");
    b.retention(Duration.ofDays(1));
    assertThatThrownBy(() -> b.retention(Duration.ofDays(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("retention is already set");
  }

  // ---- dead jobs ----

  @Test
  void a_dead_job_retention_purges_dead_jobs_buried_before_it_on_the_engine_clock() {
    flow = deterministic().retention(Duration.ZERO).deadJobRetention(Duration.ofDays(30)).build();
    Jobs jobs = oneOfEach(); // the dead one buried at T0
    clock.advance(Duration.ofDays(10));
    JobHandle laterDead = flow.submit("bad", "");
    flow.runDueJobs();
    assertThat(laterDead.status().state()).isEqualTo(JobState.DEAD);

    clock.advance(Duration.ofDays(20).minusSeconds(1));
    flow.runWatchdog();
    assertThat(exists(jobs.dead())).as("buried 30 days less a second ago").isTrue();

    clock.advance(Duration.ofMinutes(10));
    flow.runWatchdog();
    assertThat(exists(jobs.dead())).isFalse();
    assertThat(flow.dead()).extracting(Job::id).containsExactly(laterDead.id());
    for (Job kept : List.of(jobs.completed(), jobs.cancelled(), jobs.pending())) {
      assertThat(exists(kept))
          .as("%s job: retention of finished jobs is off", kept.state())
          .isTrue();
    }
  }

  @Test
  void dead_jobs_are_kept_by_default() {
    flow = deterministic().build();
    Jobs jobs = oneOfEach();

    clock.advance(Duration.ofDays(4000));
    flow.runWatchdog();

    assertThat(exists(jobs.dead())).isTrue();
    assertThat(exists(jobs.completed())).isFalse();
  }

  @Test
  void a_negative_dead_job_retention_is_refused_with_what_was_given() {
    MediaFlow.Builder b = MediaFlow.builder();
    assertThatThrownBy(() -> b.deadJobRetention(Duration.ofDays(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("deadJobRetention must be zero (keep for ever) or positive but was PT-24H");
    b.deadJobRetention(Duration.ZERO);
    assertThatThrownBy(() -> b.deadJobRetention(Duration.ofDays(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("deadJobRetention is already set; set it once");
  }

  @Test
  void the_start_up_line_names_the_dead_job_retention() {
    flow = deterministic().deadJobRetention(Duration.ofDays(3)).build();
    assertThat(flow.engine().config().toString()).contains(" deadJobRetention=PT72H");
  }

  // ---- delete ----

  @Test
  void delete_removes_a_dead_completed_or_cancelled_job_with_its_logs() {
    flow = deterministic().build();
    Jobs jobs = oneOfEach();
    for (Job over : List.of(jobs.dead(), jobs.completed(), jobs.cancelled())) {
      flow.storage().jobs().appendLog(over.id(), new JobLog(T0, "INFO", "a line"));

      assertThat(flow.delete(over.id())).as("%s job deleted", over.state()).isTrue();

      assertThat(flow.job(over.id())).isEmpty();
      assertThatThrownBy(() -> flow.storage().jobs().logs(over.id()))
          .isInstanceOfSatisfying(
              MediaFlowException.class,
              e -> assertThat(e.code()).isEqualTo(StorageException.JOB_NOT_FOUND));
    }
    assertThat(flow.dead()).isEmpty();
  }

  @Test
  void delete_of_an_unknown_or_deleted_job_returns_false() {
    flow = deterministic().build();
    Jobs jobs = oneOfEach();

    assertThat(flow.delete(jobs.dead().id())).isTrue();
    assertThat(flow.delete(jobs.dead().id())).isFalse();
    assertThat(flow.delete("01NOSUCHJOB")).isFalse();
  }

  @Test
  void delete_refuses_a_queued_or_running_job_with_its_code_and_says_to_cancel_it_first() {
    flow = deterministic().build();
    Jobs jobs = oneOfEach();

    for (Job active : List.of(jobs.pending(), jobs.processing())) {
      assertThatThrownBy(() -> flow.delete(active.id()))
          .isInstanceOfSatisfying(
              StorageException.class,
              e -> {
                assertThat(e.code()).isEqualTo(StorageException.JOB_ACTIVE);
                assertThat(e.getMessage())
                    .isEqualTo(
                        "JOB_ACTIVE: job "
                            + active.id()
                            + " is "
                            + active.state()
                            + ": only a COMPLETED, CANCELLED or DEAD job can be deleted (cancel it"
                            + " first (flow.cancel(\""
                            + active.id()
                            + "\")), then delete it)");
              });
      assertThat(exists(active)).isTrue();
    }
    assertThat(flow.cancel(jobs.pending().id())).isTrue();
    assertThat(flow.delete(jobs.pending().id())).as("cancelled first").isTrue();
  }
}
