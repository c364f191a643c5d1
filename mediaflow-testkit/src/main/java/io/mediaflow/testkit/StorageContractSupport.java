package io.mediaflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * What every storage contract suite shares: a fresh store per test from {@link #newStorage()}, the
 * base instant {@link #T0}, and helpers that submit, claim and assert. Time is always passed in:
 * tests use {@link #T0} (whole seconds, so a store that keeps microseconds returns the same
 * instants) plus offsets, and never sleep.
 */
public abstract class StorageContractSupport {

  /** The base instant of every test: whole seconds, so any store keeps it exactly. */
  protected static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  /** The lease every claim in this suite asks for. */
  protected static final Duration LEASE = Duration.ofSeconds(30);

  static final JobError BOOM = new JobError("PROCESSING_FAILED", "boom", true, "");

  /** The store under test; a new one for each test. */
  protected Storage storage;

  /** A fresh, empty store. Called once per test; the suite closes it after the test. */
  protected abstract Storage newStorage();

  /**
   * A second store on the same data as {@code first}, as a second engine sharing it would open; a
   * suite that asks for one closes it unless it is {@code first}. The default returns {@code
   * first}: right for a store that lives in one object, such as the in-memory one. A store over a
   * database overrides it to open a new instance on the same database (same file, or same tables),
   * so the suites prove that what one instance writes the other reads at once.
   */
  protected Storage openSharing(Storage first) {
    return first;
  }

  @BeforeEach
  void openStorage(TestInfo test) {
    if (opensStorageFor(test)) {
      storage = newStorage();
    }
  }

  /** Whether the store is opened before {@code test}; an aggregate of suites opens none itself. */
  boolean opensStorageFor(TestInfo test) {
    return true;
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
    return storage.jobs().submit(JobRequest.of("test", "{}"), T0);
  }

  /** Claims up to {@code max} jobs of any type for {@code owner} at {@code now}. */
  protected List<Job> claim(String owner, int max, Instant now) {
    return storage.jobs().claim(new ClaimRequest(owner, max, LEASE, now, Set.of()));
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

  protected Job reload(Job job) {
    return storage.jobs().find(job.id()).orElseThrow();
  }

  protected Job failed() {
    submit();
    Job claimed = claimOne(at(1));
    return storage.jobs().fail(claimed.id(), token(claimed), BOOM, at(2));
  }

  // ---- helpers that need the store ----

  protected Job claimOneSubmitted() {
    submit();
    return claimOne(at(1));
  }

  // ---- refusals and races, for every suite ----

  /**
   * Fails with {@code code}, a message (without code and suggestion) holding every one of {@code
   * parts}, and a suggestion.
   */
  protected static void assertRefused(ErrorCode code, ThrowingCallable call, String... parts) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            MediaFlowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.detail()).contains(parts);
              assertThat(e.suggestion()).as("a suggestion").isNotBlank();
            });
  }

  /** What one racing thread does, given its number. */
  protected interface Body {
    void run(int thread) throws Exception;
  }

  /** Runs {@code body} on {@code n} threads that start together; fails on any error. */
  protected static void race(int n, Body body) throws Exception {
    List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
    CyclicBarrier start = new CyclicBarrier(n);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      int number = t;
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await(60, TimeUnit.SECONDS);
                  body.run(number);
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread t : threads) {
      t.join(TimeUnit.MINUTES.toMillis(2));
      assertThat(t.isAlive()).as("racer finished").isFalse();
    }
    assertThat(errors).isEmpty();
  }
}
