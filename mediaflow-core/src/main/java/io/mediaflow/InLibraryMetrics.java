package io.mediaflow;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Metrics kept in memory with striped counters ({@link LongAdder}): a report costs a few
 * uncontended adds, cheap enough for every job at hundreds of thousands of jobs a second.
 */
final class InLibraryMetrics implements Metrics {

  private final LongAdder executions = new LongAdder();
  private final LongAdder successes = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final TimerStats duration = new TimerStats();
  private final TimerStats steps = new TimerStats();
  private final ConcurrentHashMap<String, TimerStats> bySteps = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, TypeStats> byType = new ConcurrentHashMap<>();
  private final ErrorWindow errors;
  private volatile LongSupplier queueDepth = () -> 0;
  private volatile DoubleSupplier utilization = () -> 0;

  public InLibraryMetrics(Clock clock) {
    this.errors = new ErrorWindow(Objects.requireNonNull(clock, "clock"));
  }

  @Override
  public void jobStarted(String type) {
    executions.increment();
    type(type).started.increment();
  }

  @Override
  public void jobFinished(String type, Duration took, boolean success) {
    TypeStats t = type(type);
    duration.record(took);
    if (success) {
      successes.increment();
      t.succeeded.increment();
    } else {
      failures.increment();
      t.failed.increment();
      errors.record();
    }
  }

  @Override
  public void stepFinished(String step, Duration took) {
    steps.record(took);
    TimerStats s = bySteps.get(step);
    if (s == null) {
      s = bySteps.computeIfAbsent(Objects.requireNonNull(step, "step"), k -> new TimerStats());
    }
    s.record(took);
  }

  @Override
  public void retried(String type) {
    retries.increment();
    type(type).retried.increment();
  }

  @Override
  public void queueDepth(LongSupplier depth) {
    this.queueDepth = Objects.requireNonNull(depth, "depth");
  }

  @Override
  public void workerUtilization(DoubleSupplier utilization) {
    this.utilization = Objects.requireNonNull(utilization, "utilization");
  }

  /** Successes / finished executions; NaN before any finished. */
  public double successRate() {
    long ok = successes.sum();
    long finished = ok + failures.sum();
    return finished == 0 ? Double.NaN : (double) ok / finished;
  }

  /** Failed executions in the last 60 seconds. */
  public double errorRate() {
    return errors.lastMinute();
  }

  /** The queue depth source's value; 0 when it fails. */
  public long currentQueueDepth() {
    try {
      return queueDepth.getAsLong();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** The utilization source's value, clamped to 0..1; 0 when it fails. */
  public double currentUtilization() {
    try {
      double u = utilization.getAsDouble();
      return Double.isNaN(u) ? 0 : Math.max(0, Math.min(1, u));
    } catch (RuntimeException e) {
      return 0;
    }
  }

  @Override
  public MetricsSnapshot snapshot() {
    Map<String, MetricsSnapshot.TypeCounts> types = new HashMap<>();
    byType.forEach((k, v) -> types.put(k, v.snapshot()));
    Map<String, MetricsSnapshot.Timer> stepTimes = new HashMap<>();
    bySteps.forEach((k, v) -> stepTimes.put(k, v.snapshot()));
    return new MetricsSnapshot(
        executions.sum(),
        duration.snapshot(),
        successRate(),
        steps.snapshot(),
        currentQueueDepth(),
        currentUtilization(),
        retries.sum(),
        errorRate(),
        types,
        stepTimes);
  }

  private TypeStats type(String type) {
    TypeStats t = byType.get(type);
    return t != null
        ? t
        : byType.computeIfAbsent(Objects.requireNonNull(type, "type"), k -> new TypeStats());
  }

  private static final class TypeStats {
    final LongAdder started = new LongAdder();
    final LongAdder succeeded = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder retried = new LongAdder();

    MetricsSnapshot.TypeCounts snapshot() {
      return new MetricsSnapshot.TypeCounts(
          started.sum(), succeeded.sum(), failed.sum(), retried.sum());
    }
  }

  private static final class TimerStats {
    final LongAdder count = new LongAdder();
    final LongAdder totalNanos = new LongAdder();
    final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

    void record(Duration took) {
      long nanos = Math.max(0, toNanos(took));
      count.increment();
      totalNanos.add(nanos);
      maxNanos.accumulate(nanos);
    }

    MetricsSnapshot.Timer snapshot() {
      return new MetricsSnapshot.Timer(
          count.sum(), Duration.ofNanos(totalNanos.sum()), Duration.ofNanos(maxNanos.get()));
    }

    private static long toNanos(Duration d) {
      try {
        return d.toNanos();
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
    }
  }

  /** Failures per second for the last 60 seconds, one bucket per second of the clock. */
  private static final class ErrorWindow {
    private static final int SECONDS = 60;
    private final Clock clock;
    private final AtomicLongArray second = new AtomicLongArray(SECONDS);
    private final AtomicLongArray count = new AtomicLongArray(SECONDS);

    ErrorWindow(Clock clock) {
      this.clock = clock;
      for (int i = 0; i < SECONDS; i++) {
        second.set(i, Long.MIN_VALUE);
      }
    }

    void record() {
      long now = Math.floorDiv(clock.millis(), 1000);
      int i = Math.floorMod(now, SECONDS);
      if (second.get(i) != now) {
        synchronized (this) {
          if (second.get(i) != now) {
            // Reset the count before claiming the bucket, so no add for this second is lost.
            count.set(i, 0);
            second.set(i, now);
          }
        }
      }
      count.incrementAndGet(i);
    }

    long lastMinute() {
      long now = Math.floorDiv(clock.millis(), 1000);
      long sum = 0;
      for (int i = 0; i < SECONDS; i++) {
        long s = second.get(i);
        if (s > now - SECONDS && s <= now) {
          sum += count.get(i);
        }
      }
      return sum;
    }
  }
}
