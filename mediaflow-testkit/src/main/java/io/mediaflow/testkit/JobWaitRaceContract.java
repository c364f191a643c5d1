package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.Completion;
import io.mediaflow.api.store.Wait;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@link io.mediaflow.api.store.JobStore} contract, durable-wait races: many children finishing
 * at once from many threads while their parent waits for all of them, or while it yields, and a
 * signal sent while its job yields. Whatever the interleaving, the wake-up is never lost: the
 * waiting job ends due at the instant of the last event. {@link JobWaitContract} has the rest.
 *
 * <p>Subclass it (or {@link StorageContract}, which runs every suite) and return a fresh, empty
 * store from {@link #newStorage()}. Each test waits for its threads for at most a minute.
 */
public abstract class JobWaitRaceContract extends StorageContractSupport {

  private static final int THREADS = 16;
  private static final int CHILDREN = 1024;

  /** When every child finishes: the instant the parent must be due at. */
  private static final Instant DONE = at(5);

  @Test
  void sixteen_threads_finishing_a_thousand_children_always_wake_the_waiting_parent()
      throws Exception {
    Job parent = claimNewParent();
    List<Job> children = submitAndClaimChildren(parent);
    storage.jobs().yieldUntil(parent.id(), token(parent), Wait.children(CHILDREN), at(2));

    race(children, null);

    Job woken = reload(parent);
    assertThat(woken.state()).isEqualTo(JobState.PENDING);
    assertThat(woken.waitReason()).isEmpty();
    assertThat(woken.scheduledAt()).isEqualTo(DONE);
    assertThat(claimOf("parent", 1, DONE)).extracting(Job::id).containsExactly(parent.id());
  }

  @Test
  void a_parent_yielding_while_its_children_finish_is_always_due_after_the_last() throws Exception {
    Job parent = claimNewParent();
    List<Job> children = submitAndClaimChildren(parent);

    race(
        children,
        () -> storage.jobs().yieldUntil(parent.id(), token(parent), Wait.children(CHILDREN), DONE));

    Job after = reload(parent);
    assertThat(after.state()).isIn(JobState.PENDING, JobState.SCHEDULED);
    assertThat(after.scheduledAt()).as("due at once, not forever").isEqualTo(DONE);
    assertThat(claimOf("parent", 1, DONE)).extracting(Job::id).containsExactly(parent.id());
  }

  @Test
  void a_signal_sent_while_its_job_yields_always_leaves_the_job_due() throws Exception {
    int rounds = 20;
    List<JobRequest> requests = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      requests.add(JobRequest.of("waiter", Integer.toString(i)));
    }
    storage.jobs().submitAll(requests, T0);
    List<Job> waiters = claimOf("waiter", rounds, at(1));
    assertThat(waiters).hasSize(rounds);
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    for (Job job : waiters) {
      CountDownLatch start = new CountDownLatch(1);
      Thread yielder =
          racer(
              start,
              errors,
              () ->
                  storage
                      .jobs()
                      .yieldUntil(job.id(), token(job), Wait.signal("go", at(3600)), DONE));
      Thread signaller =
          racer(start, errors, () -> storage.jobs().signal(job.id(), "go", "now", DONE));
      start.countDown();
      join(yielder);
      join(signaller);
    }

    assertThat(errors).isEmpty();
    for (Job job : waiters) {
      assertThat(reload(job).scheduledAt()).as("job %s due", job.id()).isEqualTo(DONE);
    }
    assertThat(claimOf("waiter", rounds, DONE)).hasSize(rounds);
  }

  /**
   * Finishes every child from {@link #THREADS} threads: each thread completes its share one by one,
   * in batches, or fails and buries it; {@code alongside}, if any, runs on one more thread once
   * half of the children finished.
   */
  private void race(List<Job> children, Runnable alongside) throws Exception {
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch half = new CountDownLatch(CHILDREN / 2);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      List<Job> share = new ArrayList<>();
      for (int i = t; i < children.size(); i += THREADS) {
        share.add(children.get(i));
      }
      int way = t % 4;
      threads.add(racer(start, errors, () -> finish(share, way, half)));
    }
    if (alongside != null) {
      threads.add(
          racer(
              start,
              errors,
              () -> {
                await(half);
                alongside.run();
              }));
    }
    start.countDown();
    for (Thread t : threads) {
      join(t);
    }
    assertThat(errors).isEmpty();
    assertThat(storage.jobs().countByState().getOrDefault(JobState.PROCESSING, 0L))
        .as("every child finished")
        .isZero();
  }

  private void finish(List<Job> share, int way, CountDownLatch half) {
    if (way == 1) {
      for (int i = 0; i < share.size(); i += 8) {
        List<Completion> batch = new ArrayList<>();
        for (Job c : share.subList(i, Math.min(share.size(), i + 8))) {
          batch.add(new Completion(c.id(), token(c), Optional.empty()));
        }
        assertThat(storage.jobs().completeAll(batch, DONE)).hasSize(batch.size());
        batch.forEach(c -> half.countDown());
      }
      return;
    }
    for (Job c : share) {
      if (way == 2) {
        storage.jobs().fail(c.id(), token(c), BOOM, DONE);
        storage.jobs().bury(c.id(), DONE);
      } else {
        storage.jobs().complete(c.id(), token(c), Optional.empty(), DONE);
      }
      half.countDown();
    }
  }

  private static Thread racer(CountDownLatch start, List<Throwable> errors, Runnable body) {
    Thread t =
        new Thread(
            () -> {
              try {
                start.await();
                body.run();
              } catch (Throwable e) {
                errors.add(e);
              }
            });
    t.start();
    return t;
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new AssertionError("half of the children did not finish within a minute");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void join(Thread t) throws InterruptedException {
    t.join(TimeUnit.SECONDS.toMillis(60));
    assertThat(t.isAlive()).as("racer finished").isFalse();
  }

  private List<Job> submitAndClaimChildren(Job parent) {
    List<JobRequest> requests = new ArrayList<>(CHILDREN);
    for (int i = 0; i < CHILDREN; i++) {
      requests.add(JobRequest.of("child", Integer.toString(i)).withParent(parent.id()));
    }
    storage.jobs().submitAll(requests, at(1));
    List<Job> claimed = claimOf("child", CHILDREN, at(1));
    assertThat(claimed).hasSize(CHILDREN);
    return claimed;
  }

  /** Submits a parent at {@link #T0} and claims it at {@code at(1)}. */
  private Job claimNewParent() {
    storage.jobs().submit(JobRequest.of("parent", "{}"), T0);
    List<Job> claimed = claimOf("parent", 1, at(1));
    assertThat(claimed).hasSize(1);
    return claimed.get(0);
  }

  /** Claims up to {@code n} due jobs of {@code type} at {@code now}, in batches of 100. */
  private List<Job> claimOf(String type, int n, Instant now) {
    List<Job> claimed = new ArrayList<>(n);
    while (claimed.size() < n) {
      List<Job> batch =
          storage
              .jobs()
              .claim(
                  new ClaimRequest(
                      "w", Math.min(100, n - claimed.size()), LEASE, now, Set.of(type)));
      if (batch.isEmpty()) {
        break;
      }
      claimed.addAll(batch);
    }
    return claimed;
  }
}
