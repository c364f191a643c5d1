package io.mediaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.WaitReason;
import io.mediaflow.api.rule.OverlapPolicy;
import io.mediaflow.api.store.Admission;
import io.mediaflow.api.store.Admission.Outcome;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.Completion;
import io.mediaflow.api.store.JobStore;
import io.mediaflow.api.store.LimitedRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Concurrency limits on a JDBC database, beyond the testkit's contract: the counters on the {@code
 * job_limits} row through every final change (read from the row itself), the descendants of a
 * cancel, and many threads on two stores sharing one database racing submits, claims and
 * completions without ever running more than the limit. One subclass per database.
 */
@Timeout(300)
abstract class LimitStoreTests {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final Duration LEASE = Duration.ofMinutes(10);

  JdbcStorage storage;
  JobStore jobs;

  /** A store on empty tables. */
  abstract JdbcStorage newStorage();

  /** A second store on the same tables (another node), or the same one where there is only one. */
  abstract JdbcStorage secondStorage();

  /** The database behind the stores, to read the counters' row. */
  abstract DataSource dataSource();

  abstract String prefix();

  @BeforeEach
  void open() {
    storage = newStorage();
    jobs = storage.jobs();
  }

  @AfterEach
  void close() {
    if (storage != null) {
      storage.close();
    }
  }

  // ---- helpers ----

  static LimitedRequest limited(String key, int max, OverlapPolicy overlap) {
    return new LimitedRequest(JobRequest.of("run", "{}"), key, max, overlap);
  }

  Admission submit(String key, int max, OverlapPolicy overlap) {
    return jobs.submitLimited(List.of(limited(key, max, overlap)), T0).get(0);
  }

  /** {running, buffered} as the key's row holds them; {-1, -1} when it has none. */
  int[] counters(String key) {
    try (Connection c = dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT running, buffered FROM " + prefix() + "job_limits WHERE limit_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new int[] {rs.getInt(1), rs.getInt(2)} : new int[] {-1, -1};
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  Job claimOne(JobStore store) {
    List<Job> got = store.claim(new ClaimRequest("node", 1, LEASE, T0, Set.of("run")));
    assertThat(got).hasSize(1);
    return got.get(0);
  }

  static String token(Job job) {
    return job.lease().orElseThrow().token();
  }

  Job state(Admission a) {
    return jobs.find(a.job().orElseThrow().id()).orElseThrow();
  }

  // ---- decisions ----

  @Test
  void skip_buffer_and_release_keep_the_counters_on_the_row() {
    Admission first = submit("k", 1, OverlapPolicy.BUFFER_ONE);
    Admission second = submit("k", 1, OverlapPolicy.BUFFER_ONE);
    Admission third = submit("k", 1, OverlapPolicy.BUFFER_ONE);
    assertThat(first.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(second.outcome()).isEqualTo(Outcome.BUFFERED);
    assertThat(third.outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(counters("k")).containsExactly(1, 1);

    Job buffered = state(second);
    assertThat(buffered.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(buffered.waitReason()).contains(WaitReason.OVERLAP);
    assertThat(buffered.scheduledAt()).isEqualTo(JobLimits.BUFFERED_UNTIL);
    assertThat(second.job().orElseThrow()).isEqualTo(buffered);

    Job running = claimOne(jobs);
    assertThat(running.id()).isEqualTo(first.job().orElseThrow().id());
    Instant later = T0.plusSeconds(5);
    jobs.complete(running.id(), token(running), Optional.empty(), later);

    Job woken = state(second);
    assertThat(woken.state()).isEqualTo(JobState.PENDING);
    assertThat(woken.waitReason()).isEmpty();
    assertThat(woken.scheduledAt()).isEqualTo(later);
    assertThat(counters("k")).containsExactly(1, 0);

    Job next = claimOne(jobs);
    jobs.complete(next.id(), token(next), Optional.empty(), later);
    assertThat(counters("k")).containsExactly(0, 0);
  }

  @Test
  void requests_of_one_call_are_decided_in_order_and_duplicates_change_nothing() {
    LimitedRequest keyed =
        new LimitedRequest(
            JobRequest.of("run", "{}").withIdempotencyKey("r1@slot1"),
            "k",
            2,
            OverlapPolicy.BUFFER_ALL);
    List<Admission> out =
        jobs.submitLimited(
            List.of(
                keyed,
                keyed,
                limited("k", 2, OverlapPolicy.BUFFER_ALL),
                limited("k", 2, OverlapPolicy.BUFFER_ALL),
                limited("other", 1, OverlapPolicy.SKIP),
                limited("other", 1, OverlapPolicy.SKIP)),
            T0);
    assertThat(out)
        .extracting(Admission::outcome)
        .containsExactly(
            Outcome.STARTED,
            Outcome.DUPLICATE,
            Outcome.STARTED,
            Outcome.BUFFERED,
            Outcome.STARTED,
            Outcome.SKIPPED);
    assertThat(out.get(1).job()).isEqualTo(out.get(0).job());
    assertThat(counters("k")).containsExactly(2, 1);
    assertThat(counters("other")).containsExactly(1, 0);

    Admission again = jobs.submitLimited(List.of(keyed), T0).get(0);
    assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(again.job().orElseThrow().id()).isEqualTo(out.get(0).job().orElseThrow().id());
    assertThat(counters("k")).containsExactly(2, 1);
  }

  @Test
  void allow_all_goes_over_the_limit_and_every_place_comes_back() {
    for (int i = 0; i < 3; i++) {
      assertThat(submit("k", 1, OverlapPolicy.ALLOW_ALL).outcome()).isEqualTo(Outcome.STARTED);
    }
    assertThat(counters("k")).containsExactly(3, 0);
    List<Job> claimed = jobs.claim(new ClaimRequest("node", 3, LEASE, T0, Set.of("run")));
    List<Completion> done = new ArrayList<>();
    claimed.forEach(j -> done.add(new Completion(j.id(), token(j), Optional.empty())));
    assertThat(jobs.completeAll(done, T0)).hasSize(3);
    assertThat(counters("k")).containsExactly(0, 0);
  }

  @Test
  void complete_all_mixes_free_and_limited_jobs_and_wakes_the_buffered() {
    jobs.submit(JobRequest.of("run", "{}"), T0);
    submit("k", 1, OverlapPolicy.BUFFER_ALL);
    Admission waiting = submit("k", 1, OverlapPolicy.BUFFER_ALL);
    List<Job> claimed = jobs.claim(new ClaimRequest("node", 5, LEASE, T0, Set.of("run")));
    assertThat(claimed).hasSize(2);
    List<Completion> done = new ArrayList<>();
    claimed.forEach(j -> done.add(new Completion(j.id(), token(j), Optional.of("ok"))));
    done.add(new Completion("no-such-job", "no-token", Optional.empty()));
    assertThat(jobs.completeAll(done, T0))
        .containsExactlyInAnyOrder(claimed.get(0).id(), claimed.get(1).id());
    assertThat(state(waiting).state()).isEqualTo(JobState.PENDING);
    assertThat(counters("k")).containsExactly(1, 0);
  }

  @Test
  void bury_cancel_and_requeue_give_back_and_take_places() {
    Admission a = submit("k", 1, OverlapPolicy.BUFFER_ALL);
    Admission b = submit("k", 1, OverlapPolicy.BUFFER_ALL);
    Admission c = submit("k", 1, OverlapPolicy.BUFFER_ALL);
    assertThat(counters("k")).containsExactly(1, 2);

    // a buffered job cancelled just stops waiting
    jobs.cancel(c.job().orElseThrow().id(), T0);
    assertThat(counters("k")).containsExactly(1, 1);

    // the running one dies: its place goes to b
    Job running = claimOne(jobs);
    jobs.fail(running.id(), token(running), new JobError("E", "boom", false, null), T0);
    assertThat(counters("k")).containsExactly(1, 1);
    jobs.bury(running.id(), T0);
    assertThat(state(b).state()).isEqualTo(JobState.PENDING);
    assertThat(counters("k")).containsExactly(1, 0);

    // re-queued by hand it takes a place, over the limit
    jobs.requeue(a.job().orElseThrow().id(), T0);
    assertThat(counters("k")).containsExactly(2, 0);

    jobs.cancel(a.job().orElseThrow().id(), T0);
    jobs.cancel(b.job().orElseThrow().id(), T0);
    assertThat(counters("k")).containsExactly(0, 0);
  }

  @Test
  void a_cancel_takes_limited_descendants_with_it_and_gives_their_places_back() {
    Job parent = jobs.submit(JobRequest.of("parent", "{}"), T0);
    LimitedRequest child =
        new LimitedRequest(
            JobRequest.of("run", "{}").withParent(parent.id()), "k", 1, OverlapPolicy.BUFFER_ALL);
    List<Admission> out = jobs.submitLimited(List.of(child, child), T0);
    Admission outside = submit("k", 1, OverlapPolicy.BUFFER_ALL);
    assertThat(counters("k")).containsExactly(1, 2);

    jobs.cancel(parent.id(), T0);
    assertThat(state(out.get(0)).state()).isEqualTo(JobState.CANCELLED);
    assertThat(state(out.get(1)).state()).isEqualTo(JobState.CANCELLED);
    // the running child's place went to the oldest buffered job of the key still waiting
    assertThat(state(outside).state()).isEqualTo(JobState.PENDING);
    assertThat(counters("k")).containsExactly(1, 0);
  }

  @Test
  void cancel_other_cancels_the_key_and_its_children_and_holds_the_only_place() {
    Admission old = submit("k", 1, OverlapPolicy.CANCEL_OTHER);
    Job running = claimOne(jobs);
    Job grandchild = jobs.submit(JobRequest.of("child", "{}").withParent(running.id()), T0);
    Admission buffered = submit("k", 1, OverlapPolicy.BUFFER_ALL);

    Admission latest = submit("k", 1, OverlapPolicy.CANCEL_OTHER);
    assertThat(latest.outcome()).isEqualTo(Outcome.STARTED);
    assertThat(latest.cancelled())
        .containsExactly(old.job().orElseThrow().id(), buffered.job().orElseThrow().id());
    assertThat(state(old).state()).isEqualTo(JobState.CANCELLED);
    assertThat(state(buffered).state()).isEqualTo(JobState.CANCELLED);
    assertThat(jobs.find(grandchild.id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
    assertThat(counters("k")).containsExactly(1, 0);

    // the cancelled run's worker finds its lease gone; nothing is given back twice
    assertThat(
            jobs.completeAll(
                List.of(new Completion(running.id(), token(running), Optional.empty())), T0))
        .isEmpty();
    assertThat(counters("k")).containsExactly(1, 0);
  }

  // ---- races ----

  /**
   * Submitters and workers on two stores sharing the database: the workers count the jobs of the
   * key they hold at once (claimed and not yet completed), which is never more than the limit, and
   * every job submitted runs in the end.
   */
  @Test
  void two_nodes_racing_never_run_more_than_the_limit() throws Exception {
    int max = 2;
    int submitters = 4;
    int calls = 40;
    JdbcStorage other = secondStorage();
    try {
      List<JobStore> stores = List.of(jobs, other.jobs());
      AtomicInteger holding = new AtomicInteger();
      AtomicInteger most = new AtomicInteger();
      AtomicInteger stored = new AtomicInteger();
      AtomicInteger completed = new AtomicInteger();
      AtomicBoolean submitting = new AtomicBoolean(true);
      ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
      CyclicBarrier start = new CyclicBarrier(submitters + 4);
      List<Thread> threads = new ArrayList<>();
      AtomicInteger submittersLeft = new AtomicInteger(submitters);
      for (int s = 0; s < submitters; s++) {
        JobStore store = stores.get(s % 2);
        threads.add(
            new Thread(
                () -> {
                  try {
                    start.await();
                    for (int i = 0; i < calls; i++) {
                      int n = 1 + ThreadLocalRandom.current().nextInt(3);
                      List<LimitedRequest> batch = new ArrayList<>();
                      for (int j = 0; j < n; j++) {
                        batch.add(limited("race", max, OverlapPolicy.BUFFER_ALL));
                      }
                      for (Admission a : store.submitLimited(batch, T0)) {
                        assertThat(a.outcome()).isIn(Outcome.STARTED, Outcome.BUFFERED);
                        stored.incrementAndGet();
                      }
                    }
                  } catch (Throwable t) {
                    errors.add(t);
                  } finally {
                    if (submittersLeft.decrementAndGet() == 0) {
                      submitting.set(false);
                    }
                  }
                }));
      }
      for (int w = 0; w < 4; w++) {
        JobStore store = stores.get(w % 2);
        boolean batched = w >= 2;
        threads.add(
            new Thread(
                () -> {
                  try {
                    start.await();
                    while (submitting.get() || completed.get() < stored.get()) {
                      List<Job> got =
                          store.claim(new ClaimRequest("w", 2, LEASE, T0, Set.of("run")));
                      if (got.isEmpty()) {
                        Thread.onSpinWait();
                        continue;
                      }
                      int now = holding.addAndGet(got.size());
                      most.accumulateAndGet(now, Math::max);
                      // let go before the completion commits: a job it wakes may be claimed at once
                      if (batched) {
                        List<Completion> done = new ArrayList<>();
                        got.forEach(
                            j -> done.add(new Completion(j.id(), token(j), Optional.empty())));
                        holding.addAndGet(-got.size());
                        completed.addAndGet(store.completeAll(done, T0).size());
                      } else {
                        for (Job j : got) {
                          holding.decrementAndGet();
                          store.complete(j.id(), token(j), Optional.empty(), T0);
                          completed.incrementAndGet();
                        }
                      }
                    }
                  } catch (Throwable t) {
                    errors.add(t);
                  }
                }));
      }
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join(240_000);
      }
      assertThat(errors).isEmpty();
      assertThat(most.get()).isLessThanOrEqualTo(max);
      assertThat(completed.get()).isEqualTo(stored.get());
      assertThat(stored.get()).isGreaterThanOrEqualTo(submitters * calls);
      assertThat(counters("race")).containsExactly(0, 0);
    } finally {
      if (other != storage) {
        other.close();
      }
    }
  }
}
