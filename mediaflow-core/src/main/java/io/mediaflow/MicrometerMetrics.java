package io.mediaflow;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Reports to a Micrometer registry as well as to an {@link InLibraryMetrics}, which keeps {@link
 * #snapshot()} and computes the derived gauges. Loaded only when Micrometer is present ({@link
 * MicrometerSupport}).
 */
final class MicrometerMetrics implements Metrics {

  private final MeterRegistry registry;
  private final InLibraryMetrics inner;
  private final ConcurrentHashMap<String, Counter> executions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> retries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Timer> successes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Timer> failures = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Timer> steps = new ConcurrentHashMap<>();

  private MicrometerMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.inner = new InLibraryMetrics(clock);
    Gauge.builder(SUCCESS_RATE, inner, InLibraryMetrics::successRate)
        .description("successful / finished executions")
        .strongReference(true)
        .register(registry);
    Gauge.builder(ERROR_RATE, inner, InLibraryMetrics::errorRate)
        .description("failed executions in the last 60 seconds")
        .baseUnit("errors per minute")
        .strongReference(true)
        .register(registry);
    Gauge.builder(QUEUE_DEPTH, inner, m -> m.currentQueueDepth())
        .description("jobs due and waiting for a worker")
        .strongReference(true)
        .register(registry);
    Gauge.builder(WORKER_UTILIZATION, inner, InLibraryMetrics::currentUtilization)
        .description("busy workers / workers")
        .strongReference(true)
        .register(registry);
  }

  static Metrics create(Object registry, Clock clock) {
    return new MicrometerMetrics((MeterRegistry) registry, clock);
  }

  @Override
  public void jobStarted(String type) {
    inner.jobStarted(type);
    executions
        .computeIfAbsent(
            type,
            t ->
                Counter.builder(EXECUTIONS)
                    .description("executions started")
                    .tag("type", t)
                    .register(registry))
        .increment();
  }

  @Override
  public void jobFinished(String type, Duration took, boolean success) {
    inner.jobFinished(type, took, success);
    ConcurrentHashMap<String, Timer> timers = success ? successes : failures;
    timers
        .computeIfAbsent(
            type,
            t ->
                Timer.builder(DURATION)
                    .description("time of an execution")
                    .tag("type", t)
                    .tag("outcome", success ? "success" : "failure")
                    .register(registry))
        .record(took);
  }

  @Override
  public void stepFinished(String step, Duration took) {
    inner.stepFinished(step, took);
    steps
        .computeIfAbsent(
            step,
            s ->
                Timer.builder(STEP_DURATION)
                    .description("time of a step")
                    .tag("step", s)
                    .register(registry))
        .record(took);
  }

  @Override
  public void retried(String type) {
    inner.retried(type);
    retries
        .computeIfAbsent(
            type,
            t ->
                Counter.builder(RETRY_COUNT)
                    .description("retries scheduled")
                    .tag("type", t)
                    .register(registry))
        .increment();
  }

  @Override
  public void queueDepth(LongSupplier depth) {
    inner.queueDepth(depth);
  }

  @Override
  public void workerUtilization(DoubleSupplier utilization) {
    inner.workerUtilization(utilization);
  }

  @Override
  public MetricsSnapshot snapshot() {
    return inner.snapshot();
  }
}
