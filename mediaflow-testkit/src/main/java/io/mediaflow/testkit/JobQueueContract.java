package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobProgress;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.Lease;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.StorageException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The {@link io.mediaflow.api.store.JobStore} contract, queue part: claims (order, limits, types,
 * concurrency), leases and heartbeats, batched completion.
 *
 * <p>Subclass it (or {@link StorageContract}, which runs every suite) and return a fresh, empty
 * store from {@link #newStorage()}.
 *
 * <p>Completing, failing, releasing and yielding check the lease token first: a caller without the
 * lease (a job that was never claimed, was taken back or cancelled) gets {@link
 * StorageException#LEASE_LOST}; heartbeat and progress return false. A lease past its expiry still
 * works until {@code expireLeases} takes the job back. {@code takeBackLeases} takes back a node's
 * leases at once, and without a node never a lease that this process's open stores hold.
 */
public abstract class JobQueueContract extends StorageContractSupport {

  // ---- batched completion ----

  @Test
  void complete_all_completes_every_held_job_and_skips_a_lost_lease() {
    for (int i = 0; i < 5; i++) {
      submit();
    }
    List<Job> claimed = claim("worker-1", 5, at(1));
    assertThat(claimed).hasSize(5);
    List<io.mediaflow.api.store.Completion> batch = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Job j = claimed.get(i);
      batch.add(
          new io.mediaflow.api.store.Completion(j.id(), token(j), java.util.Optional.of("r" + i)));
    }
    Job lost = claimed.get(4);
    batch.add(
        new io.mediaflow.api.store.Completion(
            lost.id(), "not-the-token", java.util.Optional.empty()));

    Set<String> done = storage.jobs().completeAll(batch, at(2));

    assertThat(done)
        .containsExactlyInAnyOrderElementsOf(claimed.subList(0, 4).stream().map(Job::id).toList());
    for (int i = 0; i < 4; i++) {
      Job j = reload(claimed.get(i));
      assertThat(j.state()).isEqualTo(JobState.COMPLETED);
      assertThat(j.result()).contains("r" + i);
      assertThat(j.lease()).isEmpty();
      assertThat(j.version()).isGreaterThan(claimed.get(i).version());
    }
    assertThat(reload(lost).state()).isEqualTo(JobState.PROCESSING);
    assertThat(storage.jobs().completeAll(List.of(), at(3))).isEmpty();
  }

  // ---- batched heartbeats ----

  @Test
  void heartbeat_all_extends_every_held_lease_and_reports_the_lost_ones_without_stopping() {
    for (int i = 0; i < 4; i++) {
      submit();
    }
    List<Job> claimed = claim("worker-1", 4, at(1));
    assertThat(claimed).hasSize(4);
    Job cancelled = claimed.get(1);
    storage.jobs().cancel(cancelled.id(), at(2));
    Job wrongToken = claimed.get(2);
    Map<String, String> tokens = new LinkedHashMap<>();
    for (Job j : claimed) {
      tokens.put(j.id(), j == wrongToken ? "not-the-token" : token(j));
    }
    tokens.put("no-such-job", "whatever");

    Set<String> lost = storage.jobs().heartbeatAll(tokens, at(100));

    assertThat(lost).containsExactlyInAnyOrder(cancelled.id(), wrongToken.id(), "no-such-job");
    for (Job j : List.of(claimed.get(0), claimed.get(3))) {
      Job now = reload(j);
      assertThat(now.state()).isEqualTo(JobState.PROCESSING);
      assertThat(now.lease().orElseThrow().expiresAt()).as("extended").isEqualTo(at(100));
      assertThat(now.lease().orElseThrow().token()).isEqualTo(token(j));
      assertThat(now.version()).isGreaterThan(j.version());
    }
    assertThat(reload(cancelled).state()).isEqualTo(JobState.CANCELLED);
    Job untouched = reload(wrongToken);
    assertThat(untouched.lease().orElseThrow().expiresAt())
        .as("a wrong token extends nothing")
        .isEqualTo(wrongToken.lease().orElseThrow().expiresAt());
    assertThat(untouched.version()).isEqualTo(wrongToken.version());
    assertThat(storage.jobs().expireLeases(at(99)))
        .as("only the lease that was not extended runs out")
        .isEqualTo(1);
    assertThat(storage.jobs().heartbeatAll(Map.of(), at(200))).isEmpty();
  }

  // ---- claim ----

  @Test
  void a_claim_makes_the_job_processing_under_a_new_lease_and_counts_the_attempt() {
    Job job = submit();

    Job claimed = claimOne(at(1));

    assertThat(claimed.id()).isEqualTo(job.id());
    assertThat(claimed.state()).isEqualTo(JobState.PROCESSING);
    assertThat(claimed.attempts()).isEqualTo(1);
    Lease lease = claimed.lease().orElseThrow();
    assertThat(lease.owner()).isEqualTo("worker-1");
    assertThat(lease.token()).isNotBlank();
    assertThat(lease.expiresAt()).isEqualTo(at(1).plus(LEASE));
    assertThat(claimed.updatedAt()).isEqualTo(at(1));
    assertThat(reload(job)).isEqualTo(claimed);
  }

  @Test
  void a_claim_takes_higher_priority_first_then_earliest_due_then_oldest() {
    Job lowOld = storage.jobs().submit(JobRequest.of("test", "lowOld").withPriority(1), T0);
    Job highLate = storage.jobs().submit(JobRequest.of("test", "highLate").withPriority(5), at(2));
    Job highEarly =
        storage
            .jobs()
            .submit(JobRequest.of("test", "highEarly").withPriority(5).withRunAt(at(1)), at(3));
    Job highLateSecond =
        storage.jobs().submit(JobRequest.of("test", "highLate2").withPriority(5), at(2));
    Job normal = storage.jobs().submit(JobRequest.of("test", "normal"), T0);
    Job negative = storage.jobs().submit(JobRequest.of("test", "negative").withPriority(-3), T0);

    List<Job> claimed = claim("w", 10, at(10));

    assertThat(claimed)
        .extracting(Job::id)
        .containsExactly(
            highEarly.id(),
            highLate.id(),
            highLateSecond.id(),
            lowOld.id(),
            normal.id(),
            negative.id());
  }

  @Test
  void a_claim_returns_at_most_the_number_asked_for() {
    for (int i = 0; i < 5; i++) {
      submit();
    }

    assertThat(claim("w", 3, at(1))).hasSize(3);
    assertThat(claim("w", 3, at(1))).hasSize(2);
    assertThat(claim("w", 3, at(1))).isEmpty();
  }

  @Test
  void a_claim_returns_nothing_from_an_empty_store() {
    assertThat(claim("w", 10, T0)).isEmpty();
  }

  @Test
  void a_claimed_job_is_not_claimed_again_until_its_lease_is_taken_back() {
    submit();
    claimOne(at(1));

    assertThat(claim("other", 10, at(2))).isEmpty();
    assertThat(claim("other", 10, at(1).plus(LEASE).plusSeconds(60))).isEmpty();
  }

  @Test
  void a_scheduled_job_is_not_claimable_before_its_time_but_is_at_and_after_it() {
    Job job = storage.jobs().submit(JobRequest.of("test", "{}").withRunAt(at(60)), T0);

    assertThat(claim("w", 10, at(59))).isEmpty();
    assertThat(reload(job).state()).isEqualTo(JobState.SCHEDULED);

    Job claimed = claimOne(at(60));
    assertThat(claimed.id()).isEqualTo(job.id());
    assertThat(claimed.state()).isEqualTo(JobState.PROCESSING);
  }

  @Test
  void a_scheduled_job_that_fell_due_is_claimed_after_it_is_late() {
    Job job = storage.jobs().submit(JobRequest.of("test", "{}").withRunAt(at(60)), T0);

    assertThat(claimOne(at(3600)).id()).isEqualTo(job.id());
  }

  @Test
  void a_due_scheduled_job_competes_with_pending_jobs_by_priority_and_due_time() {
    Job pendingLater = storage.jobs().submit(JobRequest.of("test", "p"), at(30));
    Job scheduledEarlier = storage.jobs().submit(JobRequest.of("test", "s").withRunAt(at(10)), T0);
    Job scheduledHigh =
        storage.jobs().submit(JobRequest.of("test", "h").withRunAt(at(40)).withPriority(1), T0);

    List<Job> claimed = claim("w", 10, at(50));

    assertThat(claimed)
        .extracting(Job::id)
        .containsExactly(scheduledHigh.id(), scheduledEarlier.id(), pendingLater.id());
  }

  @Test
  void a_claim_only_takes_jobs_of_the_requested_types() {
    Job media = storage.jobs().submit(JobRequest.of("media", "{}"), T0);
    Job action = storage.jobs().submit(JobRequest.of("action", "{}").withPriority(9), T0);
    Job hook = storage.jobs().submit(JobRequest.of("webhook.delivery", "{}"), T0);

    List<Job> mediaOnly =
        storage.jobs().claim(new ClaimRequest("w", 10, LEASE, at(1), Set.of("media", "unknown")));
    assertThat(mediaOnly).extracting(Job::id).containsExactly(media.id());

    List<Job> rest = claim("w", 10, at(1));
    assertThat(rest).extracting(Job::id).containsExactly(action.id(), hook.id());
  }

  @Test
  void a_claim_over_several_types_still_orders_by_priority_across_them() {
    Job a = storage.jobs().submit(JobRequest.of("a", "{}"), T0);
    Job b = storage.jobs().submit(JobRequest.of("b", "{}").withPriority(2), at(1));
    Job c = storage.jobs().submit(JobRequest.of("c", "{}").withPriority(2), at(2));

    List<Job> claimed =
        storage.jobs().claim(new ClaimRequest("w", 10, LEASE, at(5), Set.of("a", "c")));

    assertThat(claimed).extracting(Job::id).containsExactly(c.id(), a.id());
    assertThat(reload(b).state()).isEqualTo(JobState.PENDING);
  }

  @Test
  void every_claim_gets_a_distinct_lease_token() {
    Job job = submit();
    Set<String> tokens = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      Job claimed = claimOne(at(i));
      tokens.add(token(claimed));
      storage.jobs().release(job.id(), token(claimed), at(i));
    }
    for (int i = 0; i < 20; i++) {
      submit();
    }
    for (Job claimed : claim("w", 100, at(10))) {
      tokens.add(token(claimed));
    }

    assertThat(tokens).hasSize(3 + 21);
  }

  @RepeatedTest(3)
  void sixteen_concurrent_claimers_never_claim_a_job_twice() throws Exception {
    int jobs = 2000;
    int threads = 16;
    List<JobRequest> requests = new ArrayList<>();
    for (int i = 0; i < jobs; i++) {
      requests.add(JobRequest.of("test", Integer.toString(i)).withPriority(i % 3));
    }
    storage.jobs().submitAll(requests, T0);
    Map<String, String> claimedBy = new ConcurrentHashMap<>();
    AtomicInteger duplicates = new AtomicInteger();
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String owner = "worker-" + t;
      Thread worker =
          new Thread(
              () -> {
                try {
                  start.await();
                  while (true) {
                    List<Job> batch = claim(owner, 7, at(1));
                    if (batch.isEmpty()) {
                      return;
                    }
                    for (Job job : batch) {
                      if (claimedBy.putIfAbsent(job.id(), owner) != null) {
                        duplicates.incrementAndGet();
                      }
                    }
                  }
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      worker.start();
      workers.add(worker);
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join(TimeUnit.SECONDS.toMillis(60));
      assertThat(worker.isAlive()).as("claimer finished").isFalse();
    }

    assertThat(errors).isEmpty();
    assertThat(duplicates).hasValue(0);
    assertThat(claimedBy).hasSize(jobs);
    assertThat(storage.jobs().countByState().getOrDefault(JobState.PROCESSING, 0L)).isEqualTo(jobs);
  }

  // ---- leases ----

  @Test
  void a_heartbeat_extends_the_lease() {
    Job claimed = claimOneSubmitted();

    assertThat(storage.jobs().heartbeat(claimed.id(), token(claimed), at(100))).isTrue();

    assertThat(reload(claimed).lease().orElseThrow().expiresAt()).isEqualTo(at(100));
    assertThat(reload(claimed).lease().orElseThrow().token()).isEqualTo(token(claimed));
    assertThat(storage.jobs().expireLeases(at(99))).isZero();
    assertThat(reload(claimed).state()).isEqualTo(JobState.PROCESSING);
  }

  @Test
  void expire_leases_takes_back_only_jobs_whose_lease_ran_out_before_now() {
    submit();
    submit();
    Job first = claim("w", 1, at(0)).get(0); // expires at 30
    Job second = claim("w", 1, at(10)).get(0); // expires at 40

    assertThat(storage.jobs().expireLeases(at(30))).as("not before its expiry").isZero();
    assertThat(storage.jobs().expireLeases(at(31))).isEqualTo(1);

    Job back = reload(first);
    assertThat(back.state()).isEqualTo(JobState.PENDING);
    assertThat(back.lease()).isEmpty();
    assertThat(back.attempts()).as("an expired attempt still counts").isEqualTo(1);
    assertThat(back.updatedAt()).isEqualTo(at(31));
    assertThat(reload(second).state()).isEqualTo(JobState.PROCESSING);
    assertThat(storage.jobs().expireLeases(at(31))).as("nothing left to expire").isZero();
  }

  // ---- taking back the leases of a process that is gone ----

  @Test
  void taking_back_a_nodes_leases_returns_its_jobs_to_the_queue_at_once() {
    for (int i = 0; i < 4; i++) {
      submit();
    }
    Job byNode = claim("node-a", 1, at(1)).get(0);
    Job byWorker = claim("node-a/worker-2", 1, at(1)).get(0);
    Job other = claim("node-b/worker-1", 1, at(1)).get(0);
    Job lookalike = claim("node-ab/worker-1", 1, at(1)).get(0);

    assertThat(storage.jobs().takeBackLeases(Optional.of("node-a"), at(2)))
        .as("the node's own and its workers' leases, long before they expire")
        .isEqualTo(2);

    for (Job taken : List.of(byNode, byWorker)) {
      Job back = reload(taken);
      assertThat(back.state()).isEqualTo(JobState.PENDING);
      assertThat(back.lease()).isEmpty();
      assertThat(back.attempts()).as("a taken back attempt counts, as an expired one").isOne();
      assertThat(back.version()).isGreaterThan(taken.version());
      assertThat(back.updatedAt()).isEqualTo(at(2));
    }
    for (Job kept : List.of(other, lookalike)) {
      assertThat(reload(kept).lease()).as("another node's lease").isEqualTo(kept.lease());
      assertThat(reload(kept).version()).isEqualTo(kept.version());
    }
  }

  @Test
  void a_taken_back_lease_is_lost_to_its_holder_and_the_job_is_claimed_again() {
    Job mine = claimOneSubmitted();
    assertThat(storage.jobs().takeBackLeases(Optional.of("worker-1"), at(2))).isOne();

    assertFails(
        StorageException.LEASE_LOST,
        mine.id(),
        () -> storage.jobs().complete(mine.id(), token(mine), Optional.empty(), at(3)));
    assertThat(storage.jobs().heartbeat(mine.id(), token(mine), at(100))).isFalse();
    Job again = claimOne(at(3));
    assertThat(again.id()).isEqualTo(mine.id());
    assertThat(again.attempts()).isEqualTo(2);
    assertThat(storage.jobs().takeBackLeases(Optional.of("worker-2"), at(4)))
        .as("a node without leases")
        .isZero();
  }

  @Test
  void taking_back_a_nodes_leases_leaves_its_jobs_in_other_states_alone() {
    Job done = claimOneSubmitted();
    storage.jobs().complete(done.id(), token(done), Optional.of("ok"), at(2));
    Job failed = failed();
    Job waiting = submit();
    List<Job> before = List.of(reload(done), reload(failed), reload(waiting));

    assertThat(storage.jobs().takeBackLeases(Optional.of("worker-1"), at(5))).isZero();

    for (Job j : before) {
      assertThat(reload(j).state()).isEqualTo(j.state());
      assertThat(reload(j).version()).isEqualTo(j.version());
    }
  }

  @Test
  void without_a_node_no_lease_this_process_holds_is_taken_back() {
    submit();
    submit();
    Job early = claim("node-a", 1, at(0)).get(0); // expired at 30
    Job late = claim("node-b", 1, at(40)).get(0);

    // in memory every lease is this process's; a shared database cannot tell a dead process's
    // leases from a live one's; an embedded H2 file knows these leases' store is still open
    assertThat(storage.jobs().takeBackLeases(Optional.empty(), at(50))).isZero();

    assertThat(reload(early).lease()).isEqualTo(early.lease());
    assertThat(reload(late).lease()).isEqualTo(late.lease());
  }

  @Test
  void a_worker_whose_lease_was_taken_over_can_no_longer_change_the_job() {
    Job job = submit();
    Job mine =
        storage
            .jobs()
            .claim(new ClaimRequest("slow", 1, Duration.ofSeconds(5), T0, Set.of()))
            .get(0);
    assertThat(storage.jobs().expireLeases(at(6))).isEqualTo(1);
    Job theirs = claim("fast", 1, at(7)).get(0);
    assertThat(theirs.id()).isEqualTo(job.id());
    assertThat(theirs.attempts()).isEqualTo(2);

    assertFails(
        StorageException.LEASE_LOST,
        "lease on job " + job.id(),
        () -> storage.jobs().complete(job.id(), token(mine), Optional.of("late"), at(8)));
    assertFails(
        StorageException.LEASE_LOST,
        job.id(),
        () -> storage.jobs().fail(job.id(), token(mine), BOOM, at(8)));
    assertFails(
        StorageException.LEASE_LOST,
        job.id(),
        () -> storage.jobs().release(job.id(), token(mine), at(8)));
    assertFails(
        StorageException.LEASE_LOST,
        job.id(),
        () -> storage.jobs().yieldUntil(job.id(), token(mine), at(60), Optional.empty(), at(8)));
    assertThat(storage.jobs().heartbeat(job.id(), token(mine), at(100))).isFalse();
    assertThat(
            storage
                .jobs()
                .progress(job.id(), token(mine), new JobProgress(50, "x", null), List.of()))
        .isFalse();

    Job now = reload(job);
    assertThat(now.state()).isEqualTo(JobState.PROCESSING);
    assertThat(now.lease()).contains(theirs.lease().orElseThrow());
    assertThat(now.version()).isEqualTo(theirs.version());
    assertThat(now.result()).isEmpty();
    assertThat(storage.jobs().complete(job.id(), token(theirs), Optional.of("ok"), at(9)).state())
        .isEqualTo(JobState.COMPLETED);
  }

  @Test
  void a_worker_whose_job_was_taken_back_but_not_yet_reclaimed_gets_lease_lost() {
    Job mine = claimOneSubmitted();
    storage.jobs().expireLeases(at(100));

    assertFails(
        StorageException.LEASE_LOST,
        mine.id(),
        () -> storage.jobs().complete(mine.id(), token(mine), Optional.empty(), at(101)));
    assertThat(reload(mine).state()).isEqualTo(JobState.PENDING);
  }

  @Test
  void a_lease_past_its_expiry_still_works_until_the_job_is_taken_back() {
    Job claimed = claimOneSubmitted();
    Instant late = claimed.lease().orElseThrow().expiresAt().plusSeconds(60);

    assertThat(storage.jobs().heartbeat(claimed.id(), token(claimed), late.plus(LEASE))).isTrue();
    Job done = storage.jobs().complete(claimed.id(), token(claimed), Optional.empty(), late);

    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void a_wrong_lease_token_changes_nothing() {
    Job claimed = claimOneSubmitted();

    assertFails(
        StorageException.LEASE_LOST,
        "no longer held",
        () -> storage.jobs().complete(claimed.id(), "not-the-token", Optional.empty(), at(2)));
    assertThat(storage.jobs().heartbeat(claimed.id(), "not-the-token", at(100))).isFalse();
    assertThat(reload(claimed)).isEqualTo(claimed);
  }

  @Test
  void completing_twice_with_the_same_token_fails_the_second_time() {
    Job claimed = claimOneSubmitted();
    storage.jobs().complete(claimed.id(), token(claimed), Optional.of("r"), at(2));

    assertFails(
        StorageException.LEASE_LOST,
        claimed.id(),
        () -> storage.jobs().complete(claimed.id(), token(claimed), Optional.of("again"), at(3)));
    assertThat(reload(claimed).result()).contains("r");
  }

  @RepeatedTest(3)
  void only_one_of_many_concurrent_completions_succeeds() throws Exception {
    Job claimed = claimOneSubmitted();
    int threads = 16;
    AtomicInteger wins = new AtomicInteger();
    AtomicInteger lost = new AtomicInteger();
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> racers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String result = "from-" + t;
      Thread racer =
          new Thread(
              () -> {
                try {
                  start.await();
                  storage.jobs().complete(claimed.id(), token(claimed), Optional.of(result), at(2));
                  wins.incrementAndGet();
                } catch (StorageException e) {
                  if (e.code().equals(StorageException.LEASE_LOST)) {
                    lost.incrementAndGet();
                  } else {
                    errors.add(e);
                  }
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      racer.start();
      racers.add(racer);
    }
    start.countDown();
    for (Thread racer : racers) {
      racer.join(TimeUnit.SECONDS.toMillis(60));
    }

    assertThat(errors).isEmpty();
    assertThat(wins).hasValue(1);
    assertThat(lost).hasValue(threads - 1);
    assertThat(reload(claimed).state()).isEqualTo(JobState.COMPLETED);
  }
}
