package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.WaitReason;
import io.mediaflow.api.rule.OverlapPolicy;
import io.mediaflow.api.store.Admission;
import io.mediaflow.api.store.Admission.Outcome;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.Completion;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.LimitedRequest;
import io.mediaflow.api.store.StorageException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The {@link io.mediaflow.api.store.JobStore#submitLimited} contract: concurrency limits decided in
 * the store. Each overlap policy; the place a job holds until it is over, given back by every
 * change that ends it (complete, a batch completion, bury, cancel, its parent's cancel) and taken
 * again by a requeue; buffered jobs, never claimed, made due oldest first by the job that frees a
 * place; duplicates; independent keys; a batch decided in order. {@link
 * ConcurrencyLimitRaceContract} races all of it from many threads.
 *
 * <p>Subclass it (or {@link StorageContract}, which runs every suite) and return a fresh, empty
 * store from {@link #newStorage()}.
 */
public abstract class ConcurrencyLimitContract extends StorageContractSupport {

  /** The type of every job these tests submit under a limit. */
  protected static final String RUN = "rule-run";

  /** Later than any instant a test passes: a buffered job is due no earlier. */
  private static final Instant FAR = Instant.parse("9000-01-01T00:00:00Z");

  // ---- the policies ----

  @Test
  void skip_starts_up_to_the_limit_and_stores_nothing_more() {
    Admission first = admit("nightly", 1, OverlapPolicy.SKIP, T0);
    Admission second = admit("nightly", 1, OverlapPolicy.SKIP, at(1));

    assertThat(first.outcome()).isEqualTo(Outcome.STARTED);
    Job job = first.job().orElseThrow();
    assertThat(job.state()).isEqualTo(JobState.PENDING);
    assertThat(job.scheduledAt()).isEqualTo(T0);
    assertThat(job.waitReason()).isEmpty();
    assertThat(first.cancelled()).isEmpty();
    assertThat(second).isEqualTo(new Admission(Outcome.SKIPPED, Optional.empty(), List.of()));
    assertThat(jobCount()).isEqualTo(1);

    completeOne(at(2));
    assertThat(admit("nightly", 1, OverlapPolicy.SKIP, at(3)).outcome())
        .as("the place is free again")
        .isEqualTo(Outcome.STARTED);
  }

  @Test
  void two_and_three_places_hold_two_and_three_jobs() {
    for (int max = 2; max <= 3; max++) {
      String key = "limit-" + max;
      for (int i = 0; i < max; i++) {
        assertThat(admit(key, max, OverlapPolicy.SKIP, T0).outcome()).isEqualTo(Outcome.STARTED);
      }
      assertThat(admit(key, max, OverlapPolicy.SKIP, T0).outcome()).isEqualTo(Outcome.SKIPPED);
    }
    assertThat(jobCount()).isEqualTo(5);
  }

  @Test
  void a_started_job_with_a_run_at_is_scheduled_for_it_and_holds_its_place_meanwhile() {
    Admission later =
        storage
            .jobs()
            .submitLimited(
                List.of(
                    new LimitedRequest(
                        JobRequest.of(RUN, "{}").withRunAt(at(60)),
                        "nightly",
                        1,
                        OverlapPolicy.SKIP)),
                T0)
            .get(0);

    assertThat(later.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(later.job().orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
    assertThat(later.job().orElseThrow().scheduledAt()).isEqualTo(at(60));
    assertThat(admit("nightly", 1, OverlapPolicy.SKIP, at(1)).outcome()).isEqualTo(Outcome.SKIPPED);
  }

  @Test
  void buffer_one_keeps_one_waiting_and_skips_the_rest() {
    Job running = admit("nightly", 1, OverlapPolicy.BUFFER_ONE, T0).job().orElseThrow();
    Admission buffered = admit("nightly", 1, OverlapPolicy.BUFFER_ONE, at(1));
    Admission skipped = admit("nightly", 1, OverlapPolicy.BUFFER_ONE, at(2));

    assertThat(buffered.outcome()).isEqualTo(Outcome.BUFFERED);
    assertBuffered(buffered.job().orElseThrow());
    assertThat(skipped.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(skipped.job()).isEmpty();

    Job claimed = claimOne(at(3));
    assertThat(claimed.id()).isEqualTo(running.id());
    storage.jobs().complete(claimed.id(), token(claimed), Optional.empty(), at(4));

    assertReleased(buffered.job().orElseThrow(), at(4));
    assertThat(admit("nightly", 1, OverlapPolicy.BUFFER_ONE, at(5)).outcome())
        .as("none waits any more")
        .isEqualTo(Outcome.BUFFERED);
  }

  @Test
  void buffer_all_releases_the_oldest_first_one_per_finished_job() {
    admit("nightly", 1, OverlapPolicy.BUFFER_ALL, T0);
    Job b = admitBuffered("nightly", 1, at(1));
    Job c = admitBuffered("nightly", 1, at(2));
    Job d = admitBuffered("nightly", 1, at(3));

    completeOne(at(10));
    assertReleased(b, at(10));
    assertBuffered(reload(c));
    assertBuffered(reload(d));

    Job claimedB = claimOne(at(10));
    assertThat(claimedB.id()).isEqualTo(b.id());
    storage.jobs().complete(b.id(), token(claimedB), Optional.empty(), at(11));
    assertReleased(c, at(11));
    assertBuffered(reload(d));

    completeOne(at(12));
    assertReleased(d, at(12));
    completeOne(at(13));
    assertThat(admit("nightly", 1, OverlapPolicy.BUFFER_ALL, at(14)).outcome())
        .isEqualTo(Outcome.STARTED);
  }

  @Test
  void cancel_other_cancels_every_unfinished_job_of_the_key_with_its_children() {
    Job a = admit("nightly", 2, OverlapPolicy.BUFFER_ALL, T0).job().orElseThrow();
    Job b = admit("nightly", 2, OverlapPolicy.BUFFER_ALL, T0).job().orElseThrow();
    Job c = admitBuffered("nightly", 2, at(1));
    Job claimedA = claimOne(at(2));
    assertThat(claimedA.id()).isEqualTo(a.id());
    Job child = storage.jobs().submit(JobRequest.of("child", "{}").withParent(a.id()), at(2));
    Job other = admit("other", 1, OverlapPolicy.SKIP, at(2)).job().orElseThrow();

    Admission admission = admit("nightly", 2, OverlapPolicy.CANCEL_OTHER, at(3));

    assertThat(admission.outcome()).isEqualTo(Outcome.STARTED);
    Job fresh = admission.job().orElseThrow();
    assertThat(fresh.state()).isEqualTo(JobState.PENDING);
    assertThat(admission.cancelled()).contains(a.id(), b.id(), c.id()).doesNotContain(fresh.id());
    for (Job gone : List.of(a, b, c, child)) {
      assertThat(reload(gone).state()).as("job %s", gone.id()).isEqualTo(JobState.CANCELLED);
    }
    assertThat(reload(other).state()).as("another key").isEqualTo(JobState.PENDING);
    assertThat(admit("nightly", 2, OverlapPolicy.SKIP, at(4)).outcome())
        .as("the new job holds one place of two")
        .isEqualTo(Outcome.STARTED);
    assertThat(admit("nightly", 2, OverlapPolicy.SKIP, at(4)).outcome()).isEqualTo(Outcome.SKIPPED);
  }

  @Test
  void cancel_other_under_the_limit_cancels_nothing() {
    Job first = admit("nightly", 2, OverlapPolicy.CANCEL_OTHER, T0).job().orElseThrow();
    Admission second = admit("nightly", 2, OverlapPolicy.CANCEL_OTHER, at(1));

    assertThat(second.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(second.cancelled()).isEmpty();
    assertThat(reload(first).state()).isEqualTo(JobState.PENDING);
  }

  @Test
  void allow_all_starts_every_job_and_each_holds_a_place() {
    for (int i = 0; i < 3; i++) {
      assertThat(admit("nightly", 1, OverlapPolicy.ALLOW_ALL, T0).outcome())
          .isEqualTo(Outcome.STARTED);
    }
    assertThat(admit("nightly", 1, OverlapPolicy.SKIP, T0).outcome()).isEqualTo(Outcome.SKIPPED);

    completeOne(at(1));
    completeOne(at(2));
    assertThat(admit("nightly", 1, OverlapPolicy.SKIP, at(3)).outcome())
        .as("one still runs")
        .isEqualTo(Outcome.SKIPPED);
    completeOne(at(4));
    assertThat(admit("nightly", 1, OverlapPolicy.SKIP, at(5)).outcome()).isEqualTo(Outcome.STARTED);
  }

  @Test
  void the_latest_max_concurrent_is_the_one_held_to() {
    admit("nightly", 1, OverlapPolicy.SKIP, T0);

    assertThat(admit("nightly", 2, OverlapPolicy.SKIP, at(1)).outcome()).isEqualTo(Outcome.STARTED);
    assertThat(admit("nightly", 2, OverlapPolicy.SKIP, at(2)).outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(admit("nightly", 3, OverlapPolicy.SKIP, at(3)).outcome()).isEqualTo(Outcome.STARTED);
  }

  // ---- the changes that give a place back ----

  @Test
  void a_batch_completion_gives_back_each_place() {
    admit("nightly", 2, OverlapPolicy.BUFFER_ALL, T0);
    admit("nightly", 2, OverlapPolicy.BUFFER_ALL, T0);
    Job c = admitBuffered("nightly", 2, at(1));
    Job d = admitBuffered("nightly", 2, at(1));
    Job e = admitBuffered("nightly", 2, at(1));
    List<Job> claimed = claim("w", 2, at(2));
    assertThat(claimed).hasSize(2);

    Set<String> done =
        storage
            .jobs()
            .completeAll(
                claimed.stream()
                    .map(j -> new Completion(j.id(), token(j), Optional.empty()))
                    .toList(),
                at(3));

    assertThat(done).hasSize(2);
    assertReleased(c, at(3));
    assertReleased(d, at(3));
    assertBuffered(reload(e));
  }

  @Test
  void a_batch_completion_over_many_keys_gives_back_each_place_and_hands_over_where_one_waits() {
    Job a = admit("a", 1, OverlapPolicy.SKIP, T0).job().orElseThrow();
    admit("b", 2, OverlapPolicy.SKIP, T0);
    admit("b", 2, OverlapPolicy.SKIP, T0);
    admit("c", 1, OverlapPolicy.BUFFER_ONE, T0);
    Job waiting = admitBuffered("c", 1, at(1));
    Job plain = storage.jobs().submit(JobRequest.of(RUN, "plain"), T0);
    List<Job> claimed = claim("w", 10, at(2));
    assertThat(claimed).hasSize(5);
    Job lost = claimed.stream().filter(j -> j.id().equals(a.id())).findFirst().orElseThrow();

    Set<String> done =
        storage
            .jobs()
            .completeAll(
                claimed.stream()
                    .map(
                        j ->
                            new Completion(
                                j.id(), j == lost ? "not-the-token" : token(j), Optional.empty()))
                    .toList(),
                at(3));

    assertThat(done).hasSize(4).doesNotContain(a.id()).contains(plain.id());
    assertThat(reload(a).state())
        .as("a lost lease completes nothing")
        .isEqualTo(JobState.PROCESSING);
    assertReleased(waiting, at(3));
    assertThat(admit("a", 1, OverlapPolicy.SKIP, at(4)).outcome())
        .as("a's place is still held by its unfinished job")
        .isEqualTo(Outcome.SKIPPED);
    assertThat(admit("b", 2, OverlapPolicy.SKIP, at(4)).outcome()).isEqualTo(Outcome.STARTED);
    assertThat(admit("b", 2, OverlapPolicy.SKIP, at(4)).outcome())
        .as("both of b's places came back")
        .isEqualTo(Outcome.STARTED);
    assertThat(admit("b", 2, OverlapPolicy.SKIP, at(4)).outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(admit("c", 1, OverlapPolicy.SKIP, at(4)).outcome())
        .as("c's place went to the job that waited")
        .isEqualTo(Outcome.SKIPPED);
  }

  @Test
  void a_dead_job_gives_back_its_place_and_a_failed_or_retried_one_keeps_it() {
    Job a = admit("nightly", 1, OverlapPolicy.BUFFER_ALL, T0).job().orElseThrow();
    Job b = admitBuffered("nightly", 1, at(1));
    Job claimed = claimOne(at(2));
    assertThat(claimed.id()).isEqualTo(a.id());

    storage.jobs().fail(a.id(), token(claimed), BOOM, at(3));
    assertBuffered(reload(b));
    storage.jobs().retry(a.id(), at(10), at(3));
    assertBuffered(reload(b));
    Job again = claimOne(at(10));
    assertThat(again.id()).isEqualTo(a.id());
    storage.jobs().fail(a.id(), token(again), BOOM, at(11));
    storage.jobs().bury(a.id(), at(12));

    assertReleased(b, at(12));
  }

  @Test
  void a_released_drained_or_expired_job_keeps_its_place() {
    admit("nightly", 1, OverlapPolicy.BUFFER_ALL, T0);
    Job b = admitBuffered("nightly", 1, at(1));
    Job claimed = claimOne(at(2));

    storage.jobs().release(claimed.id(), token(claimed), at(3));
    Job again = claimOne(at(4));
    storage.jobs().expireLeases(at(4).plus(LEASE).plusSeconds(1));

    assertThat(reload(again).state()).isEqualTo(JobState.PENDING);
    assertBuffered(reload(b));
    assertThat(admit("nightly", 1, OverlapPolicy.SKIP, at(100)).outcome())
        .isEqualTo(Outcome.SKIPPED);
  }

  @Test
  void cancelling_a_running_or_pending_job_gives_back_its_place() {
    Job a = admit("nightly", 1, OverlapPolicy.BUFFER_ALL, T0).job().orElseThrow();
    Job b = admitBuffered("nightly", 1, at(1));
    Job c = admitBuffered("nightly", 1, at(1));
    claimOne(at(2));

    storage.jobs().cancel(a.id(), at(3));
    assertReleased(b, at(3));

    storage.jobs().cancel(b.id(), at(4));
    assertReleased(c, at(4));
  }

  @Test
  void cancelling_a_parent_gives_back_the_places_of_its_limited_children() {
    Job parent = storage.jobs().submit(JobRequest.of("parent", "{}"), T0);
    Admission child =
        storage
            .jobs()
            .submitLimited(
                List.of(
                    new LimitedRequest(
                        JobRequest.of(RUN, "{}").withParent(parent.id()),
                        "nightly",
                        1,
                        OverlapPolicy.BUFFER_ALL)),
                T0)
            .get(0);
    Job waiting = admitBuffered("nightly", 1, at(1));

    storage.jobs().cancel(parent.id(), at(2));

    assertThat(reload(child.job().orElseThrow()).state()).isEqualTo(JobState.CANCELLED);
    assertReleased(waiting, at(2));
  }

  @Test
  void a_cancelled_buffered_job_stops_waiting_and_releases_nothing() {
    admit("nightly", 1, OverlapPolicy.BUFFER_ALL, T0);
    Job b = admitBuffered("nightly", 1, at(1));
    Job c = admitBuffered("nightly", 1, at(2));

    Job cancelled = storage.jobs().cancel(b.id(), at(3));

    assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
    assertBuffered(reload(c));
    assertThat(admit("nightly", 1, OverlapPolicy.SKIP, at(4)).outcome()).isEqualTo(Outcome.SKIPPED);
    completeOne(at(5));
    assertReleased(c, at(5));
    assertThat(admit("nightly", 1, OverlapPolicy.BUFFER_ONE, at(6)).outcome())
        .as("c holds the place, none waits")
        .isEqualTo(Outcome.BUFFERED);
  }

  @Test
  void a_requeued_dead_job_takes_a_place_even_over_the_limit() {
    Job a = admittedThenDead();
    Job b = admit("nightly", 1, OverlapPolicy.BUFFER_ALL, at(3)).job().orElseThrow();

    Job requeued = storage.jobs().requeue(a.id(), at(4));
    Job c = admitBuffered("nightly", 1, at(5));

    assertThat(requeued.state()).isEqualTo(JobState.PENDING);
    Job claimedB = claimByIdAt(b, at(6));
    storage.jobs().complete(b.id(), token(claimedB), Optional.empty(), at(7));
    assertBuffered(reload(c));
    Job claimedAgain = claimByIdAt(a, at(8));
    storage.jobs().complete(a.id(), token(claimedAgain), Optional.empty(), at(9));
    assertReleased(c, at(9));
  }

  /** A job of "nightly" admitted at T0, claimed, failed and buried by {@code at(2)}. */
  private Job admittedThenDead() {
    Job a = admit("nightly", 1, OverlapPolicy.BUFFER_ALL, T0).job().orElseThrow();
    Job claimedA = claimOne(at(1));
    storage.jobs().fail(a.id(), token(claimedA), BOOM, at(2));
    storage.jobs().bury(a.id(), at(2));
    return a;
  }

  @Test
  void deleting_a_dead_job_gives_back_nothing_more() {
    Job a = admittedThenDead();
    Job b = admit("nightly", 1, OverlapPolicy.BUFFER_ALL, at(3)).job().orElseThrow();
    Job c = admitBuffered("nightly", 1, at(4));

    assertThat(storage.jobs().delete(a.id())).isTrue();

    assertBuffered(reload(c));
    assertThat(reload(b).state()).isEqualTo(JobState.PENDING);
  }

  @Test
  void an_unfinished_limited_job_cannot_be_deleted() {
    Job a = admit("nightly", 1, OverlapPolicy.BUFFER_ALL, T0).job().orElseThrow();
    Job b = admitBuffered("nightly", 1, at(1));

    assertFails(StorageException.JOB_ACTIVE, a.id(), () -> storage.jobs().delete(a.id()));
    assertFails(StorageException.JOB_ACTIVE, b.id(), () -> storage.jobs().delete(b.id()));
    assertBuffered(reload(b));
  }

  // ---- buffered jobs, duplicates, keys, batches ----

  @Test
  void a_buffered_job_is_never_claimed_nor_due() {
    admit("nightly", 1, OverlapPolicy.BUFFER_ALL, T0);
    Job b = admitBuffered("nightly", 1, at(1));
    claimOne(at(2));

    assertThat(claim("w", 10, FAR)).isEmpty();
    assertThat(storage.jobs().oldestDue(FAR)).isEmpty();
    assertThat(storage.jobs().countByState()).containsEntry(JobState.SCHEDULED, 1L);
    assertThat(storage.jobs().query(JobQuery.all().withStates(Set.of(JobState.SCHEDULED))).items())
        .extracting(Job::id)
        .containsExactly(b.id());
  }

  @Test
  void an_existing_idempotency_key_is_a_duplicate_and_changes_nothing() {
    Job plain = storage.jobs().submit(JobRequest.of(RUN, "{}").withIdempotencyKey("plain"), T0);
    Admission first = admitKeyed("nightly", "slot-1", OverlapPolicy.BUFFER_ALL, T0);
    Admission buffered = admitKeyed("nightly", "slot-2", OverlapPolicy.BUFFER_ALL, at(1));

    Admission again = admitKeyed("nightly", "slot-1", OverlapPolicy.SKIP, at(2));
    Admission bufferedAgain = admitKeyed("nightly", "slot-2", OverlapPolicy.CANCEL_OTHER, at(2));
    Admission plainAgain = admitKeyed("nightly", "plain", OverlapPolicy.ALLOW_ALL, at(2));

    assertThat(again)
        .isEqualTo(new Admission(Outcome.DUPLICATE, Optional.of(first.job().get()), List.of()));
    assertThat(bufferedAgain.outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(bufferedAgain.job()).isEqualTo(buffered.job());
    assertThat(bufferedAgain.cancelled()).isEmpty();
    assertThat(plainAgain.outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(plainAgain.job()).contains(plain);
    assertThat(jobCount()).isEqualTo(3);
    assertThat(reload(first.job().get()).state()).isEqualTo(JobState.PENDING);
    assertBuffered(reload(buffered.job().get()));
  }

  @Test
  void keys_are_independent() {
    Job a1 = admit("a", 1, OverlapPolicy.BUFFER_ALL, T0).job().orElseThrow();
    admit("b", 1, OverlapPolicy.BUFFER_ALL, T0);
    Job a2 = admitBuffered("a", 1, at(1));
    Job b2 = admitBuffered("b", 1, at(1));

    Job claimed = claimByIdAt(a1, at(2));
    storage.jobs().complete(a1.id(), token(claimed), Optional.empty(), at(3));

    assertReleased(a2, at(3));
    assertBuffered(reload(b2));
    assertThat(admit("c", 1, OverlapPolicy.SKIP, at(4)).outcome()).isEqualTo(Outcome.STARTED);
  }

  @Test
  void a_batch_is_decided_in_order() {
    List<LimitedRequest> batch =
        List.of(
            request("a", 1, OverlapPolicy.BUFFER_ONE, "1"),
            request("a", 1, OverlapPolicy.BUFFER_ONE, "2"),
            request("a", 1, OverlapPolicy.BUFFER_ONE, "3"),
            request("b", 2, OverlapPolicy.SKIP, "4"),
            request("a", 1, OverlapPolicy.SKIP, "1"),
            request("b", 2, OverlapPolicy.SKIP, "5"),
            request("b", 2, OverlapPolicy.SKIP, "6"),
            request("a", 1, OverlapPolicy.CANCEL_OTHER, "7"));

    List<Admission> admissions = storage.jobs().submitLimited(batch, T0);

    assertThat(admissions)
        .extracting(Admission::outcome)
        .containsExactly(
            Outcome.STARTED,
            Outcome.BUFFERED,
            Outcome.SKIPPED,
            Outcome.STARTED,
            Outcome.DUPLICATE,
            Outcome.STARTED,
            Outcome.SKIPPED,
            Outcome.STARTED);
    assertThat(admissions.get(4).job()).isEqualTo(admissions.get(0).job());
    assertThat(admissions.get(7).cancelled())
        .contains(admissions.get(0).job().get().id(), admissions.get(1).job().get().id());
    assertThat(storage.jobs().submitLimited(List.of(), T0)).isEmpty();
  }

  // ---- a run made ahead, replaced in place ----

  @Test
  void a_scheduled_job_is_replaced_in_place_and_keeps_its_key_due_time_and_place() {
    Job ahead = madeAhead();

    Optional<Job> replaced =
        storage.jobs().replaceScheduled(ahead.id(), ahead.version(), replacement(), at(2));

    Job now = replaced.orElseThrow();
    assertThat(now.id()).isEqualTo(ahead.id());
    assertThat(now.payload()).isEqualTo("{\"revision\":2}");
    assertThat(now.priority()).isEqualTo(7);
    assertThat(now.maxAttempts()).isEqualTo(5);
    assertThat(now.ruleName()).isEqualTo("nightly v2");
    assertThat(now.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(now.scheduledAt()).isEqualTo(at(60));
    assertThat(now.idempotencyKey()).isEqualTo("nightly@60");
    assertThat(now.ruleId()).isEqualTo(ahead.ruleId());
    assertThat(now.attempts()).isZero();
    assertThat(now.updatedAt()).isEqualTo(at(2));
    assertThat(now.version()).isGreaterThan(ahead.version());
    assertThat(reload(ahead)).isEqualTo(now);
    assertThat(jobCount()).as("the old run or the new one, never both").isEqualTo(1);
    assertThat(admit("nightly", 1, OverlapPolicy.SKIP, at(3)).outcome())
        .as("it still holds the only place")
        .isEqualTo(Outcome.SKIPPED);
    assertThat(
            storage
                .jobs()
                .submitLimited(List.of(request("nightly", 1, OverlapPolicy.SKIP, "60")), at(4)))
        .extracting(Admission::outcome)
        .as("the slot's key still answers with it")
        .containsExactly(Outcome.DUPLICATE);

    Job claimed = claimByIdAt(now, at(60));
    assertThat(claimed.payload()).isEqualTo("{\"revision\":2}");
    storage.jobs().complete(claimed.id(), token(claimed), Optional.empty(), at(61));
    assertThat(admit("nightly", 1, OverlapPolicy.SKIP, at(62)).outcome())
        .as("its end gives the place back")
        .isEqualTo(Outcome.STARTED);
  }

  @Test
  void a_replace_with_a_stale_version_changes_nothing() {
    Job ahead = madeAhead();
    Job first =
        storage.jobs().replaceScheduled(ahead.id(), ahead.version(), replacement(), at(2)).get();

    assertThat(storage.jobs().replaceScheduled(ahead.id(), ahead.version(), replacement(), at(3)))
        .as("another engine replaced it first")
        .isEmpty();
    assertThat(reload(ahead)).isEqualTo(first);
  }

  @Test
  void a_job_that_started_finished_waits_or_is_gone_is_not_replaced() {
    Job ahead = madeAhead();
    Job claimed = claimByIdAt(ahead, at(60));
    assertThat(
            storage.jobs().replaceScheduled(claimed.id(), claimed.version(), replacement(), at(61)))
        .as("running")
        .isEmpty();
    storage.jobs().release(claimed.id(), token(claimed), at(61));
    Job released = reload(claimed);
    assertThat(released.state()).isEqualTo(JobState.PENDING);
    assertThat(
            storage
                .jobs()
                .replaceScheduled(released.id(), released.version(), replacement(), at(62)))
        .as("due, not scheduled")
        .isEmpty();
    Job cancelled = storage.jobs().cancel(released.id(), at(63));
    assertThat(
            storage
                .jobs()
                .replaceScheduled(cancelled.id(), cancelled.version(), replacement(), at(64)))
        .as("cancelled")
        .isEmpty();
    assertThat(reload(cancelled).payload()).isEqualTo("{}");

    admit("other", 1, OverlapPolicy.BUFFER_ALL, at(65));
    Job buffered = admitBuffered("other", 1, at(66));
    assertThat(
            storage
                .jobs()
                .replaceScheduled(buffered.id(), buffered.version(), replacement(), at(67)))
        .as("waiting for a place")
        .isEmpty();
    assertThat(reload(buffered)).isEqualTo(buffered);
    assertThat(storage.jobs().replaceScheduled("no-such-job", 1, replacement(), at(68))).isEmpty();
  }

  /**
   * A run made ahead: started under {@code nightly}, due at {@code at(60)}, key {@code nightly@60}.
   */
  private Job madeAhead() {
    LimitedRequest r = request("nightly", 1, OverlapPolicy.SKIP, "60");
    Admission a =
        storage
            .jobs()
            .submitLimited(
                List.of(
                    new LimitedRequest(
                        r.request().withRunAt(at(60)).withRuleId("rule:nightly"),
                        r.limitKey(),
                        1,
                        OverlapPolicy.SKIP)),
                at(1))
            .get(0);
    assertThat(a.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(a.job().orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
    return a.job().get();
  }

  private static LimitedRequest replacement() {
    return new LimitedRequest(
        JobRequest.of(RUN, "{\"revision\":2}")
            .withPriority(7)
            .withMaxAttempts(5)
            .withRuleName("nightly v2"),
        "nightly",
        1,
        OverlapPolicy.SKIP);
  }

  // ---- helpers ----

  /** A request of type {@link #RUN} under {@code key}, with idempotency key {@code slot}. */
  protected static LimitedRequest request(String key, int max, OverlapPolicy overlap, String slot) {
    return new LimitedRequest(
        JobRequest.of(RUN, "{}").withIdempotencyKey(key + "@" + slot), key, max, overlap);
  }

  /** Submits one job of type {@link #RUN} under {@code key}. */
  protected Admission admit(String key, int max, OverlapPolicy overlap, Instant now) {
    LimitedRequest r = new LimitedRequest(JobRequest.of(RUN, "{}"), key, max, overlap);
    List<Admission> out = storage.jobs().submitLimited(List.of(r), now);
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  private Admission admitKeyed(String key, String idempotencyKey, OverlapPolicy p, Instant now) {
    LimitedRequest r =
        new LimitedRequest(JobRequest.of(RUN, "{}").withIdempotencyKey(idempotencyKey), key, 1, p);
    return storage.jobs().submitLimited(List.of(r), now).get(0);
  }

  private Job admitBuffered(String key, int max, Instant now) {
    Admission a = admit(key, max, OverlapPolicy.BUFFER_ALL, now);
    assertThat(a.outcome()).isEqualTo(Outcome.BUFFERED);
    assertBuffered(a.job().orElseThrow());
    return a.job().get();
  }

  /** Waits for its turn: scheduled with the overlap reason, due at no time a test reaches. */
  static void assertBuffered(Job job) {
    assertThat(job.state()).as("job %s buffered", job.id()).isEqualTo(JobState.SCHEDULED);
    assertThat(job.waitReason()).as("job %s", job.id()).contains(WaitReason.OVERLAP);
    assertThat(job.scheduledAt()).as("job %s due", job.id()).isAfter(FAR);
    assertThat(job.lease()).isEmpty();
  }

  /** Made due at {@code when} by the job that gave back its place. */
  private void assertReleased(Job buffered, Instant when) {
    Job now = reload(buffered);
    assertThat(now.state()).as("job %s released", now.id()).isEqualTo(JobState.PENDING);
    assertThat(now.scheduledAt()).as("job %s due", now.id()).isEqualTo(when);
    assertThat(now.waitReason()).as("job %s", now.id()).isEmpty();
    assertThat(now.version()).isGreaterThan(buffered.version());
  }

  /** Claims the oldest due job at {@code now} and completes it at {@code now}. */
  private void completeOne(Instant now) {
    Job claimed = claimOne(now);
    storage.jobs().complete(claimed.id(), token(claimed), Optional.empty(), now);
  }

  /** Claims every due job at {@code now} and returns {@code job} claimed, releasing the others. */
  private Job claimByIdAt(Job job, Instant now) {
    Job found = null;
    for (Job c : storage.jobs().claim(new ClaimRequest("w", 100, LEASE, now, Set.of()))) {
      if (c.id().equals(job.id())) {
        found = c;
      } else {
        storage.jobs().release(c.id(), token(c), now);
      }
    }
    assertThat(found).as("job %s claimed at %s", job.id(), now).isNotNull();
    return found;
  }

  private long jobCount() {
    return storage.jobs().query(JobQuery.all()).total();
  }
}
