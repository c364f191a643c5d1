package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.WaitReason;
import io.mediaflow.api.store.Checkpoint;
import io.mediaflow.api.store.CheckpointStore;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.Completion;
import io.mediaflow.api.store.JobStore;
import io.mediaflow.api.store.SavedState;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.api.store.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Durable execution on a JDBC database, beyond what the testkit's contracts ask: the wake-up races
 * that only a real database with concurrent transactions can lose (children finishing on 16
 * threads, a yield racing a signal), the parent counter through every final change, the cascade of
 * a cancel, and the rows that go with a deleted job. One subclass per database.
 */
@Timeout(300)
abstract class DurableStoreTests {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final Duration LEASE = Duration.ofMinutes(10);

  JdbcStorage storage;
  JobStore jobs;
  CheckpointStore cps;

  /** A store on empty tables. */
  abstract JdbcStorage newStorage();

  /** How many children the 16-thread race finishes. */
  int raceChildren() {
    return 1000;
  }

  @BeforeEach
  void open() {
    storage = newStorage();
    jobs = storage.jobs();
    cps = storage.checkpoints();
  }

  @AfterEach
  void close() {
    if (storage != null) {
      storage.close();
    }
  }

  // ---- helpers ----

  Job submitted(String type) {
    return jobs.submit(JobRequest.of(type, "{}"), T0);
  }

  Job child(String parentId) {
    return child(parentId, "child");
  }

  Job child(String parentId, String type) {
    return jobs.submit(JobRequest.of(type, "{}").withParent(parentId), T0);
  }

  /** Claims the job (and maybe others of its type) and returns it as claimed. */
  Job claimed(Job job) {
    return claimed(job, T0);
  }

  Job claimed(Job job, Instant now) {
    for (Job j : jobs.claim(new ClaimRequest("node", 1000, LEASE, now, Set.of(job.type())))) {
      if (j.id().equals(job.id())) {
        return j;
      }
    }
    throw new AssertionError("job " + job.id() + " was not claimable");
  }

  List<Job> claimAll(String type, int n) {
    List<Job> out = new ArrayList<>();
    while (out.size() < n) {
      List<Job> got = jobs.claim(new ClaimRequest("node", 500, LEASE, T0, Set.of(type)));
      if (got.isEmpty()) {
        break;
      }
      out.addAll(got);
    }
    return out;
  }

  String token(Job claimed) {
    return claimed.lease().orElseThrow().token();
  }

  Job find(String id) {
    return jobs.find(id).orElseThrow();
  }

  /** Due at {@code now}: woken (pending) or scheduled no later than it. */
  static boolean due(Job job, Instant now) {
    return job.state() == JobState.PENDING
        || (job.state() == JobState.SCHEDULED && !job.scheduledAt().isAfter(now));
  }

  static Checkpoint step(String jobId, int seq, String value) {
    return new Checkpoint(jobId, seq, Checkpoint.Kind.STEP, "step-" + seq, value);
  }

  // ---- checkpoints ----

  @Test
  void a_group_commit_keeps_the_first_checkpoint_at_each_position_and_never_fails_on_a_duplicate() {
    String a = submitted("w").id();
    String b = submitted("w").id();
    cps.saveAll(List.of(step(a, 0, "\"a0\""), step(b, 0, "\"b0\""), step(a, 1, "\"a1\"")));
    // the same positions again, another value, mixed with new ones and a duplicate in the batch
    cps.saveAll(
        List.of(
            step(a, 1, "\"other\""),
            step(b, 1, "\"b1\""),
            step(b, 1, "\"b1-second\""),
            step(a, 2, "{\"big\":\"" + "x".repeat(200_000) + "\"}")));

    assertThat(cps.history(a, 0))
        .extracting(Checkpoint::seq, Checkpoint::value)
        .startsWith(
            org.assertj.core.groups.Tuple.tuple(0, "\"a0\""),
            org.assertj.core.groups.Tuple.tuple(1, "\"a1\""));
    assertThat(cps.history(a, 2))
        .singleElement()
        .satisfies(
            cp -> {
              assertThat(cp.value()).hasSize(200_010);
              assertThat(cp.kind()).isEqualTo(Checkpoint.Kind.STEP);
              assertThat(cp.name()).isEqualTo("step-2");
            });
    assertThat(cps.history(b, 0)).extracting(Checkpoint::value).containsExactly("\"b0\"", "\"b1\"");
    assertThat(cps.history("no-such-job", 0)).isEmpty();
  }

  @Test
  void eight_threads_saving_the_same_positions_all_succeed_and_one_value_wins_at_each()
      throws Exception {
    String a = submitted("w").id();
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    CyclicBarrier start = new CyclicBarrier(8);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int me = t;
      Thread th =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int seq = 0; seq < 20; seq++) {
                    cps.saveAll(List.of(step(a, seq, "\"" + me + "\"")));
                  }
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      th.start();
      threads.add(th);
    }
    for (Thread th : threads) {
      th.join();
    }
    assertThat(errors).isEmpty();
    assertThat(cps.history(a, 0)).extracting(Checkpoint::seq).hasSize(20);
  }

  @Test
  void a_state_is_overwritten_and_read_back_with_its_position() {
    String a = submitted("w").id();
    assertThat(cps.loadState(a, "cursor")).isEmpty();
    cps.saveState(a, "cursor", new SavedState("{\"node\":1}", 3));
    cps.saveState(a, "cursor", new SavedState("{\"node\":2}", 7));
    cps.saveState(a, "other", new SavedState("1", 0));
    assertThat(cps.loadState(a, "cursor")).contains(new SavedState("{\"node\":2}", 7));
    assertThat(cps.loadState(a, "other")).contains(new SavedState("1", 0));
  }

  @Test
  void a_state_saved_by_one_attempt_is_loaded_by_the_next_and_a_first_attempt_loads_none() {
    Job job = claimed(submitted("w"));
    assertThat(cps.loadState(job.id(), "cursor")).as("a first attempt").isEmpty();
    // saved by the group commit (several states), as the engine's writer does
    cps.saveAll(
        List.of(),
        List.of(
            new CheckpointStore.StateSave(job.id(), "cursor", new SavedState("{\"node\":1}", 2)),
            new CheckpointStore.StateSave(job.id(), "seed", new SavedState("{}", 2))));
    assertThat(cps.loadState(job.id(), "cursor")).contains(new SavedState("{\"node\":1}", 2));

    // a durable sleep gives the attempt back; the next attempt finds the state
    Instant wake = T0.plusSeconds(60);
    jobs.yieldUntil(job.id(), token(job), Wait.sleep(wake), T0);
    Job again = claimed(job, wake);
    assertThat(again.attempts()).isEqualTo(1);
    assertThat(cps.loadState(job.id(), "cursor")).contains(new SavedState("{\"node\":1}", 2));

    // a job claimed with no state, whose state is then saved in the same attempt, loads it
    Job other = claimed(submitted("w2"));
    cps.saveState(other.id(), "cursor", new SavedState("3", 4));
    assertThat(cps.loadState(other.id(), "cursor")).contains(new SavedState("3", 4));
  }

  @Test
  void signals_are_taken_oldest_first_once_each_and_again_by_the_same_position() {
    String a = submitted("w").id();
    jobs.signal(a, "approve", "first", T0);
    jobs.signal(a, "approve", "second", T0);
    jobs.signal(a, "other", "x", T0);

    assertThat(cps.takeSignal(a, "approve", 3)).contains("first");
    assertThat(cps.takeSignal(a, "approve", 3)).contains("first");
    assertThat(cps.takeSignal(a, "approve", 5)).contains("second");
    assertThat(cps.takeSignal(a, "approve", 7)).isEmpty();
    assertThat(cps.takeSignal(a, "approve", 5)).contains("second");
    assertThat(cps.takeSignal(a, "other", 9)).contains("x");
  }

  @Test
  void a_signal_to_a_missing_or_finished_job_is_refused_with_its_code_and_nothing_is_stored() {
    assertThatThrownBy(() -> jobs.signal("nope", "go", "p", T0))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(StorageException.JOB_NOT_FOUND);
              assertThat(e.getMessage()).contains("job nope does not exist");
            });
    Job done = submitted("w");
    jobs.complete(done.id(), token(claimed(done)), Optional.empty(), T0);
    assertThatThrownBy(() -> jobs.signal(done.id(), "go", "p", T0))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> {
              assertThat(e.code()).isEqualTo(StorageException.JOB_FINISHED);
              assertThat(e.getMessage())
                  .contains("job " + done.id() + " is COMPLETED: signal 'go' was not stored");
            });
    assertThat(cps.takeSignal(done.id(), "go", 0)).isEmpty();
  }

  // ---- waits ----

  @Test
  void a_sleep_waits_with_its_reason_gives_the_attempt_back_and_the_claim_clears_the_reason() {
    Job job = claimed(submitted("w"));
    Instant wake = T0.plus(Duration.ofDays(3));
    Job waiting = jobs.yieldUntil(job.id(), token(job), Wait.sleep(wake), T0);

    assertThat(waiting.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(waiting.waitReason()).contains(WaitReason.SLEEP);
    assertThat(waiting.scheduledAt()).isEqualTo(wake);
    assertThat(waiting.attempts()).isZero();
    assertThat(waiting.lease()).isEmpty();
    assertThat(find(job.id()).waitReason()).contains(WaitReason.SLEEP);
    assertThat(jobs.claim(new ClaimRequest("n", 10, LEASE, T0.plusSeconds(60), Set.of())))
        .isEmpty();

    Job again = claimed(job, wake);
    assertThat(again.waitReason()).isEmpty();
    assertThat(find(job.id()).waitReason()).isEmpty();
    assertThatThrownBy(() -> jobs.yieldUntil(job.id(), token(job), Wait.sleep(wake), T0))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.code()).isEqualTo(StorageException.LEASE_LOST));
  }

  @Test
  void a_signal_sent_before_the_wait_makes_it_due_at_once_and_one_sent_during_it_wakes_it() {
    Job job = claimed(submitted("w"));
    jobs.signal(job.id(), "approve", "yes", T0);
    Job waiting =
        jobs.yieldUntil(job.id(), token(job), Wait.signal("approve", T0.plusSeconds(3600)), T0);
    assertThat(waiting.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(waiting.waitReason()).contains(WaitReason.SIGNAL);
    assertThat(waiting.scheduledAt()).isEqualTo(T0);
    assertThat(find(job.id()).scheduledAt()).isEqualTo(T0);

    Job again = claimed(job);
    assertThat(cps.takeSignal(job.id(), "approve", 1)).contains("yes");
    Job second =
        jobs.yieldUntil(job.id(), token(again), Wait.signal("approve", T0.plusSeconds(3600)), T0);
    assertThat(second.scheduledAt()).isEqualTo(T0.plusSeconds(3600));
    // another name wakes nothing
    assertThat(jobs.signal(job.id(), "reject", "no", T0.plusSeconds(1)).state())
        .isEqualTo(JobState.SCHEDULED);
    Job woken = jobs.signal(job.id(), "approve", "again", T0.plusSeconds(2));
    assertThat(woken.state()).isEqualTo(JobState.PENDING);
    assertThat(woken.scheduledAt()).isEqualTo(T0.plusSeconds(2));
    assertThat(woken.waitReason()).isEmpty();
    assertThat(find(job.id())).isEqualTo(woken);
  }

  @Test
  void a_retry_waits_with_reason_retry() {
    Job job = claimed(submitted("w"));
    jobs.fail(job.id(), token(job), new JobError("X", "boom", true, "retry"), T0);
    Job retried = jobs.retry(job.id(), T0.plusSeconds(30), T0);
    assertThat(retried.waitReason()).contains(WaitReason.RETRY);
    assertThat(find(job.id()).waitReason()).contains(WaitReason.RETRY);
    assertThat(claimed(job, T0.plusSeconds(30)).waitReason()).isEmpty();
  }

  @Test
  void children_finishing_by_complete_bury_cancel_and_batch_wake_the_parent_at_its_count() {
    Job parent = claimed(submitted("parent"));
    List<Job> kids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      kids.add(child(parent.id()));
    }
    List<Job> running = claimAll("child", 5);
    assertThat(running).hasSize(5);
    Job waiting = jobs.yieldUntil(parent.id(), token(parent), Wait.children(4), T0);
    assertThat(waiting.waitReason()).contains(WaitReason.CHILDREN);
    assertThat(waiting.scheduledAt()).isEqualTo(Wait.FOREVER);

    jobs.complete(running.get(0).id(), token(running.get(0)), Optional.of("r"), T0);
    jobs.fail(running.get(1).id(), token(running.get(1)), new JobError("X", "m", false, "s"), T0);
    jobs.bury(running.get(1).id(), T0);
    jobs.cancel(running.get(2).id(), T0);
    assertThat(find(parent.id()).state()).isEqualTo(JobState.SCHEDULED);

    Instant later = T0.plusSeconds(5);
    assertThat(
            jobs.completeAll(
                List.of(
                    new Completion(running.get(3).id(), token(running.get(3)), Optional.empty()),
                    new Completion(running.get(4).id(), "stale-token", Optional.empty())),
                later))
        .containsExactly(running.get(3).id());
    Job woken = find(parent.id());
    assertThat(woken.state()).isEqualTo(JobState.PENDING);
    assertThat(woken.scheduledAt()).isEqualTo(later);
    assertThat(woken.waitReason()).isEmpty();
  }

  @Test
  void a_dead_child_requeued_counts_no_longer_so_a_later_wait_is_not_due_at_once() {
    Job parent = claimed(submitted("parent"));
    Job kid = child(parent.id());
    Job run = claimed(kid);
    jobs.fail(kid.id(), token(run), new JobError("X", "m", false, "s"), T0);
    jobs.bury(kid.id(), T0);
    Job first = jobs.yieldUntil(parent.id(), token(parent), Wait.children(1), T0);
    assertThat(first.scheduledAt()).as("the dead child counts").isEqualTo(T0);

    jobs.requeue(kid.id(), T0);
    Job again = claimed(parent);
    Job second = jobs.yieldUntil(parent.id(), token(again), Wait.children(1), T0);
    assertThat(second.scheduledAt()).as("re-queued: no longer finished").isEqualTo(Wait.FOREVER);
    Job rerun = claimed(kid);
    Job completed = jobs.complete(kid.id(), token(rerun), Optional.empty(), T0.plusSeconds(1));
    assertThat(completed.state()).isEqualTo(JobState.COMPLETED);
    assertThat(find(parent.id()).state()).isEqualTo(JobState.PENDING);
  }

  @Test
  void cancelling_a_parent_cancels_its_unfinished_descendants_in_one_go_and_leaves_the_rest() {
    Job root = submitted("root");
    Job running = child(root.id(), "running");
    Job pending = child(root.id(), "pending");
    Job done = child(root.id(), "done");
    Job grandchild = child(pending.id(), "grandchild");
    Job claimedRunning = claimed(running);
    Job claimedDone = claimed(done);
    jobs.complete(done.id(), token(claimedDone), Optional.empty(), T0);
    Job unrelated = submitted("pending");

    Job cancelled = jobs.cancel(root.id(), T0.plusSeconds(1));

    assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
    assertThat(find(running.id()).state()).isEqualTo(JobState.CANCELLED);
    assertThat(find(running.id()).lease()).isEmpty();
    assertThat(find(pending.id()).state()).isEqualTo(JobState.CANCELLED);
    assertThat(find(grandchild.id()).state()).isEqualTo(JobState.CANCELLED);
    assertThat(find(done.id()).state()).isEqualTo(JobState.COMPLETED);
    assertThat(find(unrelated.id()).state()).isEqualTo(JobState.PENDING);
    assertThatThrownBy(
            () -> jobs.complete(running.id(), token(claimedRunning), Optional.empty(), T0))
        .isInstanceOfSatisfying(
            StorageException.class,
            e -> assertThat(e.code()).isEqualTo(StorageException.LEASE_LOST));
  }

  @Test
  void cancelling_a_child_wakes_a_parent_waiting_for_it() {
    Job parent = claimed(submitted("parent"));
    Job kid = child(parent.id());
    jobs.yieldUntil(parent.id(), token(parent), Wait.children(1), T0);
    jobs.cancel(kid.id(), T0.plusSeconds(1));
    assertThat(find(parent.id()).state()).isEqualTo(JobState.PENDING);
  }

  @Test
  void deleting_or_purging_a_job_removes_its_checkpoints_states_and_signals() {
    Job a = claimed(submitted("w"));
    Job b = claimed(submitted("w"));
    Job kept = submitted("w");
    for (Job j : List.of(a, b, kept)) {
      cps.saveAll(List.of(step(j.id(), 0, "0")));
      cps.saveState(j.id(), "s", new SavedState("1", 1));
      jobs.signal(j.id(), "go", "p", T0);
    }
    jobs.complete(a.id(), token(a), Optional.empty(), T0);
    jobs.complete(b.id(), token(b), Optional.empty(), T0);

    assertThat(jobs.delete(a.id())).isTrue();
    assertThat(jobs.purgeFinishedBefore(T0.plusSeconds(1), 10)).isEqualTo(1);

    for (Job gone : List.of(a, b)) {
      assertThat(cps.history(gone.id(), 0)).isEmpty();
      assertThat(cps.loadState(gone.id(), "s")).isEmpty();
      assertThat(cps.takeSignal(gone.id(), "go", 5)).isEmpty();
    }
    assertThat(cps.history(kept.id(), 0)).hasSize(1);
    assertThat(cps.loadState(kept.id(), "s")).isPresent();
    assertThat(cps.takeSignal(kept.id(), "go", 5)).contains("p");
  }

  // ---- races ----

  /**
   * 16 threads finish the children of one parent (one by one and in batches) while the parent,
   * still running, yields halfway for all of them: whatever the interleaving, the parent ends up
   * due, never stuck waiting.
   */
  @Test
  void sixteen_threads_racing_children_to_completion_never_lose_the_parents_wake_up()
      throws Exception {
    int n = raceChildren();
    Job parent = claimed(submitted("parent"));
    List<JobRequest> requests = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      requests.add(JobRequest.of("child", "{}").withParent(parent.id()));
    }
    jobs.submitAll(requests, T0);
    List<Job> running = claimAll("child", n);
    assertThat(running).hasSize(n);

    int threads = 16;
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    CountDownLatch half = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int me = t;
      Thread th =
          new Thread(
              () -> {
                try {
                  start.await();
                  List<Completion> batch = new ArrayList<>();
                  for (int i = me; i < n; i += threads) {
                    Job kid = running.get(i);
                    if (i % 3 == 0) {
                      batch.add(new Completion(kid.id(), token(kid), Optional.empty()));
                      if (batch.size() == 4) {
                        finished.addAndGet(jobs.completeAll(batch, T0).size());
                        batch.clear();
                      }
                    } else {
                      jobs.complete(kid.id(), token(kid), Optional.empty(), T0);
                      finished.incrementAndGet();
                    }
                    if (finished.get() >= n / 2) {
                      half.countDown();
                    }
                  }
                  finished.addAndGet(jobs.completeAll(batch, T0).size());
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      th.start();
      workers.add(th);
    }
    start.countDown();
    half.await();
    Job waiting = jobs.yieldUntil(parent.id(), token(parent), Wait.children(n), T0);
    for (Thread th : workers) {
      th.join();
    }
    assertThat(errors).isEmpty();
    assertThat(finished.get()).isEqualTo(n);
    Job after = find(parent.id());
    assertThat(due(after, T0))
        .as("parent after its yield (%s) and all children: %s", waiting, after)
        .isTrue();
  }

  /** The same, with the parent waiting before the children start: it is woken, pending. */
  @Test
  void a_parent_waiting_for_its_children_is_woken_by_the_last_of_many_racing_threads()
      throws Exception {
    int n = raceChildren();
    Job parent = claimed(submitted("parent"));
    List<JobRequest> requests = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      requests.add(JobRequest.of("child", "{}").withParent(parent.id()));
    }
    jobs.submitAll(requests, T0);
    List<Job> running = claimAll("child", n);
    jobs.yieldUntil(parent.id(), token(parent), Wait.children(n), T0);
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      int me = t;
      Thread th =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = me; i < n; i += 16) {
                    jobs.complete(running.get(i).id(), token(running.get(i)), Optional.empty(), T0);
                  }
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      th.start();
      workers.add(th);
    }
    start.countDown();
    for (Thread th : workers) {
      th.join();
    }
    assertThat(errors).isEmpty();
    assertThat(find(parent.id()).state()).isEqualTo(JobState.PENDING);
  }

  /** A yield for a signal racing the signal itself, 50 times: the job always ends up due. */
  @Test
  void a_yield_racing_a_signal_never_leaves_the_job_waiting() throws Exception {
    for (int round = 0; round < 50; round++) {
      Job job = claimed(submitted("w"));
      List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
      CyclicBarrier start = new CyclicBarrier(2);
      Thread yielder =
          new Thread(
              () -> {
                try {
                  start.await();
                  jobs.yieldUntil(job.id(), token(job), Wait.signal("go", Wait.FOREVER), T0);
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      Thread sender =
          new Thread(
              () -> {
                try {
                  start.await();
                  jobs.signal(job.id(), "go", "now", T0);
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      yielder.start();
      sender.start();
      yielder.join();
      sender.join();
      assertThat(errors).isEmpty();
      Job after = find(job.id());
      assertThat(due(after, T0)).as("round %d: %s", round, after).isTrue();
      jobs.cancel(job.id(), T0);
    }
  }
}
