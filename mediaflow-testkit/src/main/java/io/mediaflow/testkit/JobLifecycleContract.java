package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobProgress;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.JobTransitions;
import io.mediaflow.api.job.StageTiming;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.StorageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The {@link io.mediaflow.api.store.JobStore} contract, life-cycle part: every state change and the
 * states it is allowed from, and versions.
 *
 * <p>Subclass it (or {@link StorageContract}, which runs every suite) and return a fresh, empty
 * store from {@link #newStorage()}.
 *
 * <p>Release and yield give back the attempt the claim counted; an expired lease does not. A claim
 * starts progress and stage timings afresh and keeps the last error; completing clears the error;
 * requeue resets attempts to 0 and makes the job due now.
 */
public abstract class JobLifecycleContract extends StorageContractSupport {

  // ---- life cycle ----

  @Test
  void completing_records_the_result_and_clears_the_lease_and_the_error() {
    Job claimed = claimOneSubmitted();
    storage.jobs().fail(claimed.id(), token(claimed), BOOM, at(2));
    storage.jobs().retry(claimed.id(), at(3), at(2));
    Job again = claimOne(at(3));

    Job done = storage.jobs().complete(again.id(), token(again), Optional.of("{\"out\":1}"), at(4));

    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(done.result()).contains("{\"out\":1}");
    assertThat(done.lease()).isEmpty();
    assertThat(done.error()).isEmpty();
    assertThat(done.updatedAt()).isEqualTo(at(4));
    assertThat(reload(claimed)).isEqualTo(done);
    assertThat(claim("w", 10, at(100))).isEmpty();
  }

  @Test
  void a_failed_job_is_retried_buried_listed_as_dead_and_requeued() {
    Job job = storage.jobs().submit(JobRequest.of("test", "{}").withMaxAttempts(2), T0);
    Job first = claimOne(at(1));

    Job failed = storage.jobs().fail(job.id(), token(first), BOOM, at(2));
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.error()).contains(BOOM);
    assertThat(failed.lease()).isEmpty();
    assertThat(claim("w", 10, at(3))).as("a failed job waits for retry or bury").isEmpty();

    Job retrying = storage.jobs().retry(job.id(), at(60), at(3));
    assertThat(retrying.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(retrying.scheduledAt()).isEqualTo(at(60));
    assertThat(claim("w", 10, at(59))).isEmpty();

    Job second = claimOne(at(60));
    assertThat(second.attempts()).isEqualTo(2);
    assertThat(second.error()).as("the last error stays until success").contains(BOOM);

    JobError fatal = new JobError("INPUT_UNREADABLE", "cannot read a.mp4", false, "check it");
    storage.jobs().fail(job.id(), token(second), fatal, at(61));
    Job dead = storage.jobs().bury(job.id(), at(62));
    assertThat(dead.state()).isEqualTo(JobState.DEAD);
    assertThat(dead.error()).contains(fatal);
    assertThat(storage.jobs().query(JobQuery.all().withStates(Set.of(JobState.DEAD))).items())
        .extracting(Job::id)
        .containsExactly(job.id());
    assertThat(claim("w", 10, at(63))).isEmpty();

    Job requeued = storage.jobs().requeue(job.id(), at(70));
    assertThat(requeued.state()).isEqualTo(JobState.PENDING);
    assertThat(requeued.attempts()).isZero();
    assertThat(requeued.scheduledAt()).isEqualTo(at(70));
    Job third = claimOne(at(71));
    assertThat(third.attempts()).isEqualTo(1);
  }

  @Test
  void a_retry_due_at_once_is_claimable_at_once() {
    Job failed = failed();

    storage.jobs().retry(failed.id(), at(2), at(2));

    assertThat(claimOne(at(2)).id()).isEqualTo(failed.id());
  }

  @Test
  void releasing_returns_the_job_to_the_queue_without_counting_the_attempt() {
    Job claimed = claimOneSubmitted();

    Job released = storage.jobs().release(claimed.id(), token(claimed), at(2));

    assertThat(released.state()).isEqualTo(JobState.PENDING);
    assertThat(released.lease()).isEmpty();
    assertThat(released.attempts()).isZero();
    assertThat(released.updatedAt()).isEqualTo(at(2));
    Job again = claimOne(at(3));
    assertThat(again.id()).isEqualTo(claimed.id());
    assertThat(again.attempts()).isEqualTo(1);
    assertThat(token(again)).isNotEqualTo(token(claimed));
  }

  @Test
  void a_released_job_keeps_its_place_ahead_of_newer_jobs() {
    Job old = submit();
    Job claimed = claimOne(at(1));
    Job newer = storage.jobs().submit(JobRequest.of("test", "{}"), at(2));
    storage.jobs().release(old.id(), token(claimed), at(3));

    assertThat(claim("w", 2, at(4))).extracting(Job::id).containsExactly(old.id(), newer.id());
  }

  @Test
  void yielding_schedules_the_job_with_its_new_payload() {
    Job claimed = claimOneSubmitted();

    Job waiting =
        storage
            .jobs()
            .yieldUntil(claimed.id(), token(claimed), at(300), Optional.of("{\"step\":2}"), at(2));

    assertThat(waiting.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(waiting.scheduledAt()).isEqualTo(at(300));
    assertThat(waiting.payload()).isEqualTo("{\"step\":2}");
    assertThat(waiting.lease()).isEmpty();
    assertThat(waiting.attempts()).isZero();
    assertThat(claim("w", 10, at(299))).isEmpty();
    Job resumed = claimOne(at(300));
    assertThat(resumed.payload()).isEqualTo("{\"step\":2}");
    assertThat(resumed.attempts()).isEqualTo(1);
  }

  @Test
  void yielding_without_a_payload_keeps_the_old_one() {
    Job job = storage.jobs().submit(JobRequest.of("test", "keep"), T0);
    Job claimed = claimOne(at(1));

    Job waiting =
        storage.jobs().yieldUntil(job.id(), token(claimed), at(10), Optional.empty(), at(2));

    assertThat(waiting.payload()).isEqualTo("keep");
  }

  @Test
  void progress_is_recorded_for_the_lease_holder_and_starts_afresh_on_the_next_claim() {
    Job claimed = claimOneSubmitted();
    JobProgress half = new JobProgress(50, "inv0", Optional.of(Duration.ofSeconds(10)));
    List<StageTiming> stages =
        List.of(new StageTiming("probe", at(1), Optional.of(at(2)), Optional.empty()));

    assertThat(storage.jobs().progress(claimed.id(), token(claimed), half, stages)).isTrue();

    Job running = reload(claimed);
    assertThat(running.progress()).isEqualTo(half);
    assertThat(running.stages()).isEqualTo(stages);
    assertThat(running.version()).isGreaterThan(claimed.version());

    storage.jobs().release(claimed.id(), token(claimed), at(3));
    Job again = claimOne(at(4));
    assertThat(again.progress()).isEqualTo(JobProgress.NONE);
    assertThat(again.stages()).isEmpty();
  }

  @Test
  void a_pending_job_can_be_cancelled_and_is_never_claimed() {
    Job job = submit();

    Job cancelled = storage.jobs().cancel(job.id(), at(1));

    assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
    assertThat(cancelled.updatedAt()).isEqualTo(at(1));
    assertThat(claim("w", 10, at(2))).isEmpty();
  }

  @Test
  void a_scheduled_job_can_be_cancelled_and_is_never_claimed() {
    Job job = storage.jobs().submit(JobRequest.of("test", "{}").withRunAt(at(60)), T0);

    assertThat(storage.jobs().cancel(job.id(), at(1)).state()).isEqualTo(JobState.CANCELLED);

    assertThat(claim("w", 10, at(120))).isEmpty();
  }

  @Test
  void cancelling_a_processing_job_takes_its_lease_away_from_the_worker() {
    Job claimed = claimOneSubmitted();

    Job cancelled = storage.jobs().cancel(claimed.id(), at(2));

    assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
    assertThat(cancelled.lease()).isEmpty();
    assertFails(
        StorageException.LEASE_LOST,
        claimed.id(),
        () -> storage.jobs().complete(claimed.id(), token(claimed), Optional.empty(), at(3)));
    assertThat(storage.jobs().heartbeat(claimed.id(), token(claimed), at(100))).isFalse();
    assertThat(storage.jobs().progress(claimed.id(), token(claimed), JobProgress.NONE, List.of()))
        .isFalse();
    assertThat(storage.jobs().expireLeases(at(1000))).isZero();
    assertThat(reload(claimed).state()).isEqualTo(JobState.CANCELLED);
    assertThat(claim("w", 10, at(1001))).isEmpty();
  }

  @Test
  void completing_a_job_that_was_never_claimed_is_lease_lost() {
    Job job = submit();

    assertFails(
        StorageException.LEASE_LOST,
        job.id(),
        () -> storage.jobs().complete(job.id(), "made-up", Optional.empty(), at(1)));
    assertThat(reload(job).state()).isEqualTo(JobState.PENDING);
  }

  @Test
  void retrying_a_processing_job_is_an_illegal_transition() {
    Job claimed = claimOneSubmitted();

    assertFails(
        JobTransitions.ILLEGAL_TRANSITION,
        "job " + claimed.id() + " cannot go from PROCESSING to SCHEDULED",
        () -> storage.jobs().retry(claimed.id(), at(10), at(2)));
    assertThat(reload(claimed)).isEqualTo(claimed);
  }

  @Test
  void cancelling_a_completed_job_is_an_illegal_transition() {
    Job claimed = claimOneSubmitted();
    Job done = storage.jobs().complete(claimed.id(), token(claimed), Optional.empty(), at(2));

    assertFails(
        JobTransitions.ILLEGAL_TRANSITION,
        "cannot go from COMPLETED to CANCELLED",
        () -> storage.jobs().cancel(claimed.id(), at(3)));
    assertThat(reload(claimed)).isEqualTo(done);
  }

  @Test
  void requeueing_a_pending_job_is_an_illegal_transition() {
    Job job = submit();

    assertFails(
        JobTransitions.ILLEGAL_TRANSITION,
        "cannot go from PENDING to PENDING",
        () -> storage.jobs().requeue(job.id(), at(1)));
    assertThat(reload(job)).isEqualTo(job);
  }

  /**
   * Every state against every operation that is not bound to a lease: each succeeds only from the
   * states it is for (a subset of what the transition table allows: retry is for FAILED jobs even
   * though a processing job may also become SCHEDULED by yielding), and otherwise fails with
   * ILLEGAL_TRANSITION naming both states and changes nothing.
   */
  @TestFactory
  Stream<DynamicTest> each_operation_succeeds_only_from_the_states_it_is_for() {
    record Op(String name, Set<JobState> from, JobState to, Function<Job, Job> call) {}
    List<Op> ops =
        List.of(
            new Op(
                "retry",
                Set.of(JobState.FAILED),
                JobState.SCHEDULED,
                j -> storage.jobs().retry(j.id(), at(50), at(40))),
            new Op(
                "bury",
                Set.of(JobState.FAILED),
                JobState.DEAD,
                j -> storage.jobs().bury(j.id(), at(40))),
            new Op(
                "requeue",
                Set.of(JobState.DEAD),
                JobState.PENDING,
                j -> storage.jobs().requeue(j.id(), at(40))),
            new Op(
                "cancel",
                Set.of(JobState.PENDING, JobState.SCHEDULED, JobState.PROCESSING),
                JobState.CANCELLED,
                j -> storage.jobs().cancel(j.id(), at(40))));
    List<DynamicTest> tests = new ArrayList<>();
    for (JobState from : JobState.values()) {
      for (Op op : ops) {
        boolean legal = op.from().contains(from);
        tests.add(
            dynamicTest(
                op.name() + " of a " + from + " job " + (legal ? "succeeds" : "is illegal"),
                () -> {
                  resetStorage();
                  Job job = jobIn(from);
                  if (legal) {
                    assertThat(JobTransitions.allowed(from, op.to())).isTrue();
                    Job after = op.call().apply(job);
                    assertThat(after.state()).isEqualTo(op.to());
                    assertThat(after.lease()).isEmpty();
                    assertThat(after.version()).isGreaterThan(job.version());
                    assertThat(after.updatedAt()).isEqualTo(at(40));
                    assertThat(reload(job)).isEqualTo(after);
                  } else {
                    assertFails(
                        JobTransitions.ILLEGAL_TRANSITION,
                        "job " + job.id() + " cannot go from " + from + " to " + op.to(),
                        () -> op.call().apply(job));
                    assertThat(reload(job)).isEqualTo(job);
                  }
                }));
      }
    }
    return tests.stream();
  }

  protected void resetStorage() throws Exception {
    storage.close();
    storage = newStorage();
  }

  /** A job brought into {@code state} through the public operations, last changed at 30 s. */
  private Job jobIn(JobState state) {
    Job job = storage.jobs().submit(JobRequest.of("test", "{}"), T0);
    switch (state) {
      case PENDING:
        return job;
      case SCHEDULED:
        return storage.jobs().submit(JobRequest.of("test", "{}").withRunAt(at(3600)), T0);
      case CANCELLED:
        return storage.jobs().cancel(job.id(), at(30));
      default:
        break;
    }
    Job claimed = claimOne(at(10));
    switch (state) {
      case PROCESSING:
        return claimed;
      case COMPLETED:
        return storage.jobs().complete(job.id(), token(claimed), Optional.empty(), at(30));
      default:
        break;
    }
    Job failed = storage.jobs().fail(job.id(), token(claimed), BOOM, at(20));
    return state == JobState.FAILED ? failed : storage.jobs().bury(job.id(), at(30));
  }

  // ---- versions ----

  @Test
  void the_version_increases_with_every_change() {
    Job job = submit();
    List<Long> versions = new ArrayList<>();
    versions.add(job.version());
    Job claimed = claimOne(at(1));
    versions.add(claimed.version());
    storage.jobs().heartbeat(job.id(), token(claimed), at(60));
    versions.add(reload(job).version());
    storage
        .jobs()
        .progress(job.id(), token(claimed), new JobProgress(10, "probe", null), List.of());
    versions.add(reload(job).version());
    versions.add(storage.jobs().fail(job.id(), token(claimed), BOOM, at(2)).version());
    versions.add(storage.jobs().retry(job.id(), at(3), at(2)).version());
    Job again = claimOne(at(3));
    versions.add(again.version());
    versions.add(
        storage
            .jobs()
            .yieldUntil(job.id(), token(again), at(4), Optional.empty(), at(3))
            .version());
    Job third = claimOne(at(4));
    versions.add(third.version());
    versions.add(storage.jobs().release(job.id(), token(third), at(5)).version());
    Job fourth = claimOne(at(6));
    versions.add(fourth.version());
    storage.jobs().expireLeases(at(100));
    versions.add(reload(job).version());
    Job fifth = claimOne(at(101));
    versions.add(fifth.version());
    storage.jobs().fail(job.id(), token(fifth), BOOM, at(102));
    versions.add(storage.jobs().bury(job.id(), at(103)).version());
    versions.add(storage.jobs().requeue(job.id(), at(104)).version());
    versions.add(storage.jobs().cancel(job.id(), at(105)).version());

    assertThat(versions).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void a_rejected_change_leaves_the_version_alone() {
    Job job = submit();

    assertThatThrownBy(() -> storage.jobs().bury(job.id(), at(1)))
        .isInstanceOf(MediaFlowException.class);

    assertThat(reload(job).version()).isEqualTo(job.version());
  }
}
