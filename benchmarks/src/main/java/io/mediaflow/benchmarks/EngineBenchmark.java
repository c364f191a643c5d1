package io.mediaflow.benchmarks;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.RetryPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * The engine's own overhead: a no-op host job type on {@link InMemoryStorage}, with lifecycle
 * events published to the default in-process bus (one subscriber counting {@code job.completed})
 * and in-library metrics on.
 *
 * <ul>
 *   <li>{@code batched}, {@code oneByOne}: submit → complete throughput in jobs per second;
 *   <li>{@code startLatency}: the time from {@code submit} returning to the handler starting.
 * </ul>
 */
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EngineBenchmark {

  static final int BATCH = 1000;

  @Param({"1", "2", "8"})
  public int workers;

  private MediaFlow flow;
  private final AtomicLong completedEvents = new AtomicLong();
  private volatile boolean started;
  private List<JobRequest> batch;
  private InMemoryStorage storage;

  @Setup(Level.Trial)
  public void setUp() {
    storage = new InMemoryStorage(); // keeps the last 10,000 finished jobs, as a host gets it
    flow =
        MediaFlow.builder()
            .storage(storage)
            .workers(workers)
            .retryPolicy(RetryPolicy.none())
            .handler("noop", ctx -> Optional.empty())
            .handler(
                "latency",
                ctx -> {
                  started = true;
                  return Optional.empty();
                })
            .build()
            .start();
    flow.events().subscribe("job.completed", e -> completedEvents.incrementAndGet());
    batch = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      batch.add(JobRequest.of("noop", "").withMaxAttempts(1));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    flow.close();
  }

  /**
   * Waits until {@code target} jobs have completed: their completion recorded by the storage and
   * their {@code job.completed} event delivered, not merely their handler started. Waits without
   * spinning: on 2 cores a spinning waiter would take a core from the workers it waits for. A 20 µs
   * park is under 1 % of a 1,000-job batch at the target rate.
   */
  private void awaitCompleted(long target) {
    while (completedEvents.get() < target) {
      java.util.concurrent.locks.LockSupport.parkNanos(20_000);
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public void batched() {
    long target = completedEvents.get() + BATCH;
    flow.submitAll(batch);
    awaitCompleted(target);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public void oneByOne() {
    long target = completedEvents.get() + BATCH;
    for (int i = 0; i < BATCH; i++) {
      flow.submit("noop", "");
    }
    awaitCompleted(target);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void startLatency() {
    started = false;
    flow.submit(JobRequest.of("latency", "").withMaxAttempts(1));
    while (!started) {
      Thread.onSpinWait();
    }
  }
}
