package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.WaitReason;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.Completion;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.api.store.Wait;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The {@link io.mediaflow.api.store.JobStore} contract, durable-wait part: {@code yieldUntil} with
 * a {@link Wait}, signals, the finished-children count that wakes a parent, cancels that take a
 * job's unfinished descendants with it, and the wait reason every change sets or clears. The races
 * of children finishing while their parent waits are in {@link JobWaitRaceContract}.
 *
 * <p>Subclass it (or {@link StorageContract}, which runs every suite) and return a fresh, empty
 * store from {@link #newStorage()}.
 *
 * <p>A yield makes the job SCHEDULED until the wait's time, its lease cleared and the attempt the
 * claim counted given back, with the wait's reason; it is due at once when what it waits for has
 * happened already. A signal, and a child's change to COMPLETED, DEAD or CANCELLED, wake the job
 * waiting for it in the same change: PENDING, due at that instant, the reason cleared. A retry's
 * reason is RETRY; every other change clears the reason.
 */
public abstract class JobWaitContract extends StorageContractSupport {

  /** Type of the parents these tests submit. */
  protected static final String PARENT = "parent";

  /** Type of the children these tests submit. */
  protected static final String CHILD = "child";

  // ---- yields ----

  @Test
  void a_yield_for_a_sleep_schedules_the_job_until_then_and_gives_back_the_attempt() {
    Job claimed = claimOneSubmitted();

    Job waiting =
        storage.jobs().yieldUntil(claimed.id(), token(claimed), Wait.sleep(at(60)), at(2));

    assertWaiting(waiting, claimed, WaitReason.SLEEP, at(60), at(2));
    assertThat(claim("w", 10, at(59))).isEmpty();
    Job again = claimOne(at(60));
    assertThat(again.waitReason()).as("a claim clears the reason").isEmpty();
    assertThat(again.attempts()).isEqualTo(claimed.attempts());
  }

  @Test
  void a_yield_for_a_signal_schedules_the_job_until_its_timeout() {
    Job claimed = claimOneSubmitted();

    Job waiting =
        storage
            .jobs()
            .yieldUntil(claimed.id(), token(claimed), Wait.signal("approve", at(300)), at(2));

    assertWaiting(waiting, claimed, WaitReason.SIGNAL, at(300), at(2));
    assertThat(claim("w", 10, at(299))).isEmpty();
    assertThat(claimOne(at(300)).waitReason()).isEmpty();
  }

  @Test
  void a_yield_for_children_waits_without_a_timeout() {
    Job parent = claimOneSubmitted();
    submitChild(parent);

    Job waiting = storage.jobs().yieldUntil(parent.id(), token(parent), Wait.children(1), at(2));

    assertWaiting(waiting, parent, WaitReason.CHILDREN, Wait.FOREVER, at(2));
    assertThat(claim("w", 10, at(1_000_000_000L))).as("only the child is due").hasSize(1);
  }

  @Test
  void a_yield_with_a_token_that_lost_the_job_fails_and_changes_nothing() {
    Job first = claimOneSubmitted();
    storage.jobs().expireLeases(at(100));
    Job second = claimOne(at(101));

    assertFails(
        StorageException.LEASE_LOST,
        first.id(),
        () -> storage.jobs().yieldUntil(first.id(), token(first), Wait.sleep(at(500)), at(102)));
    assertFails(
        StorageException.LEASE_LOST,
        first.id(),
        () -> storage.jobs().yieldUntil(first.id(), "not-a-token", Wait.children(1), at(102)));

    assertThat(reload(first)).isEqualTo(second);
  }

  @Test
  void a_yield_for_a_signal_sent_before_it_is_due_at_once() {
    Job claimed = claimOneSubmitted();
    Job stillRunning = storage.jobs().signal(claimed.id(), "approve", "yes", at(2));
    assertThat(stillRunning.state())
        .as("a running job is not woken")
        .isEqualTo(JobState.PROCESSING);

    Job waiting =
        storage
            .jobs()
            .yieldUntil(claimed.id(), token(claimed), Wait.signal("approve", at(300)), at(3));

    assertThat(waiting.scheduledAt()).isEqualTo(at(3));
    assertThat(waiting.lease()).isEmpty();
    assertThat(claimOne(at(3)).id()).isEqualTo(claimed.id());
    assertThat(storage.checkpoints().takeSignal(claimed.id(), "approve", 1)).contains("yes");
  }

  @Test
  void a_signal_taken_already_or_of_another_name_does_not_make_a_yield_due() {
    Job claimed = claimOneSubmitted();
    storage.jobs().signal(claimed.id(), "approve", "yes", at(2));
    storage.jobs().signal(claimed.id(), "reject", "no", at(2));
    assertThat(storage.checkpoints().takeSignal(claimed.id(), "approve", 1)).contains("yes");

    Job waiting =
        storage
            .jobs()
            .yieldUntil(claimed.id(), token(claimed), Wait.signal("approve", at(300)), at(3));

    assertWaiting(waiting, claimed, WaitReason.SIGNAL, at(300), at(3));
    assertThat(claim("w", 10, at(299))).isEmpty();
  }

  // ---- signals ----

  @Test
  void a_signal_wakes_the_job_waiting_for_it_in_the_same_change() {
    Job claimed = claimOneSubmitted();
    Job waiting =
        storage
            .jobs()
            .yieldUntil(claimed.id(), token(claimed), Wait.signal("approve", at(300)), at(2));

    Job woken = storage.jobs().signal(claimed.id(), "approve", "{\"by\":\"ann\"}", at(5));

    assertThat(woken.state()).isEqualTo(JobState.PENDING);
    assertThat(woken.scheduledAt()).isEqualTo(at(5));
    assertThat(woken.waitReason()).isEmpty();
    assertThat(woken.updatedAt()).isEqualTo(at(5));
    assertThat(woken.version()).isGreaterThan(waiting.version());
    assertThat(reload(claimed)).isEqualTo(woken);
    Job again = claimOne(at(5));
    assertThat(again.id()).isEqualTo(claimed.id());
    assertThat(storage.checkpoints().takeSignal(claimed.id(), "approve", 1))
        .contains("{\"by\":\"ann\"}");
  }

  @Test
  void a_signal_of_another_name_or_to_a_sleeping_job_wakes_nothing_and_is_kept() {
    Job claimed = claimOneSubmitted();
    Job sleeper = storage.jobs().submit(JobRequest.of("sleeper", "{}"), T0);
    Job sleeping = claimOne(at(1));
    assertThat(sleeping.id()).isEqualTo(sleeper.id());
    storage.jobs().yieldUntil(claimed.id(), token(claimed), Wait.signal("approve", at(300)), at(2));
    storage.jobs().yieldUntil(sleeper.id(), token(sleeping), Wait.sleep(at(400)), at(2));

    Job notWoken = storage.jobs().signal(claimed.id(), "reject", "no", at(5));
    Job stillSleeping = storage.jobs().signal(sleeper.id(), "approve", "yes", at(5));

    assertThat(notWoken.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(notWoken.waitReason()).contains(WaitReason.SIGNAL);
    assertThat(notWoken.scheduledAt()).isEqualTo(at(300));
    assertThat(stillSleeping.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(stillSleeping.waitReason()).contains(WaitReason.SLEEP);
    assertThat(stillSleeping.scheduledAt()).isEqualTo(at(400));
    assertThat(claim("w", 10, at(299))).isEmpty();
    assertThat(storage.checkpoints().takeSignal(sleeper.id(), "approve", 1)).contains("yes");
    assertThat(storage.checkpoints().takeSignal(claimed.id(), "reject", 1)).contains("no");

    assertThat(storage.jobs().signal(claimed.id(), "approve", "yes", at(6)).state())
        .isEqualTo(JobState.PENDING);
  }

  @Test
  void a_signal_to_a_pending_scheduled_or_failed_job_is_kept_for_it() {
    Job failed = failed();
    Job pending = submit();
    Job later = storage.jobs().submit(JobRequest.of("later", "{}").withRunAt(at(60)), T0);

    assertThat(storage.jobs().signal(pending.id(), "go", "1", at(3)).state())
        .isEqualTo(JobState.PENDING);
    assertThat(storage.jobs().signal(later.id(), "go", "2", at(3)).scheduledAt()).isEqualTo(at(60));
    assertThat(storage.jobs().signal(failed.id(), "go", "3", at(3)).state())
        .isEqualTo(JobState.FAILED);

    assertThat(storage.checkpoints().takeSignal(pending.id(), "go", 0)).contains("1");
    assertThat(storage.checkpoints().takeSignal(later.id(), "go", 0)).contains("2");
    assertThat(storage.checkpoints().takeSignal(failed.id(), "go", 0)).contains("3");
  }

  @Test
  void a_signal_to_an_unknown_job_fails_with_job_not_found() {
    assertFails(
        StorageException.JOB_NOT_FOUND,
        "job no-such-job does not exist",
        () -> storage.jobs().signal("no-such-job", "approve", "yes", at(1)));
  }

  @Test
  void a_signal_to_a_finished_job_fails_with_job_finished_and_stores_nothing() {
    Job running = claimOneSubmitted();
    Job completed = storage.jobs().complete(running.id(), token(running), Optional.empty(), at(2));
    Job cancelled = storage.jobs().cancel(submit().id(), at(2));
    Job dead = storage.jobs().bury(failed().id(), at(3));

    for (Job job : List.of(completed, cancelled, dead)) {
      assertFails(
          StorageException.JOB_FINISHED,
          "job " + job.id() + " is " + job.state() + ": signal 'approve' was not stored",
          () -> storage.jobs().signal(job.id(), "approve", "yes", at(4)));
      assertThat(reload(job)).isEqualTo(job);
      assertThat(storage.checkpoints().takeSignal(job.id(), "approve", 0)).isEmpty();
    }
    // a dead job re-queued takes signals again, and none of the refused ones is there
    storage.jobs().requeue(dead.id(), at(5));
    storage.jobs().signal(dead.id(), "approve", "later", at(6));
    assertThat(storage.checkpoints().takeSignal(dead.id(), "approve", 1)).contains("later");
  }

  // ---- children ----

  @Test
  void each_way_a_child_finishes_counts_and_the_parent_wakes_at_exactly_the_count() {
    Job parent = claimParent();
    List<Job> children = claimChildren(parent, 5);
    storage.jobs().yieldUntil(parent.id(), token(parent), Wait.children(4), at(2));

    Job c0 = children.get(0);
    storage.jobs().complete(c0.id(), token(c0), Optional.empty(), at(3));
    Job c1 = children.get(1);
    storage
        .jobs()
        .completeAll(List.of(new Completion(c1.id(), token(c1), Optional.empty())), at(3));
    Job c2 = children.get(2);
    storage.jobs().fail(c2.id(), token(c2), BOOM, at(3));
    assertThat(reload(parent).state())
        .as("a failed child is not finished")
        .isEqualTo(JobState.SCHEDULED);
    storage.jobs().bury(c2.id(), at(4));
    assertThat(storage.jobs().finishedChildren(parent.id())).as("completed ×2, dead").isEqualTo(3);
    Job notYet = reload(parent);
    assertThat(notYet.state()).as("3 of 4").isEqualTo(JobState.SCHEDULED);
    assertThat(notYet.waitReason()).contains(WaitReason.CHILDREN);
    assertThat(notYet.scheduledAt()).isEqualTo(Wait.FOREVER);

    storage.jobs().cancel(children.get(3).id(), at(7));

    Job woken = reload(parent);
    assertThat(woken.state()).isEqualTo(JobState.PENDING);
    assertThat(woken.scheduledAt()).isEqualTo(at(7));
    assertThat(woken.waitReason()).isEmpty();
    assertThat(woken.updatedAt()).isEqualTo(at(7));
    Job c4 = children.get(4);
    storage.jobs().complete(c4.id(), token(c4), Optional.empty(), at(8));
    Job still = reload(parent);
    assertThat(storage.jobs().finishedChildren(parent.id())).isEqualTo(5);
    assertThat(still.state()).as("a fifth child changes nothing").isEqualTo(JobState.PENDING);
    assertThat(still.scheduledAt()).isEqualTo(at(7));
    assertThat(claimParentAt(at(8)).id()).isEqualTo(parent.id());
  }

  @Test
  void a_yield_for_children_that_finished_already_is_due_at_once() {
    Job parent = claimParent();
    List<Job> children = claimChildren(parent, 3);
    for (Job child : children.subList(0, 2)) {
      storage.jobs().complete(child.id(), token(child), Optional.empty(), at(2));
    }
    assertThat(reload(parent).state())
        .as("a running parent is not woken")
        .isEqualTo(JobState.PROCESSING);

    Job waiting = storage.jobs().yieldUntil(parent.id(), token(parent), Wait.children(2), at(3));

    assertThat(waiting.scheduledAt()).isEqualTo(at(3));
    assertThat(claimParentAt(at(3)).id()).isEqualTo(parent.id());
  }

  @Test
  void a_dead_child_requeued_no_longer_counts_as_finished() {
    Job parent = claimParent();
    Job child = claimChildren(parent, 1).get(0);
    storage.jobs().fail(child.id(), token(child), BOOM, at(2));
    storage.jobs().bury(child.id(), at(3));
    assertThat(storage.jobs().finishedChildren(parent.id())).isOne();
    storage.jobs().requeue(child.id(), at(4));
    assertThat(storage.jobs().finishedChildren(parent.id())).isZero();

    Job waiting = storage.jobs().yieldUntil(parent.id(), token(parent), Wait.children(1), at(5));

    assertThat(waiting.scheduledAt()).as("its one child runs again").isEqualTo(Wait.FOREVER);
    Job again = claimChildAt(at(6));
    assertThat(again.id()).isEqualTo(child.id());
    storage.jobs().complete(again.id(), token(again), Optional.empty(), at(7));
    Job woken = reload(parent);
    assertThat(woken.state()).isEqualTo(JobState.PENDING);
    assertThat(woken.scheduledAt()).isEqualTo(at(7));
  }

  @Test
  void children_of_another_parent_do_not_count() {
    Job parent = claimParent();
    Job other = claimParent();
    Job theirs = claimChildren(other, 1).get(0);
    Job mine = claimChildren(parent, 1).get(0);
    storage.jobs().yieldUntil(parent.id(), token(parent), Wait.children(1), at(2));

    storage.jobs().complete(theirs.id(), token(theirs), Optional.empty(), at(3));
    assertThat(reload(parent).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(storage.jobs().finishedChildren(parent.id())).isZero();
    assertThat(storage.jobs().finishedChildren(other.id())).isOne();
    assertThat(storage.jobs().finishedChildren("no-such-job")).isZero();

    storage.jobs().complete(mine.id(), token(mine), Optional.empty(), at(4));
    assertThat(reload(parent).state()).isEqualTo(JobState.PENDING);
  }

  // ---- cancel ----

  @Test
  void cancel_takes_unfinished_descendants_along_and_leaves_finished_children_alone() {
    Job parent = claimParent();
    List<Job> children = claimChildren(parent, 2);
    Job done = children.get(0);
    Job running = children.get(1);
    done = storage.jobs().complete(done.id(), token(done), Optional.empty(), at(2));
    Job pending = submitChild(parent);
    Job later =
        storage
            .jobs()
            .submit(JobRequest.of(CHILD, "{}").withParent(parent.id()).withRunAt(at(600)), at(2));
    Job grandchild = submitChild(pending);
    Job greatGrandchild = submitChild(grandchild);
    Job stranger = storage.jobs().submit(JobRequest.of(CHILD, "{}"), at(2));
    storage.jobs().yieldUntil(parent.id(), token(parent), Wait.children(4), at(3));

    Job cancelled = storage.jobs().cancel(parent.id(), at(4));

    assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
    assertThat(cancelled.waitReason()).isEmpty();
    for (Job j : List.of(running, pending, later, grandchild, greatGrandchild)) {
      Job now = reload(j);
      assertThat(now.state()).as("descendant %s", j.id()).isEqualTo(JobState.CANCELLED);
      assertThat(now.lease()).isEmpty();
      assertThat(now.updatedAt()).isEqualTo(at(4));
    }
    assertThat(reload(done)).as("a finished child is left alone").isEqualTo(done);
    assertThat(reload(stranger).state()).isEqualTo(JobState.PENDING);
    assertFails(
        StorageException.LEASE_LOST,
        running.id(),
        () -> storage.jobs().complete(running.id(), token(running), Optional.empty(), at(5)));
    assertThat(claim("w", 10, at(1000))).extracting(Job::id).containsExactly(stranger.id());
  }

  @Test
  void cancelling_a_child_wakes_its_parent_waiting_for_it() {
    Job parent = claimParent();
    Job child = submitChild(parent);
    storage.jobs().yieldUntil(parent.id(), token(parent), Wait.children(1), at(2));

    storage.jobs().cancel(child.id(), at(3));

    Job woken = reload(parent);
    assertThat(woken.state()).isEqualTo(JobState.PENDING);
    assertThat(woken.scheduledAt()).isEqualTo(at(3));
  }

  // ---- wait reasons ----

  @Test
  void a_retry_waits_with_reason_retry_and_every_other_change_clears_the_reason() {
    Job failed = failed();
    Job retrying = storage.jobs().retry(failed.id(), at(60), at(3));
    assertThat(retrying.waitReason()).contains(WaitReason.RETRY);
    assertThat(reload(failed).waitReason()).contains(WaitReason.RETRY);

    Job claimed = claimOne(at(60));
    assertThat(claimed.waitReason()).isEmpty();
    Job released = storage.jobs().release(claimed.id(), token(claimed), at(61));
    assertThat(released.waitReason()).isEmpty();
    Job again = claimOne(at(62));
    Job waiting = storage.jobs().yieldUntil(again.id(), token(again), Wait.sleep(at(100)), at(63));
    assertThat(waiting.waitReason()).contains(WaitReason.SLEEP);
    Job third = claimOne(at(100));
    Job plain =
        storage.jobs().yieldUntil(third.id(), token(third), at(200), Optional.empty(), at(101));
    assertThat(plain.waitReason()).as("a yield without a Wait has none").isEmpty();
    Job fourth = claimOne(at(200));
    storage.jobs().yieldUntil(fourth.id(), token(fourth), Wait.signal("go", at(900)), at(201));

    assertThat(storage.jobs().cancel(fourth.id(), at(202)).waitReason()).isEmpty();
  }

  @Test
  void a_lease_taken_back_and_a_failure_clear_the_reason() {
    Job failed = failed();
    storage.jobs().retry(failed.id(), at(10), at(3));
    Job claimed = claimOne(at(10));
    storage.jobs().expireLeases(at(10).plus(LEASE).plusSeconds(1));
    Job back = reload(claimed);
    assertThat(back.state()).isEqualTo(JobState.PENDING);
    assertThat(back.waitReason()).isEmpty();
    Job again = claimOne(at(100));
    assertThat(storage.jobs().fail(again.id(), token(again), BOOM, at(101)).waitReason()).isEmpty();
    assertThat(storage.jobs().bury(again.id(), at(102)).waitReason()).isEmpty();
  }

  // ---- helpers ----

  private void assertWaiting(
      Job waiting, Job claimed, WaitReason reason, Instant until, Instant now) {
    assertThat(waiting.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(waiting.waitReason()).contains(reason);
    assertThat(waiting.scheduledAt()).isEqualTo(until);
    assertThat(waiting.lease()).isEmpty();
    assertThat(waiting.attempts())
        .as("the attempt is given back")
        .isEqualTo(claimed.attempts() - 1);
    assertThat(waiting.updatedAt()).isEqualTo(now);
    assertThat(waiting.version()).isGreaterThan(claimed.version());
    assertThat(reload(claimed)).isEqualTo(waiting);
  }

  /** Submits a parent at {@link #T0} and claims it at {@code at(1)}. */
  protected Job claimParent() {
    storage.jobs().submit(JobRequest.of(PARENT, "{}"), T0);
    return claimParentAt(at(1));
  }

  /** Claims one due parent at {@code now}; fails the test if none is due. */
  protected Job claimParentAt(Instant now) {
    return claimOneOf(PARENT, now);
  }

  /** Claims one due child at {@code now}; fails the test if none is due. */
  protected Job claimChildAt(Instant now) {
    return claimOneOf(CHILD, now);
  }

  private Job claimOneOf(String type, Instant now) {
    List<Job> jobs = storage.jobs().claim(new ClaimRequest("w", 1, LEASE, now, Set.of(type)));
    assertThat(jobs).as("one %s claimed at %s", type, now).hasSize(1);
    return jobs.get(0);
  }

  /** Submits a child of {@code parent}, due at {@code at(1)}. */
  protected Job submitChild(Job parent) {
    return storage.jobs().submit(JobRequest.of(CHILD, "{}").withParent(parent.id()), at(1));
  }

  /** Submits {@code n} children of {@code parent} and claims them all at {@code at(1)}. */
  protected List<Job> claimChildren(Job parent, int n) {
    List<JobRequest> requests = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      requests.add(JobRequest.of(CHILD, Integer.toString(i)).withParent(parent.id()));
    }
    storage.jobs().submitAll(requests, at(1));
    List<Job> claimed = new ArrayList<>(n);
    while (claimed.size() < n) {
      List<Job> batch =
          storage
              .jobs()
              .claim(
                  new ClaimRequest(
                      "w", Math.min(100, n - claimed.size()), LEASE, at(1), Set.of(CHILD)));
      assertThat(batch).as("children left to claim").isNotEmpty();
      claimed.addAll(batch);
    }
    return claimed;
  }
}
