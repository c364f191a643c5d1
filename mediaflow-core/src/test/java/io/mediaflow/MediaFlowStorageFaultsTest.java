package io.mediaflow;

import static io.mediaflow.MediaFlowEngineTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobError;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.store.ClaimRequest;
import io.mediaflow.api.store.Storage;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.internal.engine.InterceptedJobs;
import io.mediaflow.testkit.ManualClock;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store failing under a running engine: a worker whose outcome, retry, burial or claim cannot
 * be recorded keeps going, and the job still ends where it must. The failures are injected through
 * a wrapping {@link Storage}, the one way to make these exact calls fail on cue.
 */
class MediaFlowStorageFaultsTest {

  final List<MediaFlow> flows = new ArrayList<>();

  @AfterEach
  void closeFlows() {
    flows.forEach(MediaFlow::close);
  }

  /** Delegates to an {@link InMemoryStorage}; the named methods fail while their budget lasts. */
  static final class FaultyStorage implements InvocationHandler {
    final InMemoryStorage real = new InMemoryStorage();
    final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    /** Methods that do their work and then fail, as when the answer is lost on the wire. */
    final Set<String> loseAnswer = ConcurrentHashMap.newKeySet();

    FaultyStorage fail(String method, int times) {
      failuresLeft.put(method, new AtomicInteger(times));
      return this;
    }

    /** The real store, its job store wrapped: every failure injected here is a job-store call. */
    Storage storage() {
      return InterceptedJobs.of(real, this);
    }

    int calls(String method) {
      return calls.getOrDefault(method, new AtomicInteger()).get();
    }

    @Override
    public Object invoke(Object proxy, java.lang.reflect.Method m, Object[] args) throws Throwable {
      String name = m.getName();
      calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
      AtomicInteger left = failuresLeft.get(name);
      boolean failNow = left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
      if (failNow && !loseAnswer.contains(name)) {
        throw unavailable(name);
      }
      Object result;
      try {
        result = m.invoke(real.jobs(), args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (failNow) {
        throw unavailable(name);
      }
      return result;
    }

    static StorageException unavailable(String op) {
      return new StorageException(
          StorageException.STORAGE_UNAVAILABLE,
          "injected: storage is unavailable: " + op + " failed",
          "it comes back");
    }
  }

  MediaFlow threaded(Storage storage, int workers, Map<String, io.mediaflow.api.job.JobHandler> h) {
    MediaFlow.Builder b =
        MediaFlow.builder()
            .storage(storage)
            .workers(workers)
            .nodeId("faults")
            .pollInterval(Duration.ofMillis(20))
            .retryPolicy(RetryPolicy.builder().fixed(Duration.ofMillis(10)).maxAttempts(3).build());
    h.forEach(b::handler);
    MediaFlow flow = b.build();
    flows.add(flow);
    return flow.start();
  }

  static List<Thread> workers(String nodeId) {
    List<Thread> alive = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("mediaflow-" + nodeId + "-worker-") && t.isAlive()) {
        alive.add(t);
      }
    }
    return alive;
  }

  static Job awaitState(MediaFlow flow, String id, JobState state) {
    eventually(
        () -> flow.storage().jobs().find(id).orElseThrow().state() == state,
        "job " + id + " " + state);
    return flow.storage().jobs().find(id).orElseThrow();
  }

  @Test
  void a_retry_the_store_refuses_is_recorded_later_and_the_worker_goes_on() {
    FaultyStorage faults = new FaultyStorage().fail("retry", 3);
    AtomicInteger runs = new AtomicInteger();
    MediaFlow flow =
        threaded(
            faults.storage(),
            1,
            Map.of(
                "flaky",
                ctx -> {
                  if (runs.incrementAndGet() == 1) {
                    throw new IllegalStateException("first attempt fails");
                  }
                  return Optional.of("ok");
                },
                "echo",
                ctx -> Optional.of(ctx.job().payload())));
    List<Thread> before = workers("faults");

    JobHandle h = flow.submit("flaky", "x");
    Job done = awaitState(flow, h.id(), JobState.COMPLETED);

    assertThat(done.attempts()).isEqualTo(2);
    assertThat(runs).hasValue(2);
    assertThat(faults.calls("retry")).isEqualTo(4); // three refused, the fourth recorded
    assertThat(workers("faults")).containsExactlyElementsOf(before);
    assertThat(flow.submit("echo", "after").await(Duration.ofSeconds(10)).state())
        .isEqualTo(JobState.COMPLETED);
  }

  @Test
  void a_burial_the_store_refuses_is_recorded_later_and_the_job_ends_dead() {
    FaultyStorage faults = new FaultyStorage().fail("bury", 2);
    MediaFlow flow =
        threaded(
            faults.storage(),
            1,
            Map.of(
                "doomed",
                ctx -> {
                  throw new MediaFlowException(
                      ErrorCode.INPUT_INVALID, "never works", "fix the input", false, null);
                },
                "echo",
                ctx -> Optional.of(ctx.job().payload())));
    List<Thread> before = workers("faults");

    JobHandle h = flow.submit("doomed", "x");
    Job dead = awaitState(flow, h.id(), JobState.DEAD);

    assertThat(dead.attempts()).isEqualTo(1);
    assertThat(dead.error().orElseThrow().code()).isEqualTo(ErrorCode.INPUT_INVALID.code());
    assertThat(faults.calls("bury")).isEqualTo(3);
    assertThat(h.await(Duration.ofSeconds(5)).state()).isEqualTo(JobState.DEAD);
    assertThat(workers("faults")).containsExactlyElementsOf(before);
    assertThat(flow.submit("echo", "after").await(Duration.ofSeconds(10)).state())
        .isEqualTo(JobState.COMPLETED);
  }

  @Test
  void a_failure_the_store_refuses_to_record_is_recorded_later_and_retried() {
    FaultyStorage faults = new FaultyStorage().fail("fail", 2);
    AtomicInteger runs = new AtomicInteger();
    MediaFlow flow =
        threaded(
            faults.storage(),
            1,
            Map.of(
                "flaky",
                ctx -> {
                  if (runs.incrementAndGet() == 1) {
                    throw new IllegalStateException("first attempt fails");
                  }
                  return Optional.empty();
                }));

    JobHandle h = flow.submit("flaky", "x");
    Job done = awaitState(flow, h.id(), JobState.COMPLETED);

    assertThat(done.attempts()).isEqualTo(2);
    assertThat(runs).hasValue(2);
    assertThat(faults.calls("fail")).isEqualTo(3);
  }

  @Test
  void a_completion_the_store_refuses_is_recorded_later_without_running_the_job_again() {
    FaultyStorage faults = new FaultyStorage().fail("complete", 3).fail("completeAll", 3);
    AtomicInteger runs = new AtomicInteger();
    MediaFlow flow =
        threaded(
            faults.storage(),
            2,
            Map.of(
                "once",
                ctx -> {
                  runs.incrementAndGet();
                  return Optional.of("done");
                }));
    List<Thread> before = workers("faults");

    JobHandle h = flow.submit("once", "x");
    JobResult r = h.await(Duration.ofSeconds(10));

    assertThat(r.state()).isEqualTo(JobState.COMPLETED);
    assertThat(runs).hasValue(1);
    assertThat(flow.storage().jobs().find(h.id()).orElseThrow().attempts()).isEqualTo(1);
    assertThat(workers("faults")).containsExactlyElementsOf(before);
  }

  @Test
  void a_completion_whose_answer_was_lost_is_recognised_as_recorded_and_announced_once() {
    FaultyStorage faults = new FaultyStorage().fail("complete", 1);
    faults.loseAnswer.add("complete");
    MediaFlow flow = threaded(faults.storage(), 1, Map.of("once", ctx -> Optional.of("done")));
    List<Event> completed = new CopyOnWriteArrayList<>();
    flow.events().subscribe("job.completed", completed::add);

    JobHandle h = flow.submit("once", "x");

    assertThat(h.await(Duration.ofSeconds(10)).state()).isEqualTo(JobState.COMPLETED);
    eventually(() -> completed.size() == 1, "one job.completed event");
    assertThat(faults.calls("complete")).isEqualTo(1);
    assertThat(faults.calls("completeAll")).isEqualTo(1); // refused as a lost lease, found landed
  }

  @Test
  void workers_back_off_while_claims_fail_and_resume_when_the_store_is_back() {
    FaultyStorage faults = new FaultyStorage().fail("claim", Integer.MAX_VALUE);
    MediaFlow flow =
        threaded(faults.storage(), 2, Map.of("echo", ctx -> Optional.of(ctx.job().payload())));
    List<Thread> before = workers("faults");
    eventually(() -> faults.calls("claim") >= 2, "claims while the store is down");
    long start = System.nanoTime();
    int first = faults.calls("claim");
    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(1500).toNanos());
    int during = faults.calls("claim") - first;
    long tookMillis = (System.nanoTime() - start) / 1_000_000;

    // polling every 20 ms, two workers would claim about 150 times in 1.5 s; backing off from
    // 50 ms doubling, each tries at most about six times
    assertThat(during).as("claims in %d ms of outage", tookMillis).isLessThan(20);

    JobHandle h = flow.submit("echo", "queued while down");
    faults.failuresLeft.get("claim").set(0);

    assertThat(h.await(Duration.ofSeconds(15)).state()).isEqualTo(JobState.COMPLETED);
    assertThat(workers("faults")).containsExactlyElementsOf(before);
  }

  @Test
  void on_the_calling_thread_a_refused_retry_is_kept_and_recorded_by_the_next_run() {
    FaultyStorage faults = new FaultyStorage().fail("retry", 1);
    ManualClock clock = ManualClock.at(MediaFlowEngineTest.T0);
    MediaFlow flow =
        MediaFlow.builder()
            .storage(faults.storage())
            .clock(clock)
            .runOnCallingThread()
            .nodeId("manual")
            .retryPolicy(RetryPolicy.builder().fixed(Duration.ofSeconds(1)).maxAttempts(3).build())
            .handler(
                "flaky",
                ctx -> {
                  throw new IllegalStateException("fails");
                })
            .build();
    flows.add(flow);
    JobHandle h = flow.submit("flaky", "x");

    flow.runDueJobs();
    assertThat(flow.storage().jobs().find(h.id()).orElseThrow().state()).isEqualTo(JobState.FAILED);

    flow.runDueJobs();
    Job scheduled = flow.storage().jobs().find(h.id()).orElseThrow();
    assertThat(scheduled.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(scheduled.attempts()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(2));
    flow.runDueJobs();
    assertThat(flow.storage().jobs().find(h.id()).orElseThrow().attempts()).isEqualTo(2);
  }

  @Test
  void failures_an_engine_left_stranded_are_retried_or_buried_when_the_next_engine_starts() {
    ManualClock clock = ManualClock.at(MediaFlowEngineTest.T0);
    InMemoryStorage storage = new InMemoryStorage();
    Job again = storage.jobs().submit(JobRequest.of("t", "retry me"), clock.instant());
    Job last =
        storage.jobs().submit(JobRequest.of("t", "bury me").withMaxAttempts(1), clock.instant());
    failAll(storage, clock);
    clock.advance(Duration.ofMinutes(5));
    Job fresh = storage.jobs().submit(JobRequest.of("t", "failed just now"), clock.instant());
    failAll(storage, clock);

    MediaFlow flow =
        MediaFlow.builder()
            .storage(storage)
            .clock(clock)
            .runOnCallingThread()
            .nodeId("next")
            .handler("t", ctx -> Optional.empty())
            .build();
    flows.add(flow);
    flow.start();

    assertThat(storage.jobs().find(again.id()).orElseThrow().state()).isEqualTo(JobState.SCHEDULED);
    assertThat(storage.jobs().find(last.id()).orElseThrow().state()).isEqualTo(JobState.DEAD);
    assertThat(storage.jobs().find(fresh.id()).orElseThrow().state())
        .as("failed just now: its own engine may still be recording the retry")
        .isEqualTo(JobState.FAILED);
  }

  /** What an engine does before it stops between recording failures and their retries. */
  static void failAll(InMemoryStorage storage, ManualClock clock) {
    ClaimRequest claim =
        new ClaimRequest("gone", 10, Duration.ofSeconds(30), clock.instant(), Set.of());
    for (Job j : storage.jobs().claim(claim)) {
      storage.jobs().fail(j.id(), j.lease().orElseThrow().token(), flaky(), clock.instant());
    }
  }

  static JobError flaky() {
    return new JobError("HANDLER_FAILED", "flaky", true, "");
  }
}
