package io.mediaflow;

import java.time.Clock;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The engine's eight metrics. The engine reports to one instance; {@link #snapshot()} reads them
 * back.
 *
 * <table>
 *   <caption>Metrics</caption>
 *   <tr><th>name</th><th>kind</th><th>meaning</th></tr>
 *   <tr><td>{@value #EXECUTIONS}</td><td>counter</td><td>executions started (each attempt of a job
 *       counts), tag {@code type}</td></tr>
 *   <tr><td>{@value #DURATION}</td><td>timer</td><td>time from start to finish of an execution,
 *       tags {@code type} and {@code outcome} ({@code success}, {@code failure})</td></tr>
 *   <tr><td>{@value #SUCCESS_RATE}</td><td>gauge</td><td>successes / finished executions since
 *       start, 0..1; NaN before the first one finishes</td></tr>
 *   <tr><td>{@value #STEP_DURATION}</td><td>timer</td><td>time of one step of a job or workflow,
 *       tag {@code step}</td></tr>
 *   <tr><td>{@value #QUEUE_DEPTH}</td><td>gauge</td><td>jobs due and waiting for a worker</td></tr>
 *   <tr><td>{@value #WORKER_UTILIZATION}</td><td>gauge</td><td>busy workers / workers, 0..1</td>
 *       </tr>
 *   <tr><td>{@value #RETRY_COUNT}</td><td>counter</td><td>retries scheduled, tag {@code type}</td>
 *       </tr>
 *   <tr><td>{@value #ERROR_RATE}</td><td>gauge</td><td>failed executions in the last 60 seconds
 *       (errors per minute)</td></tr>
 * </table>
 *
 * <p>Without Micrometer, {@link #inLibrary()} keeps them in memory. With Micrometer, {@link
 * #micrometer(Object)} also registers them in the host's {@code MeterRegistry}. Calls are cheap
 * (striped counters, no locks) and safe from any thread.
 */
public interface Metrics {

  String EXECUTIONS = "workflow.executions";
  String DURATION = "workflow.duration";
  String SUCCESS_RATE = "workflow.success_rate";
  String STEP_DURATION = "step.duration";
  String QUEUE_DEPTH = "queue.depth";
  String WORKER_UTILIZATION = "worker.utilization";
  String RETRY_COUNT = "retry.count";
  String ERROR_RATE = "error.rate";

  /** An execution of a job of {@code type} started. */
  void jobStarted(String type);

  /** An execution of a job of {@code type} finished after {@code took}. */
  void jobFinished(String type, Duration took, boolean success);

  /** A step ({@code probe}, {@code encode}, a workflow node) finished after {@code took}. */
  void stepFinished(String step, Duration took);

  /** A job of {@code type} was scheduled for another attempt. */
  void retried(String type);

  /** Where {@value #QUEUE_DEPTH} is read from; replaces an earlier source. */
  void queueDepth(LongSupplier depth);

  /** Where {@value #WORKER_UTILIZATION} is read from (0..1); replaces an earlier source. */
  void workerUtilization(DoubleSupplier utilization);

  /** The current values. */
  MetricsSnapshot snapshot();

  /** Metrics kept in memory, with the system clock for {@value #ERROR_RATE}. */
  static Metrics inLibrary() {
    return inLibrary(Clock.systemUTC());
  }

  /** Metrics kept in memory; {@code clock} times the {@value #ERROR_RATE} window. */
  static Metrics inLibrary(Clock clock) {
    return new InLibraryMetrics(clock);
  }

  /**
   * Metrics registered in a Micrometer {@code MeterRegistry} (and kept in memory for {@link
   * #snapshot()}).
   *
   * @param meterRegistry an {@code io.micrometer.core.instrument.MeterRegistry}; typed {@code
   *     Object} so that mediaflow does not need Micrometer unless the host has it
   * @throws IllegalStateException when Micrometer is not on the class path
   * @throws IllegalArgumentException when {@code meterRegistry} is not a {@code MeterRegistry}
   */
  static Metrics micrometer(Object meterRegistry) {
    return micrometer(meterRegistry, Clock.systemUTC());
  }

  /** Like {@link #micrometer(Object)}, with a clock for the {@value #ERROR_RATE} window. */
  static Metrics micrometer(Object meterRegistry, Clock clock) {
    return MicrometerSupport.create(meterRegistry, clock, Metrics.class.getClassLoader());
  }
}
