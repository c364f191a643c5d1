package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobLog;
import io.mediaflow.api.job.JobProgress;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.JobTransitions;
import io.mediaflow.api.job.Lease;
import io.mediaflow.api.job.StageTiming;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.Page;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.api.store.WebhookRegistration;
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
import java.util.function.Function;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The behaviour every {@link Storage} adapter must share: subclass it, return a fresh, empty store
 * from {@link #newStorage()}, and every test here runs against your adapter.
 *
 * {@snippet :
 * class JdbcStorageTest extends StorageContract {
 *   @Override
 *   protected Storage newStorage() {
 *     return JdbcStorage.h2(freshDatabase());
 *   }
 * }
 * }
 *
 * <p>Time is always passed in: tests use {@link #T0} (whole seconds, so a store that keeps
 * microseconds returns the same instants) plus offsets, and never sleep. Nothing here depends on
 * how a store keeps its data.
 *
 * <p>Beyond the {@link Storage} javadoc, the contract fixes these choices:
 *
 * <ul>
 *   <li>Every method that names a job throws {@link StorageException#JOB_NOT_FOUND} for an unknown
 *       id; {@code find} returns empty.
 *   <li>Completing, failing, releasing and yielding check the lease token first: a caller without
 *       the lease (a job that was never claimed, was taken back or cancelled) gets {@link
 *       StorageException#LEASE_LOST}; heartbeat and progress return false.
 *   <li>A lease past its expiry still works until {@code expireLeases} takes the job back.
 *   <li>Release and yield give back the attempt the claim counted; an expired lease does not.
 *   <li>A claim starts progress and stage timings afresh and keeps the last error; completing
 *       clears the error; requeue resets attempts to 0 and makes the job due now.
 * </ul>
 */
public abstract class StorageContract {

  /** The base instant of every test: whole seconds, so any store keeps it exactly. */
  protected static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  /** The lease every claim in this suite asks for. */
  protected static final Duration LEASE = Duration.ofSeconds(30);

  private static final JobError BOOM = new JobError("PROCESSING_FAILED", "boom", true, "");

  /** The store under test; a new one for each test. */
  protected Storage storage;

  /** A fresh, empty store. Called once per test; the suite closes it after the test. */
  protected abstract Storage newStorage();

  @BeforeEach
  void openStorage() {
    storage = newStorage();
  }

  @AfterEach
  void closeStorage() throws Exception {
    if (storage != null) {
      storage.close();
    }
  }

  // ---- helpers ----

  /** Instant {@code seconds} after {@link #T0}. */
  protected static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  /** Submits a {@code test} job due at {@link #T0}. */
  protected Job submit() {
    return storage.submit(JobRequest.of("test", "{}"), T0);
  }

  /** Claims up to {@code max} jobs of any type for {@code owner} at {@code now}. */
  protected List<Job> claim(String owner, int max, Instant now) {
    return storage.claim(new ClaimRequest(owner, max, LEASE, now, Set.of()));
  }

  /** Claims exactly one job at {@code now}; fails the test if none is due. */
  protected Job claimOne(Instant now) {
    List<Job> jobs = claim("worker-1", 1, now);
    assertThat(jobs).as("one job claimed at %s", now).hasSize(1);
    return jobs.get(0);
  }

  /** The lease token of a claimed job. */
  protected static String token(Job claimed) {
    return claimed.lease().orElseThrow().token();
  }

  /** Asserts that {@code call} fails with {@code code} and a message containing {@code part}. */
  protected static void assertFails(ErrorCode code, String part, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.getMessage()).contains(part);
            });
  }

  private Job reload(Job job) {
    return storage.find(job.id()).orElseThrow();
  }

  private Job failed() {
    submit();
    Job claimed = claimOne(at(1));
    return storage.fail(claimed.id(), token(claimed), BOOM, at(2));
  }

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

    Set<String> done = storage.completeAll(batch, at(2));

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
    assertThat(storage.completeAll(List.of(), at(3))).isEmpty();
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
    storage.cancel(cancelled.id(), at(2));
    Job wrongToken = claimed.get(2);
    Map<String, String> tokens = new LinkedHashMap<>();
    for (Job j : claimed) {
      tokens.put(j.id(), j == wrongToken ? "not-the-token" : token(j));
    }
    tokens.put("no-such-job", "whatever");

    Set<String> lost = storage.heartbeatAll(tokens, at(100));

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
    assertThat(storage.expireLeases(at(99)))
        .as("only the lease that was not extended runs out")
        .isEqualTo(1);
    assertThat(storage.heartbeatAll(Map.of(), at(200))).isEmpty();
  }

  // ---- retention ----

  @Test
  void purge_deletes_only_completed_and_cancelled_jobs_changed_before_the_cutoff() {
    Job completed = storage.submit(JobRequest.of("test", "{}").withIdempotencyKey("done"), T0);
    Job claimed = claimOne(at(1));
    storage.complete(completed.id(), token(claimed), Optional.of("ok"), at(2));
    storage.appendLog(completed.id(), new JobLog(at(2), "INFO", "finished"));
    Job cancelled = storage.cancel(submit().id(), at(3));
    Job cancelledLate = storage.cancel(submit().id(), at(10));
    Job dead = storage.bury(failed().id(), at(4));
    Job failedJob = failed();
    Job processing = claimOneSubmitted();
    Job pending = submit();
    Job scheduled = storage.submit(JobRequest.of("test", "{}").withRunAt(at(1000)), T0);

    int purged = storage.purgeFinishedBefore(at(10), 100);

    assertThat(purged).isEqualTo(2);
    assertThat(storage.find(completed.id())).isEmpty();
    assertThat(storage.find(cancelled.id())).isEmpty();
    assertFails(
        StorageException.JOB_NOT_FOUND,
        completed.id(),
        () -> storage.logs(completed.id())); // its log went with it
    for (Job kept : List.of(cancelledLate, dead, failedJob, processing, pending, scheduled)) {
      assertThat(storage.find(kept.id())).as("%s is kept", kept.state()).isPresent();
    }
    assertThat(reload(dead).state()).isEqualTo(JobState.DEAD);
    assertThat(storage.countByState().getOrDefault(JobState.COMPLETED, 0L)).isZero();
    assertThat(storage.countByState()).containsEntry(JobState.CANCELLED, 1L);
    assertThat(storage.purgeFinishedBefore(at(10), 100)).as("nothing left to purge").isZero();

    Job again = storage.submit(JobRequest.of("test", "{}").withIdempotencyKey("done"), at(20));
    assertThat(again.id())
        .as("a purged job frees its idempotency key")
        .isNotEqualTo(completed.id());
  }

  @Test
  void purge_deletes_at_most_the_number_asked_for() {
    for (int i = 0; i < 5; i++) {
      storage.cancel(submit().id(), at(1));
    }

    assertThat(storage.purgeFinishedBefore(at(2), 2)).isEqualTo(2);
    assertThat(storage.purgeFinishedBefore(at(2), 2)).isEqualTo(2);
    assertThat(storage.purgeFinishedBefore(at(2), 2)).isEqualTo(1);
    assertThat(storage.purgeFinishedBefore(at(2), 2)).isZero();
    assertThat(storage.query(JobQuery.all()).total()).isZero();
  }

  // ---- submit and find ----

  @Test
  void a_job_submitted_without_a_run_time_is_pending_and_due_now() {
    Job job = storage.submit(JobRequest.of("test", "{}"), T0);

    assertThat(job.state()).isEqualTo(JobState.PENDING);
    assertThat(job.scheduledAt()).isEqualTo(T0);
    assertThat(job.createdAt()).isEqualTo(T0);
    assertThat(job.updatedAt()).isEqualTo(T0);
    assertThat(job.attempts()).isZero();
    assertThat(job.lease()).isEmpty();
    assertThat(job.error()).isEmpty();
  }

  @Test
  void a_job_submitted_with_a_future_run_time_is_scheduled() {
    Job job = storage.submit(JobRequest.of("test", "{}").withRunAt(at(60)), T0);

    assertThat(job.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(job.scheduledAt()).isEqualTo(at(60));
  }

  @Test
  void a_job_submitted_with_a_past_or_present_run_time_is_pending() {
    Job past = storage.submit(JobRequest.of("test", "{}").withRunAt(at(-60)), T0);
    Job present = storage.submit(JobRequest.of("test", "{}").withRunAt(T0), T0);

    assertThat(past.state()).isEqualTo(JobState.PENDING);
    assertThat(present.state()).isEqualTo(JobState.PENDING);
  }

  @Test
  void a_submitted_job_keeps_every_field_of_its_request() {
    JobRequest request =
        JobRequest.of("media", "{\"file\":\"a.mp4\"}")
            .withPriority(7)
            .withMaxAttempts(5)
            .withIdempotencyKey("a.mp4#thumb")
            .withParent("parent-1")
            .withCorrelationId("run-9")
            .withRuleId("rule-3");

    Job job = storage.submit(request, T0);

    assertThat(storage.find(job.id())).contains(job);
    assertThat(job.id()).isNotBlank();
    assertThat(job.type()).isEqualTo("media");
    assertThat(job.payload()).isEqualTo("{\"file\":\"a.mp4\"}");
    assertThat(job.priority()).isEqualTo(7);
    assertThat(job.maxAttempts()).isEqualTo(5);
    assertThat(job.idempotencyKey()).isEqualTo("a.mp4#thumb");
    assertThat(job.parentId()).contains("parent-1");
    assertThat(job.correlationId()).isEqualTo("run-9");
    assertThat(job.ruleId()).isEqualTo("rule-3");
  }

  @Test
  void submitting_the_same_idempotency_key_twice_returns_the_first_job_and_stores_one() {
    Job first = storage.submit(JobRequest.of("test", "one").withIdempotencyKey("k"), T0);
    Job second = storage.submit(JobRequest.of("test", "two").withIdempotencyKey("k"), at(5));

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.payload()).isEqualTo("one");
    assertThat(storage.query(JobQuery.all()).total()).isEqualTo(1);
  }

  @Test
  void an_idempotency_key_still_returns_its_job_after_the_job_finished() {
    Job first = storage.submit(JobRequest.of("test", "{}").withIdempotencyKey("k"), T0);
    Job claimed = claimOne(at(1));
    storage.complete(first.id(), token(claimed), Optional.empty(), at(2));

    Job again = storage.submit(JobRequest.of("test", "{}").withIdempotencyKey("k"), at(3));

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void jobs_without_an_idempotency_key_are_never_merged() {
    Job a = storage.submit(JobRequest.of("test", "{}"), T0);
    Job b = storage.submit(JobRequest.of("test", "{}"), T0);

    assertThat(a.id()).isNotEqualTo(b.id());
  }

  @Test
  void submit_all_stores_every_job_in_request_order() {
    List<Job> jobs =
        storage.submitAll(
            List.of(
                JobRequest.of("a", "1"),
                JobRequest.of("b", "2").withRunAt(at(60)),
                JobRequest.of("c", "3").withIdempotencyKey("k"),
                JobRequest.of("c", "4").withIdempotencyKey("k")),
            T0);

    assertThat(jobs).extracting(Job::payload).containsExactly("1", "2", "3", "3");
    assertThat(jobs)
        .extracting(Job::state)
        .containsExactly(JobState.PENDING, JobState.SCHEDULED, JobState.PENDING, JobState.PENDING);
    assertThat(jobs.get(3).id()).isEqualTo(jobs.get(2).id());
    assertThat(storage.query(JobQuery.all()).total()).isEqualTo(3);
    for (Job job : jobs) {
      assertThat(storage.find(job.id())).contains(job);
    }
  }

  @Test
  void ids_are_unique_and_sort_in_submit_order() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ids.add(storage.submit(JobRequest.of("test", "{}"), T0).id());
    }

    assertThat(new HashSet<>(ids)).hasSize(100);
    assertThat(ids).isSorted();
  }

  @Test
  void find_returns_empty_for_an_unknown_id() {
    assertThat(storage.find("no-such-job")).isEmpty();
  }

  @TestFactory
  Stream<DynamicTest> every_operation_on_an_unknown_job_fails_with_job_not_found() {
    Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
    calls.put("complete", () -> storage.complete("nope", "t", Optional.empty(), T0));
    calls.put("fail", () -> storage.fail("nope", "t", BOOM, T0));
    calls.put("retry", () -> storage.retry("nope", T0, T0));
    calls.put("bury", () -> storage.bury("nope", T0));
    calls.put("release", () -> storage.release("nope", "t", T0));
    calls.put("yieldUntil", () -> storage.yieldUntil("nope", "t", T0, Optional.empty(), T0));
    calls.put("cancel", () -> storage.cancel("nope", T0));
    calls.put("requeue", () -> storage.requeue("nope", T0));
    calls.put("heartbeat", () -> storage.heartbeat("nope", "t", T0));
    calls.put("progress", () -> storage.progress("nope", "t", JobProgress.NONE, List.of()));
    calls.put("appendLog", () -> storage.appendLog("nope", new JobLog(T0, "INFO", "x")));
    calls.put("logs", () -> storage.logs("nope"));
    return calls.entrySet().stream()
        .map(
            e ->
                dynamicTest(
                    e.getKey() + " of an unknown job fails with JOB_NOT_FOUND",
                    () ->
                        assertFails(
                            StorageException.JOB_NOT_FOUND,
                            "job nope does not exist",
                            e.getValue())));
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
    Job lowOld = storage.submit(JobRequest.of("test", "lowOld").withPriority(1), T0);
    Job highLate = storage.submit(JobRequest.of("test", "highLate").withPriority(5), at(2));
    Job highEarly =
        storage.submit(JobRequest.of("test", "highEarly").withPriority(5).withRunAt(at(1)), at(3));
    Job highLateSecond = storage.submit(JobRequest.of("test", "highLate2").withPriority(5), at(2));
    Job normal = storage.submit(JobRequest.of("test", "normal"), T0);
    Job negative = storage.submit(JobRequest.of("test", "negative").withPriority(-3), T0);

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
    Job job = storage.submit(JobRequest.of("test", "{}").withRunAt(at(60)), T0);

    assertThat(claim("w", 10, at(59))).isEmpty();
    assertThat(reload(job).state()).isEqualTo(JobState.SCHEDULED);

    Job claimed = claimOne(at(60));
    assertThat(claimed.id()).isEqualTo(job.id());
    assertThat(claimed.state()).isEqualTo(JobState.PROCESSING);
  }

  @Test
  void a_scheduled_job_that_fell_due_is_claimed_after_it_is_late() {
    Job job = storage.submit(JobRequest.of("test", "{}").withRunAt(at(60)), T0);

    assertThat(claimOne(at(3600)).id()).isEqualTo(job.id());
  }

  @Test
  void a_due_scheduled_job_competes_with_pending_jobs_by_priority_and_due_time() {
    Job pendingLater = storage.submit(JobRequest.of("test", "p"), at(30));
    Job scheduledEarlier = storage.submit(JobRequest.of("test", "s").withRunAt(at(10)), T0);
    Job scheduledHigh =
        storage.submit(JobRequest.of("test", "h").withRunAt(at(40)).withPriority(1), T0);

    List<Job> claimed = claim("w", 10, at(50));

    assertThat(claimed)
        .extracting(Job::id)
        .containsExactly(scheduledHigh.id(), scheduledEarlier.id(), pendingLater.id());
  }

  @Test
  void a_claim_only_takes_jobs_of_the_requested_types() {
    Job media = storage.submit(JobRequest.of("media", "{}"), T0);
    Job action = storage.submit(JobRequest.of("action", "{}").withPriority(9), T0);
    Job hook = storage.submit(JobRequest.of("webhook.delivery", "{}"), T0);

    List<Job> mediaOnly =
        storage.claim(new ClaimRequest("w", 10, LEASE, at(1), Set.of("media", "unknown")));
    assertThat(mediaOnly).extracting(Job::id).containsExactly(media.id());

    List<Job> rest = claim("w", 10, at(1));
    assertThat(rest).extracting(Job::id).containsExactly(action.id(), hook.id());
  }

  @Test
  void a_claim_over_several_types_still_orders_by_priority_across_them() {
    Job a = storage.submit(JobRequest.of("a", "{}"), T0);
    Job b = storage.submit(JobRequest.of("b", "{}").withPriority(2), at(1));
    Job c = storage.submit(JobRequest.of("c", "{}").withPriority(2), at(2));

    List<Job> claimed = storage.claim(new ClaimRequest("w", 10, LEASE, at(5), Set.of("a", "c")));

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
      storage.release(job.id(), token(claimed), at(i));
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
    storage.submitAll(requests, T0);
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
    assertThat(storage.countByState().getOrDefault(JobState.PROCESSING, 0L)).isEqualTo(jobs);
  }

  // ---- leases ----

  @Test
  void a_heartbeat_extends_the_lease() {
    Job claimed = claimOneSubmitted();

    assertThat(storage.heartbeat(claimed.id(), token(claimed), at(100))).isTrue();

    assertThat(reload(claimed).lease().orElseThrow().expiresAt()).isEqualTo(at(100));
    assertThat(reload(claimed).lease().orElseThrow().token()).isEqualTo(token(claimed));
    assertThat(storage.expireLeases(at(99))).isZero();
    assertThat(reload(claimed).state()).isEqualTo(JobState.PROCESSING);
  }

  @Test
  void expire_leases_takes_back_only_jobs_whose_lease_ran_out_before_now() {
    submit();
    submit();
    Job first = claim("w", 1, at(0)).get(0); // expires at 30
    Job second = claim("w", 1, at(10)).get(0); // expires at 40

    assertThat(storage.expireLeases(at(30))).as("not before its expiry").isZero();
    assertThat(storage.expireLeases(at(31))).isEqualTo(1);

    Job back = reload(first);
    assertThat(back.state()).isEqualTo(JobState.PENDING);
    assertThat(back.lease()).isEmpty();
    assertThat(back.attempts()).as("an expired attempt still counts").isEqualTo(1);
    assertThat(back.updatedAt()).isEqualTo(at(31));
    assertThat(reload(second).state()).isEqualTo(JobState.PROCESSING);
    assertThat(storage.expireLeases(at(31))).as("nothing left to expire").isZero();
  }

  @Test
  void a_worker_whose_lease_was_taken_over_can_no_longer_change_the_job() {
    Job job = submit();
    Job mine =
        storage.claim(new ClaimRequest("slow", 1, Duration.ofSeconds(5), T0, Set.of())).get(0);
    assertThat(storage.expireLeases(at(6))).isEqualTo(1);
    Job theirs = claim("fast", 1, at(7)).get(0);
    assertThat(theirs.id()).isEqualTo(job.id());
    assertThat(theirs.attempts()).isEqualTo(2);

    assertFails(
        StorageException.LEASE_LOST,
        "lease on job " + job.id(),
        () -> storage.complete(job.id(), token(mine), Optional.of("late"), at(8)));
    assertFails(
        StorageException.LEASE_LOST,
        job.id(),
        () -> storage.fail(job.id(), token(mine), BOOM, at(8)));
    assertFails(
        StorageException.LEASE_LOST, job.id(), () -> storage.release(job.id(), token(mine), at(8)));
    assertFails(
        StorageException.LEASE_LOST,
        job.id(),
        () -> storage.yieldUntil(job.id(), token(mine), at(60), Optional.empty(), at(8)));
    assertThat(storage.heartbeat(job.id(), token(mine), at(100))).isFalse();
    assertThat(storage.progress(job.id(), token(mine), new JobProgress(50, "x", null), List.of()))
        .isFalse();

    Job now = reload(job);
    assertThat(now.state()).isEqualTo(JobState.PROCESSING);
    assertThat(now.lease()).contains(theirs.lease().orElseThrow());
    assertThat(now.version()).isEqualTo(theirs.version());
    assertThat(now.result()).isEmpty();
    assertThat(storage.complete(job.id(), token(theirs), Optional.of("ok"), at(9)).state())
        .isEqualTo(JobState.COMPLETED);
  }

  @Test
  void a_worker_whose_job_was_taken_back_but_not_yet_reclaimed_gets_lease_lost() {
    Job mine = claimOneSubmitted();
    storage.expireLeases(at(100));

    assertFails(
        StorageException.LEASE_LOST,
        mine.id(),
        () -> storage.complete(mine.id(), token(mine), Optional.empty(), at(101)));
    assertThat(reload(mine).state()).isEqualTo(JobState.PENDING);
  }

  @Test
  void a_lease_past_its_expiry_still_works_until_the_job_is_taken_back() {
    Job claimed = claimOneSubmitted();
    Instant late = claimed.lease().orElseThrow().expiresAt().plusSeconds(60);

    assertThat(storage.heartbeat(claimed.id(), token(claimed), late.plus(LEASE))).isTrue();
    Job done = storage.complete(claimed.id(), token(claimed), Optional.empty(), late);

    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void a_wrong_lease_token_changes_nothing() {
    Job claimed = claimOneSubmitted();

    assertFails(
        StorageException.LEASE_LOST,
        "no longer held",
        () -> storage.complete(claimed.id(), "not-the-token", Optional.empty(), at(2)));
    assertThat(storage.heartbeat(claimed.id(), "not-the-token", at(100))).isFalse();
    assertThat(reload(claimed)).isEqualTo(claimed);
  }

  @Test
  void completing_twice_with_the_same_token_fails_the_second_time() {
    Job claimed = claimOneSubmitted();
    storage.complete(claimed.id(), token(claimed), Optional.of("r"), at(2));

    assertFails(
        StorageException.LEASE_LOST,
        claimed.id(),
        () -> storage.complete(claimed.id(), token(claimed), Optional.of("again"), at(3)));
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
                  storage.complete(claimed.id(), token(claimed), Optional.of(result), at(2));
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

  // ---- life cycle ----

  @Test
  void completing_records_the_result_and_clears_the_lease_and_the_error() {
    Job claimed = claimOneSubmitted();
    storage.fail(claimed.id(), token(claimed), BOOM, at(2));
    storage.retry(claimed.id(), at(3), at(2));
    Job again = claimOne(at(3));

    Job done = storage.complete(again.id(), token(again), Optional.of("{\"out\":1}"), at(4));

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
    Job job = storage.submit(JobRequest.of("test", "{}").withMaxAttempts(2), T0);
    Job first = claimOne(at(1));

    Job failed = storage.fail(job.id(), token(first), BOOM, at(2));
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.error()).contains(BOOM);
    assertThat(failed.lease()).isEmpty();
    assertThat(claim("w", 10, at(3))).as("a failed job waits for retry or bury").isEmpty();

    Job retrying = storage.retry(job.id(), at(60), at(3));
    assertThat(retrying.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(retrying.scheduledAt()).isEqualTo(at(60));
    assertThat(claim("w", 10, at(59))).isEmpty();

    Job second = claimOne(at(60));
    assertThat(second.attempts()).isEqualTo(2);
    assertThat(second.error()).as("the last error stays until success").contains(BOOM);

    JobError fatal = new JobError("INPUT_UNREADABLE", "cannot read a.mp4", false, "check it");
    storage.fail(job.id(), token(second), fatal, at(61));
    Job dead = storage.bury(job.id(), at(62));
    assertThat(dead.state()).isEqualTo(JobState.DEAD);
    assertThat(dead.error()).contains(fatal);
    assertThat(storage.query(JobQuery.all().withStates(Set.of(JobState.DEAD))).items())
        .extracting(Job::id)
        .containsExactly(job.id());
    assertThat(claim("w", 10, at(63))).isEmpty();

    Job requeued = storage.requeue(job.id(), at(70));
    assertThat(requeued.state()).isEqualTo(JobState.PENDING);
    assertThat(requeued.attempts()).isZero();
    assertThat(requeued.scheduledAt()).isEqualTo(at(70));
    Job third = claimOne(at(71));
    assertThat(third.attempts()).isEqualTo(1);
  }

  @Test
  void a_retry_due_at_once_is_claimable_at_once() {
    Job failed = failed();

    storage.retry(failed.id(), at(2), at(2));

    assertThat(claimOne(at(2)).id()).isEqualTo(failed.id());
  }

  @Test
  void releasing_returns_the_job_to_the_queue_without_counting_the_attempt() {
    Job claimed = claimOneSubmitted();

    Job released = storage.release(claimed.id(), token(claimed), at(2));

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
    Job newer = storage.submit(JobRequest.of("test", "{}"), at(2));
    storage.release(old.id(), token(claimed), at(3));

    assertThat(claim("w", 2, at(4))).extracting(Job::id).containsExactly(old.id(), newer.id());
  }

  @Test
  void yielding_schedules_the_job_with_its_new_payload() {
    Job claimed = claimOneSubmitted();

    Job waiting =
        storage.yieldUntil(
            claimed.id(), token(claimed), at(300), Optional.of("{\"step\":2}"), at(2));

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
    Job job = storage.submit(JobRequest.of("test", "keep"), T0);
    Job claimed = claimOne(at(1));

    Job waiting = storage.yieldUntil(job.id(), token(claimed), at(10), Optional.empty(), at(2));

    assertThat(waiting.payload()).isEqualTo("keep");
  }

  @Test
  void progress_is_recorded_for_the_lease_holder_and_starts_afresh_on_the_next_claim() {
    Job claimed = claimOneSubmitted();
    JobProgress half = new JobProgress(50, "inv0", Optional.of(Duration.ofSeconds(10)));
    List<StageTiming> stages =
        List.of(new StageTiming("probe", at(1), Optional.of(at(2)), Optional.empty()));

    assertThat(storage.progress(claimed.id(), token(claimed), half, stages)).isTrue();

    Job running = reload(claimed);
    assertThat(running.progress()).isEqualTo(half);
    assertThat(running.stages()).isEqualTo(stages);
    assertThat(running.version()).isGreaterThan(claimed.version());

    storage.release(claimed.id(), token(claimed), at(3));
    Job again = claimOne(at(4));
    assertThat(again.progress()).isEqualTo(JobProgress.NONE);
    assertThat(again.stages()).isEmpty();
  }

  @Test
  void a_pending_job_can_be_cancelled_and_is_never_claimed() {
    Job job = submit();

    Job cancelled = storage.cancel(job.id(), at(1));

    assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
    assertThat(cancelled.updatedAt()).isEqualTo(at(1));
    assertThat(claim("w", 10, at(2))).isEmpty();
  }

  @Test
  void a_scheduled_job_can_be_cancelled_and_is_never_claimed() {
    Job job = storage.submit(JobRequest.of("test", "{}").withRunAt(at(60)), T0);

    assertThat(storage.cancel(job.id(), at(1)).state()).isEqualTo(JobState.CANCELLED);

    assertThat(claim("w", 10, at(120))).isEmpty();
  }

  @Test
  void cancelling_a_processing_job_takes_its_lease_away_from_the_worker() {
    Job claimed = claimOneSubmitted();

    Job cancelled = storage.cancel(claimed.id(), at(2));

    assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
    assertThat(cancelled.lease()).isEmpty();
    assertFails(
        StorageException.LEASE_LOST,
        claimed.id(),
        () -> storage.complete(claimed.id(), token(claimed), Optional.empty(), at(3)));
    assertThat(storage.heartbeat(claimed.id(), token(claimed), at(100))).isFalse();
    assertThat(storage.progress(claimed.id(), token(claimed), JobProgress.NONE, List.of()))
        .isFalse();
    assertThat(storage.expireLeases(at(1000))).isZero();
    assertThat(reload(claimed).state()).isEqualTo(JobState.CANCELLED);
    assertThat(claim("w", 10, at(1001))).isEmpty();
  }

  @Test
  void completing_a_job_that_was_never_claimed_is_lease_lost() {
    Job job = submit();

    assertFails(
        StorageException.LEASE_LOST,
        job.id(),
        () -> storage.complete(job.id(), "made-up", Optional.empty(), at(1)));
    assertThat(reload(job).state()).isEqualTo(JobState.PENDING);
  }

  @Test
  void retrying_a_processing_job_is_an_illegal_transition() {
    Job claimed = claimOneSubmitted();

    assertFails(
        JobTransitions.ILLEGAL_TRANSITION,
        "job " + claimed.id() + " cannot go from PROCESSING to SCHEDULED",
        () -> storage.retry(claimed.id(), at(10), at(2)));
    assertThat(reload(claimed)).isEqualTo(claimed);
  }

  @Test
  void cancelling_a_completed_job_is_an_illegal_transition() {
    Job claimed = claimOneSubmitted();
    Job done = storage.complete(claimed.id(), token(claimed), Optional.empty(), at(2));

    assertFails(
        JobTransitions.ILLEGAL_TRANSITION,
        "cannot go from COMPLETED to CANCELLED",
        () -> storage.cancel(claimed.id(), at(3)));
    assertThat(reload(claimed)).isEqualTo(done);
  }

  @Test
  void requeueing_a_pending_job_is_an_illegal_transition() {
    Job job = submit();

    assertFails(
        JobTransitions.ILLEGAL_TRANSITION,
        "cannot go from PENDING to PENDING",
        () -> storage.requeue(job.id(), at(1)));
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
                j -> storage.retry(j.id(), at(50), at(40))),
            new Op(
                "bury", Set.of(JobState.FAILED), JobState.DEAD, j -> storage.bury(j.id(), at(40))),
            new Op(
                "requeue",
                Set.of(JobState.DEAD),
                JobState.PENDING,
                j -> storage.requeue(j.id(), at(40))),
            new Op(
                "cancel",
                Set.of(JobState.PENDING, JobState.SCHEDULED, JobState.PROCESSING),
                JobState.CANCELLED,
                j -> storage.cancel(j.id(), at(40))));
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

  private void resetStorage() throws Exception {
    storage.close();
    storage = newStorage();
  }

  /** A job brought into {@code state} through the public operations, last changed at 30 s. */
  private Job jobIn(JobState state) {
    Job job = storage.submit(JobRequest.of("test", "{}"), T0);
    switch (state) {
      case PENDING:
        return job;
      case SCHEDULED:
        return storage.submit(JobRequest.of("test", "{}").withRunAt(at(3600)), T0);
      case CANCELLED:
        return storage.cancel(job.id(), at(30));
      default:
        break;
    }
    Job claimed = claimOne(at(10));
    switch (state) {
      case PROCESSING:
        return claimed;
      case COMPLETED:
        return storage.complete(job.id(), token(claimed), Optional.empty(), at(30));
      default:
        break;
    }
    Job failed = storage.fail(job.id(), token(claimed), BOOM, at(20));
    return state == JobState.FAILED ? failed : storage.bury(job.id(), at(30));
  }

  // ---- versions ----

  @Test
  void the_version_increases_with_every_change() {
    Job job = submit();
    List<Long> versions = new ArrayList<>();
    versions.add(job.version());
    Job claimed = claimOne(at(1));
    versions.add(claimed.version());
    storage.heartbeat(job.id(), token(claimed), at(60));
    versions.add(reload(job).version());
    storage.progress(job.id(), token(claimed), new JobProgress(10, "probe", null), List.of());
    versions.add(reload(job).version());
    versions.add(storage.fail(job.id(), token(claimed), BOOM, at(2)).version());
    versions.add(storage.retry(job.id(), at(3), at(2)).version());
    Job again = claimOne(at(3));
    versions.add(again.version());
    versions.add(
        storage.yieldUntil(job.id(), token(again), at(4), Optional.empty(), at(3)).version());
    Job third = claimOne(at(4));
    versions.add(third.version());
    versions.add(storage.release(job.id(), token(third), at(5)).version());
    Job fourth = claimOne(at(6));
    versions.add(fourth.version());
    storage.expireLeases(at(100));
    versions.add(reload(job).version());
    Job fifth = claimOne(at(101));
    versions.add(fifth.version());
    storage.fail(job.id(), token(fifth), BOOM, at(102));
    versions.add(storage.bury(job.id(), at(103)).version());
    versions.add(storage.requeue(job.id(), at(104)).version());
    versions.add(storage.cancel(job.id(), at(105)).version());

    assertThat(versions).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void a_rejected_change_leaves_the_version_alone() {
    Job job = submit();

    assertThatThrownBy(() -> storage.bury(job.id(), at(1))).isInstanceOf(MediaFlowException.class);

    assertThat(reload(job).version()).isEqualTo(job.version());
  }

  // ---- queries ----

  @Test
  void a_query_returns_the_newest_first_in_pages_with_the_total() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      ids.add(storage.submit(JobRequest.of("test", Integer.toString(i)), at(i)).id());
    }
    Collections.reverse(ids);

    Page<Job> first = storage.query(JobQuery.all().withPage(0, 3));
    Page<Job> second = storage.query(JobQuery.all().withPage(1, 3));
    Page<Job> last = storage.query(JobQuery.all().withPage(2, 3));
    Page<Job> beyond = storage.query(JobQuery.all().withPage(3, 3));

    assertThat(first.items()).extracting(Job::id).containsExactlyElementsOf(ids.subList(0, 3));
    assertThat(second.items()).extracting(Job::id).containsExactlyElementsOf(ids.subList(3, 6));
    assertThat(last.items()).extracting(Job::id).containsExactlyElementsOf(ids.subList(6, 7));
    assertThat(beyond.items()).isEmpty();
    assertThat(List.of(first, second, last, beyond))
        .allSatisfy(p -> assertThat(p.total()).isEqualTo(7));
    assertThat(first.hasNext()).isTrue();
    assertThat(second.hasNext()).isTrue();
    assertThat(last.hasNext()).isFalse();
    assertThat(first.page()).isZero();
    assertThat(second.page()).isEqualTo(1);
    assertThat(first.size()).isEqualTo(3);
  }

  @Test
  void a_query_filters_by_state_type_rule_and_creation_time() {
    Job mediaRuleA = storage.submit(JobRequest.of("media", "{}").withRuleId("a"), at(0));
    Job mediaRuleB = storage.submit(JobRequest.of("media", "{}").withRuleId("b"), at(10));
    Job action = storage.submit(JobRequest.of("action", "{}").withRuleId("a"), at(20));
    Job scheduled =
        storage.submit(JobRequest.of("media", "{}").withRuleId("a").withRunAt(at(999)), at(30));
    Job claimed = claim("w", 1, at(40)).get(0);
    assertThat(claimed.id()).isEqualTo(mediaRuleA.id());

    assertThat(ids(JobQuery.all().withType("media")))
        .containsExactly(scheduled.id(), mediaRuleB.id(), mediaRuleA.id());
    assertThat(ids(JobQuery.all().withRuleId("a")))
        .containsExactly(scheduled.id(), action.id(), mediaRuleA.id());
    assertThat(ids(JobQuery.all().withStates(Set.of(JobState.PENDING))))
        .containsExactly(action.id(), mediaRuleB.id());
    assertThat(ids(JobQuery.all().withStates(Set.of(JobState.PROCESSING, JobState.SCHEDULED))))
        .containsExactly(scheduled.id(), mediaRuleA.id());
    assertThat(ids(JobQuery.all().withCreatedBetween(at(10), at(30))))
        .as("from inclusive, to exclusive")
        .containsExactly(action.id(), mediaRuleB.id());
    assertThat(
            ids(
                JobQuery.all()
                    .withType("media")
                    .withRuleId("a")
                    .withStates(Set.of(JobState.PROCESSING))))
        .containsExactly(mediaRuleA.id());
    assertThat(ids(JobQuery.all().withType("nothing"))).isEmpty();
    assertThat(storage.query(JobQuery.all().withType("media").withPage(0, 2)).total()).isEqualTo(3);
    assertThat(storage.query(JobQuery.all().withType("media").withPage(1, 2)).items())
        .extracting(Job::id)
        .containsExactly(mediaRuleA.id());
  }

  @Test
  void a_query_by_parent_lists_exactly_its_children_newest_first() {
    Job parent = storage.submit(JobRequest.of("workflow", "{}"), at(0));
    Job other = storage.submit(JobRequest.of("workflow", "{}"), at(1));
    Job first = storage.submit(JobRequest.of("media", "{}").withParent(parent.id()), at(2));
    Job stranger = storage.submit(JobRequest.of("media", "{}").withParent(other.id()), at(3));
    Job second =
        storage.submit(JobRequest.of("webhook.delivery", "{}").withParent(parent.id()), at(4));

    assertThat(ids(JobQuery.all().withParent(parent.id())))
        .containsExactly(second.id(), first.id());
    assertThat(ids(JobQuery.all().withParent(other.id()))).containsExactly(stranger.id());
    assertThat(ids(JobQuery.all().withParent(parent.id()).withType("media")))
        .containsExactly(first.id());
    assertThat(ids(JobQuery.all().withParent(first.id()))).isEmpty();
    assertThat(storage.query(JobQuery.all().withParent(parent.id()).withPage(1, 1)).total())
        .isEqualTo(2);
  }

  private List<String> ids(JobQuery query) {
    return storage.query(query).items().stream().map(Job::id).toList();
  }

  @Test
  void count_by_state_counts_each_state() {
    submit();
    submit();
    storage.submit(JobRequest.of("test", "{}").withRunAt(at(60)), T0);
    Job claimed = claimOne(at(1));
    Job second = claimOne(at(1));
    storage.complete(claimed.id(), token(claimed), Optional.empty(), at(2));
    storage.fail(second.id(), token(second), BOOM, at(2));
    storage.cancel(storage.submit(JobRequest.of("test", "{}"), T0).id(), at(3));
    submit();

    Map<JobState, Long> counts = storage.countByState();

    assertThat(counts.getOrDefault(JobState.PENDING, 0L)).isEqualTo(1);
    assertThat(counts.getOrDefault(JobState.SCHEDULED, 0L)).isEqualTo(1);
    assertThat(counts.getOrDefault(JobState.PROCESSING, 0L)).isZero();
    assertThat(counts.getOrDefault(JobState.COMPLETED, 0L)).isEqualTo(1);
    assertThat(counts.getOrDefault(JobState.FAILED, 0L)).isEqualTo(1);
    assertThat(counts.getOrDefault(JobState.DEAD, 0L)).isZero();
    assertThat(counts.getOrDefault(JobState.CANCELLED, 0L)).isEqualTo(1);
  }

  @Test
  void oldest_due_is_when_the_longest_waiting_due_job_became_due() {
    assertThat(storage.oldestDue(T0)).isEmpty();

    storage.submit(JobRequest.of("test", "{}").withPriority(9), at(20));
    storage.submit(JobRequest.of("test", "{}").withRunAt(at(15)), at(0));
    storage.submit(JobRequest.of("test", "{}").withRunAt(at(5)), at(0));
    storage.submit(JobRequest.of("other", "{}").withRunAt(at(-3)), at(10));

    assertThat(storage.oldestDue(at(1))).as("only jobs due by then").contains(at(-3));
    assertThat(storage.oldestDue(at(30))).contains(at(-3));
  }

  @Test
  void oldest_due_ignores_scheduled_jobs_not_yet_due_and_jobs_being_processed() {
    storage.submit(JobRequest.of("test", "{}").withRunAt(at(60)), T0);
    submit();
    claimOne(at(1));

    assertThat(storage.oldestDue(at(2))).isEmpty();
    assertThat(storage.oldestDue(at(60))).contains(at(60));
  }

  // ---- logs ----

  @Test
  void logs_come_back_in_the_order_they_were_appended() {
    Job job = submit();
    JobLog a = new JobLog(at(2), "INFO", "second by time, first appended");
    JobLog b = new JobLog(at(1), "WARN", "first by time");
    JobLog c = new JobLog(at(3), "ERROR", "third");

    storage.appendLog(job.id(), a);
    storage.appendLog(job.id(), b);
    storage.appendLog(job.id(), c);

    assertThat(storage.logs(job.id())).containsExactly(a, b, c);
  }

  @Test
  void logs_are_kept_per_job() {
    Job one = submit();
    Job two = submit();
    storage.appendLog(one.id(), new JobLog(T0, "INFO", "one"));

    assertThat(storage.logs(one.id())).extracting(JobLog::message).containsExactly("one");
    assertThat(storage.logs(two.id())).isEmpty();
  }

  // ---- schedule state ----

  @Test
  void a_schedule_has_no_fire_time_until_one_is_recorded() {
    assertThat(storage.nextFireTime("nightly")).isEmpty();

    assertThat(storage.advanceFireTime("nightly", Optional.empty(), at(60))).isTrue();

    assertThat(storage.nextFireTime("nightly")).contains(at(60));
  }

  @Test
  void advancing_a_fire_time_is_a_compare_and_set() {
    storage.advanceFireTime("nightly", Optional.empty(), at(60));

    assertThat(storage.advanceFireTime("nightly", Optional.empty(), at(120))).isFalse();
    assertThat(storage.advanceFireTime("nightly", Optional.of(at(30)), at(120))).isFalse();
    assertThat(storage.nextFireTime("nightly")).contains(at(60));
    assertThat(storage.advanceFireTime("nightly", Optional.of(at(60)), at(120))).isTrue();
    assertThat(storage.nextFireTime("nightly")).contains(at(120));
    assertThat(storage.nextFireTime("hourly")).isEmpty();
  }

  @RepeatedTest(3)
  void exactly_one_of_sixteen_racing_threads_advances_a_slot() throws Exception {
    storage.advanceFireTime("slot", Optional.empty(), at(60));
    int threads = 16;
    AtomicInteger firstRound = new AtomicInteger();
    AtomicInteger secondRound = new AtomicInteger();
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> racers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread racer =
          new Thread(
              () -> {
                try {
                  start.await();
                  if (storage.advanceFireTime("slot", Optional.of(at(60)), at(120))) {
                    firstRound.incrementAndGet();
                  }
                  if (storage.advanceFireTime("fresh", Optional.empty(), at(60))) {
                    secondRound.incrementAndGet();
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
    assertThat(firstRound).hasValue(1);
    assertThat(secondRound).hasValue(1);
    assertThat(storage.nextFireTime("slot")).contains(at(120));
  }

  // ---- webhooks ----

  @Test
  void webhooks_can_be_saved_replaced_listed_and_deleted() {
    WebhookRegistration a =
        new WebhookRegistration("a", "https://a.example/hook", List.of("job.*"), "s1", true);
    WebhookRegistration b =
        new WebhookRegistration("b", "https://b.example/hook", List.of("**"), "s2", false);
    assertThat(storage.webhooks()).isEmpty();

    storage.saveWebhook(a);
    storage.saveWebhook(b);
    assertThat(storage.webhooks()).containsExactlyInAnyOrder(a, b);

    WebhookRegistration a2 =
        new WebhookRegistration(
            "a", "https://a.example/v2", List.of("job.failed", "media.*"), "s3", false);
    storage.saveWebhook(a2);
    assertThat(storage.webhooks()).containsExactlyInAnyOrder(a2, b);

    assertThat(storage.deleteWebhook("a")).isTrue();
    assertThat(storage.deleteWebhook("a")).isFalse();
    assertThat(storage.deleteWebhook("never")).isFalse();
    assertThat(storage.webhooks()).containsExactly(b);
  }

  // ---- helpers that need the store ----

  private Job claimOneSubmitted() {
    submit();
    return claimOne(at(1));
  }
}
