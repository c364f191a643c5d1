package io.mediaflow.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.event.EventBus;
import io.mediaflow.api.event.EventHandler;
import io.mediaflow.api.event.Subscription;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.job.RetryPolicy;
import io.mediaflow.api.store.Storage;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * 10,000 jobs through a threaded engine whose handlers fail at random, some of which are cancelled
 * while they wait or run, on a store that fails at random (refusing calls, or losing the answer of
 * calls it committed), with a seeded {@link Random}: no job is lost, none is completed twice, and
 * every one ends completed, dead or cancelled.
 */
class EngineStressTest {

  static final int JOBS = 10_000;
  static final long SEED = 20_261_201L;

  /** The engine's own calls, which it must survive failing; submits and cancels are the test's. */
  static final Set<String> FLAKY_CALLS =
      Set.of(
          "claim",
          "complete",
          "completeAll",
          "fail",
          "retry",
          "bury",
          "release",
          "heartbeatAll",
          "progress",
          "expireLeases");

  /** Fails the engine's calls at random: refused before, or committed and then the answer lost. */
  static final class RandomlyFailingStore implements InvocationHandler {
    final InMemoryStorage real = new InMemoryStorage(JOBS * 2);
    final Random random = new Random(SEED);
    final AtomicLong injected = new AtomicLong();
    final Map<String, AtomicInteger> completions = new ConcurrentHashMap<>();
    volatile boolean failing = true;

    Storage storage() {
      return InterceptedJobs.of(real, this);
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
      String name = m.getName();
      int fault = 0; // 1: refuse, 2: lose the answer
      if (failing && FLAKY_CALLS.contains(name)) {
        synchronized (random) {
          if (random.nextInt(100) < 3) {
            fault = random.nextBoolean() ? 1 : 2;
          }
        }
      }
      if (fault == 1) {
        injected.incrementAndGet();
        throw FailingStore.unavailable(name);
      }
      Object result;
      try {
        result = m.invoke(real.jobs(), args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      countCompletions(name, args, result);
      if (fault == 2) {
        injected.incrementAndGet();
        throw FailingStore.unavailable(name + " (answer lost after the commit)");
      }
      return result;
    }

    /** Counts each transition into COMPLETED the store made, per job id. */
    private void countCompletions(String name, Object[] args, Object result) {
      if (name.equals("complete")) {
        completions.computeIfAbsent((String) args[0], k -> new AtomicInteger()).incrementAndGet();
      } else if (name.equals("completeAll")) {
        for (Object id : (Set<?>) result) {
          completions.computeIfAbsent((String) id, k -> new AtomicInteger()).incrementAndGet();
        }
      }
    }
  }

  /** Counts events per type and job id on the publishing thread. */
  static final class CountingBus implements EventBus {
    final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    @Override
    public void publish(Event event) {
      counts
          .computeIfAbsent(event.type() + " " + event.data().get("jobId"), k -> new AtomicInteger())
          .incrementAndGet();
    }

    int count(String type, String jobId) {
      AtomicInteger n = counts.get(type + " " + jobId);
      return n == null ? 0 : n.get();
    }

    @Override
    public Subscription subscribe(String pattern, EventHandler handler) {
      return () -> {};
    }

    @Override
    public void close() {}
  }

  @Test
  void ten_thousand_jobs_with_random_failures_cancels_and_store_errors_end_once_each() {
    RandomlyFailingStore store = new RandomlyFailingStore();
    CountingBus bus = new CountingBus();
    Map<String, AtomicInteger> successes = new ConcurrentHashMap<>();
    EngineConfig config =
        EngineConfig.custom()
            .storage(store.storage())
            .events(bus)
            .clock(Clock.systemUTC())
            .workers(2, 2)
            .lease(Duration.ofSeconds(2))
            .pollInterval(Duration.ofMillis(10))
            .nodeId("stress")
            .retryPolicy(
                RetryPolicy.builder().fixed(Duration.ofMillis(1)).jitter(0).maxAttempts(3).build())
            .handler(
                "work",
                ctx -> {
                  Job job = ctx.job();
                  // fails a third of the attempts, at random but decided by the job and its attempt
                  if (new SplittableRandom(job.id().hashCode() * 1_000L + job.attempts()).nextInt(3)
                      == 0) {
                    throw new IllegalStateException("random handler failure");
                  }
                  successes.computeIfAbsent(job.id(), k -> new AtomicInteger()).incrementAndGet();
                  return Optional.of("ok");
                })
            .build();
    Engine engine = new Engine(config, new CircuitBreakers(config.clock()));
    engine.start();
    List<String> ids = new ArrayList<>(JOBS);
    Random cancels = new Random(SEED + 1);
    try {
      for (int chunk = 0; chunk < JOBS / 500; chunk++) {
        List<JobRequest> requests = new ArrayList<>(500);
        for (int i = 0; i < 500; i++) {
          requests.add(JobRequest.of("work", "job " + (chunk * 500 + i)).withMaxAttempts(3));
        }
        for (Job j : engine.submitAll(requests)) {
          ids.add(j.id());
        }
        // cancel a few, queued or running, as a host would
        for (int i = 0; i < 25; i++) {
          engine.cancel(ids.get(cancels.nextInt(ids.size())));
        }
      }
      awaitAllTerminal(store.real, ids, Duration.ofSeconds(120));
      store.failing = false; // let the kept outcomes in and their events out
      awaitEventsOut(bus, store.real, ids, Duration.ofSeconds(30));
    } finally {
      engine.close();
    }

    Map<JobState, Integer> byState = new java.util.EnumMap<>(JobState.class);
    for (String id : ids) {
      Job j = store.real.jobs().find(id).orElseThrow(() -> new AssertionError("lost: " + id));
      byState.merge(j.state(), 1, Integer::sum);
      assertThat(j.state())
          .as("job %s", id)
          .isIn(JobState.COMPLETED, JobState.DEAD, JobState.CANCELLED);
      assertThat(bus.count("job.completed", id))
          .as("completed events of %s", id)
          .isLessThanOrEqualTo(1);
      AtomicInteger completed = store.completions.get(id);
      assertThat(completed == null ? 0 : completed.get())
          .as("completions of %s", id)
          .isEqualTo(j.state() == JobState.COMPLETED ? 1 : 0);
    }
    assertThat(ids).hasSize(JOBS).doesNotHaveDuplicates();
    assertThat(store.injected.get()).as("store failures injected").isGreaterThan(100);
    assertThat(byState.keySet()).contains(JobState.COMPLETED, JobState.DEAD, JobState.CANCELLED);
  }

  static boolean terminal(JobState s) {
    return s == JobState.COMPLETED || s == JobState.DEAD || s == JobState.CANCELLED;
  }

  static void awaitAllTerminal(InMemoryStorage store, List<String> ids, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      long open =
          ids.stream().filter(id -> !terminal(store.jobs().find(id).orElseThrow().state())).count();
      if (open == 0) {
        return;
      }
      assertThat(System.nanoTime()).as("%d jobs not finished in time", open).isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }

  static void awaitEventsOut(
      CountingBus bus, InMemoryStorage store, List<String> ids, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      long silent =
          ids.stream()
              .filter(
                  id ->
                      store.jobs().find(id).orElseThrow().state() == JobState.COMPLETED
                          && bus.count("job.completed", id) == 0)
              .count();
      if (silent == 0) {
        return;
      }
      assertThat(System.nanoTime())
          .as("%d completions never announced", silent)
          .isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }
}
