package io.mediaflow.benchmarks;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.JobHandle;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Checkpointed steps per second in memory (issue 12, target ≥ 200,000): jobs of {@link #STEPS}
 * {@code ctx.step} calls, each returning a string whose JSON is 100 bytes, through the whole engine
 * ({@link MediaFlow} on {@link InMemoryStorage}: claim, replay cursor, JSON codec, the group-commit
 * checkpoint writer, completion, the {@code job.completed} event). One operation is one
 * checkpointed step; an invocation submits {@link #JOBS} jobs with {@code submitAll} and waits for
 * all of them to complete.
 */
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
public class DurableStepsBenchmark {

  static final int JOBS = 1000;
  static final int STEPS = 10;

  /** 98 characters: as JSON, with its quotes, 100 bytes. */
  static final String RESULT = "x".repeat(98);

  @Param({"1", "2", "8"})
  public int workers;

  private MediaFlow flow;
  private InMemoryStorage storage;
  private final AtomicLong completed = new AtomicLong();
  private List<JobRequest> batch;

  @Setup(Level.Trial)
  public void setUp() {
    storage = new InMemoryStorage();
    flow =
        MediaFlow.builder()
            .storage(storage)
            .workers(workers)
            .retryPolicy(RetryPolicy.none())
            .handler(
                "steps",
                ctx -> {
                  for (int k = 0; k < STEPS; k++) {
                    ctx.step("s" + k, String.class, () -> RESULT);
                  }
                  return Optional.empty();
                })
            .build()
            .start();
    flow.events().subscribe("job.completed", e -> completed.incrementAndGet());
    // the benchmark measures checkpoints only if the steps write them: check one job's history
    JobHandle probe = flow.submit(JobRequest.of("steps", "").withMaxAttempts(1));
    probe.await(Duration.ofSeconds(30));
    int saved = storage.checkpoints().history(probe.id(), 0).size();
    if (saved != STEPS) {
      throw new IllegalStateException("expected " + STEPS + " checkpoints, the store has " + saved);
    }
    batch = new ArrayList<>(JOBS);
    for (int i = 0; i < JOBS; i++) {
      batch.add(JobRequest.of("steps", "").withMaxAttempts(1));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    flow.close();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(JOBS * STEPS)
  public void steps() {
    long target = completed.get() + JOBS;
    flow.submitAll(batch);
    // park, not spin: on 2 cores a spinning waiter takes a core from the workers
    while (completed.get() < target) {
      LockSupport.parkNanos(20_000);
    }
  }
}
