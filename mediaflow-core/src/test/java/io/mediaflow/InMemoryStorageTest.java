package io.mediaflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.rule.OverlapPolicy;
import io.mediaflow.api.store.Admission;
import io.mediaflow.api.store.Checkpoint;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.LimitedRequest;
import io.mediaflow.api.store.SavedState;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.Wait;
import io.mediaflow.testkit.StorageContract;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The storage contract, plus what only the in-memory store has: retention and bounded logs. */
class InMemoryStorageTest extends StorageContract {

  @Override
  protected Storage newStorage() {
    return new InMemoryStorage();
  }

  private InMemoryStorage memory() {
    return (InMemoryStorage) storage;
  }

  @Test
  void purge_forgets_completed_and_cancelled_jobs_changed_before_the_cutoff() {
    Job done = submit();
    Job claimed = claimOne(at(1));
    storage.jobs().complete(done.id(), token(claimed), Optional.empty(), at(2));
    Job cancelled = storage.jobs().cancel(submit().id(), at(3));
    Job lateCancel = storage.jobs().cancel(submit().id(), at(10));
    Job failed = submit();
    Job second = claimOne(at(4));
    Job pending = submit();
    storage.jobs().fail(second.id(), token(second), new JobError("X", "x", true, ""), at(5));

    int purged = memory().purgeFinishedBefore(at(10));

    assertThat(purged).isEqualTo(2);
    assertThat(storage.jobs().find(done.id())).isEmpty();
    assertThat(storage.jobs().find(cancelled.id())).isEmpty();
    assertThat(storage.jobs().find(lateCancel.id())).isPresent();
    assertThat(storage.jobs().find(pending.id())).isPresent();
    assertThat(storage.jobs().find(failed.id())).isPresent();
    assertThat(storage.jobs().query(JobQuery.all()).total()).isEqualTo(3);
    assertThat(storage.jobs().countByState())
        .containsEntry(JobState.COMPLETED, 0L)
        .containsEntry(JobState.CANCELLED, 1L)
        .containsEntry(JobState.PENDING, 1L)
        .containsEntry(JobState.FAILED, 1L);
    assertThat(memory().purgeFinishedBefore(at(10))).isZero();
  }

  @Test
  void keeps_only_the_last_finished_jobs_and_never_drops_unfinished_or_dead_ones() {
    InMemoryStorage small = new InMemoryStorage(10);
    Job pending = small.jobs().submit(JobRequest.of("later", "{}"), T0);
    Job dead = small.jobs().submit(JobRequest.of("test", "{}").withMaxAttempts(1), T0);
    Job deadClaimed = claimFrom(small, "test", at(1)).get(0);
    small.jobs().fail(dead.id(), token(deadClaimed), new JobError("X", "x", false, ""), at(1));
    small.jobs().bury(dead.id(), at(1));
    List<String> finishedIds = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Job job =
          small.jobs().submit(JobRequest.of("test", "{}").withIdempotencyKey("k" + i), at(2 + i));
      if (i % 2 == 0) {
        small.jobs().cancel(job.id(), at(2 + i));
      } else {
        Job claimed = claimFrom(small, "test", at(2 + i)).get(0);
        small.jobs().complete(claimed.id(), token(claimed), Optional.empty(), at(2 + i));
      }
      finishedIds.add(job.id());
    }

    // at most 10 finished kept, and at least the last 10 - 10/10 = 9 (dropped in batches)
    List<String> kept =
        finishedIds.stream().filter(id -> small.jobs().find(id).isPresent()).toList();
    assertThat(kept.size()).isBetween(9, 10);
    assertThat(kept).isEqualTo(finishedIds.subList(finishedIds.size() - kept.size(), 40));
    assertThat(small.jobs().find(pending.id())).isPresent();
    assertThat(small.jobs().find(dead.id()).orElseThrow().state()).isEqualTo(JobState.DEAD);
    assertThat(small.jobs().query(JobQuery.all()).total()).isEqualTo(kept.size() + 2);
    long counted =
        small.jobs().countByState().getOrDefault(JobState.COMPLETED, 0L)
            + small.jobs().countByState().getOrDefault(JobState.CANCELLED, 0L);
    assertThat(counted).isEqualTo(kept.size());
    // a dropped job's idempotency key is free again, as after a purge
    Job again = small.jobs().submit(JobRequest.of("test", "{}").withIdempotencyKey("k0"), at(100));
    assertThat(again.id()).isNotEqualTo(finishedIds.get(0));
  }

  @Test
  void a_job_dropped_by_the_finished_jobs_limit_takes_its_checkpoints_states_and_signals_along() {
    InMemoryStorage small = new InMemoryStorage(1);
    Job first = small.jobs().submit(JobRequest.of("test", "{}"), T0);
    small.checkpoints().save(new Checkpoint(first.id(), 0, Checkpoint.Kind.STEP, "a", "1"));
    small.checkpoints().saveState(first.id(), "s", new SavedState("{}", 1));
    small.jobs().signal(first.id(), "go", "x", T0);
    small.jobs().cancel(first.id(), at(1));
    assertThat(small.checkpoints().history(first.id(), 0)).hasSize(1);

    for (int i = 0; i < 3; i++) {
      small.jobs().cancel(small.jobs().submit(JobRequest.of("test", "{}"), at(2)).id(), at(2));
    }

    assertThat(small.jobs().find(first.id())).isEmpty();
    assertThat(small.checkpoints().history(first.id(), 0)).isEmpty();
    assertThat(small.checkpoints().loadState(first.id(), "s")).isEmpty();
    assertThat(small.checkpoints().takeSignal(first.id(), "go", 0)).isEmpty();
    assertThat(small.toString()).contains("checkpointed=0");
  }

  @Test
  void finished_children_are_kept_from_the_limit_until_their_parent_is_over() {
    InMemoryStorage small = new InMemoryStorage(10);
    Job parent = small.jobs().submit(JobRequest.of("parent", "{}"), T0);
    Job claimedParent = claimFrom(small, "parent", at(1)).get(0);
    for (int i = 0; i < 40; i++) {
      Job child = small.jobs().submit(JobRequest.of("child", "{}").withParent(parent.id()), at(1));
      small.jobs().cancel(child.id(), at(2));
    }
    small.jobs().yieldUntil(parent.id(), token(claimedParent), Wait.children(40), at(3));

    assertThat(small.jobs().query(JobQuery.all().withParent(parent.id())).total())
        .as("a waiting parent finds every finished child")
        .isEqualTo(40);
    assertThat(small.jobs().find(parent.id()).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
    assertThat(small.jobs().find(parent.id()).orElseThrow().scheduledAt()).isEqualTo(at(3));

    small.jobs().cancel(parent.id(), at(4));
    small.jobs().cancel(small.jobs().submit(JobRequest.of("other", "{}"), at(5)).id(), at(5));

    // the parent is over: its children go as any finished job (10 kept, dropped in batches of 1)
    assertThat(small.jobs().query(JobQuery.all()).total()).isBetween(10L, 11L);
  }

  @Test
  void a_wake_up_tells_the_work_listeners_after_the_change_and_nothing_else_does() {
    java.util.concurrent.atomic.AtomicInteger told =
        new java.util.concurrent.atomic.AtomicInteger();
    Runnable listener = told::incrementAndGet;
    storage.jobs().onWorkAvailable(listener);
    Job parent = storage.jobs().submit(JobRequest.of("parent", "{}"), T0);
    Job claimedParent = claimOne(at(1));
    Job child = storage.jobs().submit(JobRequest.of("child", "{}").withParent(parent.id()), at(1));
    Job claimedChild = claimOne(at(1));
    storage.jobs().yieldUntil(parent.id(), token(claimedParent), Wait.children(1), at(2));
    assertThat(told).as("a yield that waits").hasValue(0);

    storage.jobs().complete(child.id(), token(claimedChild), Optional.empty(), at(3));
    assertThat(told).as("the parent woke").hasValue(1);

    Job again = claimOne(at(3));
    storage.jobs().yieldUntil(again.id(), token(again), Wait.signal("go", at(60)), at(4));
    storage.jobs().signal(again.id(), "other", "x", at(5));
    assertThat(told).hasValue(1);
    storage.jobs().signal(again.id(), "go", "x", at(5));
    assertThat(told).as("the signal woke it").hasValue(2);

    storage.jobs().removeWorkAvailableListener(listener);
    Job third = claimOne(at(5));
    storage.jobs().signal(third.id(), "go", "y", at(6));
    storage.jobs().yieldUntil(third.id(), token(third), Wait.signal("go", at(60)), at(6));
    assertThat(told).as("removed").hasValue(2);
  }

  @Test
  void a_checkpoint_of_a_job_the_store_no_longer_holds_is_dropped() {
    savesNothingFor("no-such-job");
  }

  private void savesNothingFor(String jobId) {
    storage.checkpoints().save(new Checkpoint(jobId, 0, Checkpoint.Kind.STEP, "a", "1"));
    storage.checkpoints().saveState(jobId, "s", new SavedState("{}", 0));

    assertThat(storage.checkpoints().history(jobId, 0)).isEmpty();
    assertThat(storage.checkpoints().loadState(jobId, "s")).isEmpty();
  }

  @Test
  void the_finished_jobs_kept_must_be_at_least_one() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new InMemoryStorage(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("finishedJobsKept must be at least 1 but was 0");
  }

  private static List<Job> claimFrom(InMemoryStorage s, String type, Instant now) {
    return s.jobs()
        .claim(new ClaimRequest("w", 1, java.time.Duration.ofMinutes(1), now, Set.of(type)));
  }

  @Test
  void a_purged_job_frees_its_idempotency_key() {
    Job first = storage.jobs().submit(JobRequest.of("test", "{}").withIdempotencyKey("k"), T0);
    storage.jobs().cancel(first.id(), at(1));
    memory().purgeFinishedBefore(at(2));

    Job second = storage.jobs().submit(JobRequest.of("test", "{}").withIdempotencyKey("k"), at(3));

    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(second.state()).isEqualTo(JobState.PENDING);
  }

  @Test
  void a_job_keeps_only_its_last_thousand_log_lines() {
    Job job = submit();
    int lines = InMemoryStorage.MAX_LOG_LINES + 5;
    for (int i = 0; i < lines; i++) {
      storage.jobs().appendLog(job.id(), new JobLog(at(i), "INFO", "line " + i));
    }

    List<JobLog> logs = storage.jobs().logs(job.id());

    assertThat(logs).hasSize(InMemoryStorage.MAX_LOG_LINES);
    assertThat(logs.get(0).message()).isEqualTo("line 5");
    assertThat(logs.get(logs.size() - 1).message()).isEqualTo("line " + (lines - 1));
  }

  @Test
  void a_due_scheduled_job_seen_by_a_claim_for_another_type_can_still_be_cancelled() {
    Job job = storage.jobs().submit(JobRequest.of("media", "{}").withRunAt(at(60)), T0);
    assertThat(storage.jobs().claim(new ClaimRequest("w", 5, LEASE, at(61), Set.of("other"))))
        .isEmpty();

    assertThat(storage.jobs().find(job.id()).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
    storage.jobs().cancel(job.id(), at(62));

    assertThat(claim("w", 5, at(63))).isEmpty();
    assertThat(storage.jobs().oldestDue(at(63))).isEmpty();
  }

  @Test
  void to_string_shows_the_counts() {
    submit();
    storage.jobs().submit(JobRequest.of("test", "{}").withRunAt(at(60)), T0);

    assertThat(storage.toString())
        .startsWith("InMemoryStorage[jobs=2")
        .contains("pending=1", "scheduled=1", "completed=0");
  }

  @Test
  void heartbeat_and_progress_leave_updated_at_alone() {
    submit();
    Job claimed = claimOne(at(1));

    storage.jobs().heartbeat(claimed.id(), token(claimed), at(90));

    Instant updated = storage.jobs().find(claimed.id()).orElseThrow().updatedAt();
    assertThat(updated).isEqualTo(at(1));
  }

  @Test
  void a_job_dropped_by_the_finished_jobs_limit_takes_its_waiters_with_it() {
    InMemoryStorage small = new InMemoryStorage(1);
    Job first = small.jobs().submit(JobRequest.of("run", "{}"), T0);
    Job second = small.jobs().submit(JobRequest.of("run", "{}"), T0);
    small.workflows().addWaiter("/in/a.mkv", "approved", first.id());
    small.workflows().addWaiter("/in/a.mkv", "approved", second.id());
    small.workflows().save("archive", "Archive", "{}", 0, T0);

    small.jobs().cancel(first.id(), at(1));
    for (int i = 0; i < 3; i++) {
      small.jobs().cancel(small.jobs().submit(JobRequest.of("test", "{}"), at(2)).id(), at(2));
    }

    assertThat(small.jobs().find(first.id())).isEmpty();
    assertThat(small.workflows().removeWaiter("/in/a.mkv", "approved", first.id())).isFalse();
    assertThat(small.toString()).contains("workflows=1", "waiters=1");
    assertThat(small.workflows().removeWaiter("/in/a.mkv", "approved", second.id())).isTrue();
  }

  @Test
  void a_place_given_back_tells_the_work_listeners_that_a_buffered_job_is_due() {
    java.util.concurrent.atomic.AtomicInteger told =
        new java.util.concurrent.atomic.AtomicInteger();
    storage.jobs().onWorkAvailable(told::incrementAndGet);
    LimitedRequest run =
        new LimitedRequest(JobRequest.of("run", "{}"), "nightly", 1, OverlapPolicy.BUFFER_ALL);
    storage.jobs().submitLimited(List.of(run, run), T0);
    assertThat(told).as("a submit is not a wake-up").hasValue(0);

    Job claimed = claimOne(at(1));
    storage.jobs().complete(claimed.id(), token(claimed), Optional.empty(), at(2));

    assertThat(told).as("the buffered job woke").hasValue(1);
    assertThat(claimOne(at(2)).waitReason()).isEmpty();
  }

  @Test
  void a_buffered_job_stays_out_of_the_time_index() {
    LimitedRequest run =
        new LimitedRequest(JobRequest.of("run", "{}"), "nightly", 1, OverlapPolicy.BUFFER_ALL);
    List<Admission> admitted = storage.jobs().submitLimited(List.of(run, run), T0);

    assertThat(admitted.get(1).job().orElseThrow().scheduledAt())
        .isEqualTo(InMemoryJobLimits.NEVER);
    assertThat(storage.jobs().oldestDue(Instant.MAX)).contains(T0);
    assertThat(storage.toString()).contains("scheduled=1", "rules=0");
    storage.rules().save("nightly", "{}", true, 0, T0);
    assertThat(storage.toString()).contains("rules=1");
  }
}
