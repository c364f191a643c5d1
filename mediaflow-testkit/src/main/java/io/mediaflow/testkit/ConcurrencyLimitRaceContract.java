package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.rule.OverlapPolicy;
import io.mediaflow.api.store.Admission;
import io.mediaflow.api.store.Admission.Outcome;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.Completion;
import io.mediaflow.api.store.LimitedRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The {@link io.mediaflow.api.store.JobStore#submitLimited} contract under concurrency: many
 * threads submitting under one limit at once, and many submitting, claiming and finishing jobs at
 * once. Whatever the interleaving, no more jobs of a key run at once than its limit, and under
 * {@code BUFFER_ALL} every job submitted runs in the end: none is lost, none is stuck. {@link
 * ConcurrencyLimitContract} has the single-threaded cases.
 *
 * <p>Subclass it (or {@link StorageContract}, which runs every suite) and return a fresh, empty
 * store from {@link #newStorage()}. Each test waits for its threads for at most two minutes.
 */
public abstract class ConcurrencyLimitRaceContract extends StorageContractSupport {

  private static final int THREADS = 16;
  private static final int ROUNDS = 40;
  private static final String RUN = ConcurrencyLimitContract.RUN;

  /** Two keys with different limits, so a store that mixes them up is caught. */
  private static final Map<String, Integer> LIMITS = Map.of("two", 2, "three", 3);

  @Test
  void sixteen_threads_submitting_at_once_start_exactly_the_limit() throws Exception {
    int rounds = 20;
    List<List<Admission>> skip = perRound(rounds);
    List<List<Admission>> bufferOne = perRound(rounds);
    List<List<Admission>> cancelOther = perRound(rounds);
    CyclicBarrier together = new CyclicBarrier(THREADS);
    race(
        t -> {
          // each round on keys of its own, every thread starting it at the same moment
          for (int r = 0; r < rounds; r++) {
            together.await(1, TimeUnit.MINUTES);
            skip.get(r).add(admit("skip-" + r, 3, OverlapPolicy.SKIP));
            bufferOne.get(r).add(admit("buffer-one-" + r, 1, OverlapPolicy.BUFFER_ONE));
            cancelOther.get(r).add(admit("cancel-other-" + r, 2, OverlapPolicy.CANCEL_OTHER));
          }
        });

    for (int r = 0; r < rounds; r++) {
      assertThat(count(skip.get(r), Outcome.STARTED)).as("round %d", r).isEqualTo(3);
      assertThat(count(skip.get(r), Outcome.SKIPPED)).isEqualTo(THREADS - 3);
      assertThat(count(bufferOne.get(r), Outcome.STARTED)).as("round %d", r).isEqualTo(1);
      assertThat(count(bufferOne.get(r), Outcome.BUFFERED)).isEqualTo(1);
      assertThat(count(bufferOne.get(r), Outcome.SKIPPED)).isEqualTo(THREADS - 2);
      assertThat(count(cancelOther.get(r), Outcome.STARTED)).isEqualTo(THREADS);
      long left =
          cancelOther.get(r).stream()
              .map(a -> reload(a.job().orElseThrow()).state())
              .filter(s -> s == JobState.PENDING)
              .count();
      assertThat(left).as("round %d: cancel-other jobs not cancelled", r).isBetween(1L, 2L);
    }
  }

  private static List<List<Admission>> perRound(int rounds) {
    List<List<Admission>> out = new ArrayList<>(rounds);
    for (int r = 0; r < rounds; r++) {
      out.add(Collections.synchronizedList(new ArrayList<>()));
    }
    return out;
  }

  @Test
  void sixteen_threads_submitting_and_finishing_never_run_more_than_the_limit_and_lose_nothing()
      throws Exception {
    Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> most = new ConcurrentHashMap<>();
    LIMITS
        .keySet()
        .forEach(
            k -> {
              running.put(k, new AtomicInteger());
              most.put(k, new AtomicInteger());
            });
    AtomicInteger submitted = new AtomicInteger();
    Set<String> finished = ConcurrentHashMap.newKeySet();

    race(
        t -> {
          for (int i = 0; i < ROUNDS; i++) {
            String key = (t + i) % 2 == 0 ? "two" : "three";
            Admission a = admit(key, LIMITS.get(key), OverlapPolicy.BUFFER_ALL);
            assertThat(a.outcome()).isIn(Outcome.STARTED, Outcome.BUFFERED);
            submitted.incrementAndGet();
            runSome(t + i, running, most, finished);
          }
        });
    // the threads are done submitting: whatever is left must run to the end, one wave at a time
    for (int wave = 0; wave < 10_000 && finished.size() < submitted.get(); wave++) {
      if (runSome(wave, running, most, finished) == 0) {
        break;
      }
    }

    assertThat(most.get("two").get()).as("most running at once, limit 2").isLessThanOrEqualTo(2);
    assertThat(most.get("three").get()).as("most running at once, limit 3").isLessThanOrEqualTo(3);
    assertThat(finished).as("every job ran").hasSize(THREADS * ROUNDS);
    Map<JobState, Long> states = storage.jobs().countByState();
    for (JobState state : List.of(JobState.SCHEDULED, JobState.PENDING, JobState.PROCESSING)) {
      assertThat(states.getOrDefault(state, 0L)).as("jobs left %s", state).isZero();
    }
  }

  /**
   * Claims up to four due jobs and finishes each, in one of four ways chosen by {@code way}:
   * complete, a batch completion, fail and bury, or cancel. A job counts as running from its claim
   * until just before the call that finishes it, so the count can only be low, never high.
   *
   * @return how many jobs it finished
   */
  private int runSome(
      int way,
      Map<String, AtomicInteger> running,
      Map<String, AtomicInteger> most,
      Set<String> finished) {
    List<Job> claimed =
        storage.jobs().claim(new ClaimRequest("w" + way, 4, LEASE, at(1), Set.of(RUN)));
    for (Job job : claimed) {
      int now = running.get(job.payload()).incrementAndGet();
      most.get(job.payload()).accumulateAndGet(now, Math::max);
    }
    if (way % 4 == 1) { // the whole claim completed together, as a worker's batch is
      claimed.forEach(job -> running.get(job.payload()).decrementAndGet());
      assertThat(
              storage
                  .jobs()
                  .completeAll(
                      claimed.stream()
                          .map(job -> new Completion(job.id(), token(job), Optional.empty()))
                          .toList(),
                      at(1)))
          .containsExactlyInAnyOrderElementsOf(claimed.stream().map(Job::id).toList());
      claimed.forEach(
          job -> assertThat(finished.add(job.id())).as("job %s finished once", job.id()).isTrue());
      return claimed.size();
    }
    for (Job job : claimed) {
      running.get(job.payload()).decrementAndGet();
      switch (way % 4) {
        case 0 -> storage.jobs().complete(job.id(), token(job), Optional.empty(), at(1));
        case 2 -> {
          storage.jobs().fail(job.id(), token(job), BOOM, at(1));
          storage.jobs().bury(job.id(), at(1));
        }
        default -> storage.jobs().cancel(job.id(), at(1));
      }
      assertThat(finished.add(job.id())).as("job %s finished once", job.id()).isTrue();
    }
    return claimed.size();
  }

  private Admission admit(String key, int max, OverlapPolicy overlap) {
    return storage
        .jobs()
        .submitLimited(
            List.of(new LimitedRequest(JobRequest.of(RUN, key), key, max, overlap)), at(1))
        .get(0);
  }

  private static long count(List<Admission> admissions, Outcome outcome) {
    return admissions.stream().filter(a -> a.outcome() == outcome).count();
  }

  /** What one racing thread does, given its number. */
  private interface Body {
    void run(int thread) throws Exception;
  }

  /** Runs {@code body} on {@link #THREADS} threads started together; fails on any error. */
  private static void race(Body body) throws Exception {
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int n = t;
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                  body.run(n);
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.MINUTES.toMillis(2));
      assertThat(t.isAlive()).as("racer finished").isFalse();
    }
    assertThat(errors).isEmpty();
  }
}
