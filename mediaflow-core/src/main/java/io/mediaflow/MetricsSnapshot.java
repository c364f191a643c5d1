package io.mediaflow;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The engine's metrics at one moment; {@link Metrics} says what each means.
 *
 * @param executions {@value Metrics#EXECUTIONS}: executions started
 * @param duration {@value Metrics#DURATION}: executions finished and their times
 * @param successRate {@value Metrics#SUCCESS_RATE}: 0..1, NaN before any execution finished
 * @param stepDuration {@value Metrics#STEP_DURATION}: all steps together
 * @param queueDepth {@value Metrics#QUEUE_DEPTH}: 0 when no source was given
 * @param workerUtilization {@value Metrics#WORKER_UTILIZATION}: 0..1, 0 when no source was given
 * @param retries {@value Metrics#RETRY_COUNT}
 * @param errorRate {@value Metrics#ERROR_RATE}: failed executions in the last 60 seconds
 * @param byType counts per job type
 * @param bySteps times per step name
 */
public record MetricsSnapshot(
    long executions,
    Timer duration,
    double successRate,
    Timer stepDuration,
    long queueDepth,
    double workerUtilization,
    long retries,
    double errorRate,
    Map<String, TypeCounts> byType,
    Map<String, Timer> bySteps) {

  public MetricsSnapshot {
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(stepDuration, "stepDuration");
    byType = Map.copyOf(byType);
    bySteps = Map.copyOf(bySteps);
  }

  /**
   * Recorded times.
   *
   * @param count how many
   * @param total their sum
   * @param max the longest
   */
  public record Timer(long count, Duration total, Duration max) {

    public static final Timer EMPTY = new Timer(0, Duration.ZERO, Duration.ZERO);

    /** The average; zero when nothing was recorded. */
    public Duration mean() {
      return count == 0 ? Duration.ZERO : total.dividedBy(count);
    }
  }

  /**
   * Counts for one job type.
   *
   * @param started executions started
   * @param succeeded executions that succeeded
   * @param failed executions that failed
   * @param retried retries scheduled
   */
  public record TypeCounts(long started, long succeeded, long failed, long retried) {}
}
