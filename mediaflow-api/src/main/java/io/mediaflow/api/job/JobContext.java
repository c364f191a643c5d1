package io.mediaflow.api.job;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * What a running attempt may use: its job, progress reporting, the cancel flag, a job log, the
 * engine's clock, stage timing and circuit breakers. Handed to a {@link JobHandler}; valid only
 * while that attempt runs.
 */
public interface JobContext {

  /** The job as it was claimed (state PROCESSING, attempts already counted). */
  Job job();

  /**
   * Reports how far the attempt has come; cheap to call often (the engine throttles what it stores
   * and publishes).
   *
   * @param percent 0 to 100
   * @param step the current step, such as {@code download}
   */
  void progress(double percent, String step);

  /**
   * Reports progress with an estimate of the time left, as a media job's FFmpeg run can tell it; it
   * appears in {@link JobProgress#eta()}. Contexts that keep no estimate report the rest.
   *
   * @param percent 0 to 100
   * @param step the current step, such as {@code execute}
   * @param eta time left for the whole attempt, when known
   */
  default void progress(double percent, String step, Optional<Duration> eta) {
    progress(percent, step);
  }

  /**
   * True once the attempt must stop: the job was cancelled, timed out, its lease was lost, or the
   * engine is shutting down. Whatever the handler returns after that is dropped.
   */
  boolean isCancelled();

  /**
   * Appends a line to the job's log ({@code INFO}, {@code WARN}, {@code ERROR}, …), after a line
   * saying which attempt this is. Secrets are masked and a very long line is cut; a line the store
   * cannot take is dropped rather than failing the attempt.
   */
  void log(String level, String message);

  /** The engine's clock: use it instead of {@code Instant.now()}. */
  Clock clock();

  /**
   * Times a stage of the attempt; its start, end and error code appear in {@link Job#stages()}.
   *
   * {@snippet :
   * try (JobContext.Stage s = ctx.stage("upload")) {
   *   upload();
   * }
   * }
   */
  Stage stage(String name);

  /**
   * Runs {@code call} under the circuit breaker named {@code key} (an operator, an action or a
   * remote host). When the breaker is open the call is not made and the attempt fails at once with
   * {@link JobErrorCodes#CIRCUIT_OPEN}, which is retried later.
   */
  <T> T withCircuitBreaker(String key, Callable<T> call) throws Exception;

  /**
   * Registers what to give back if the engine gives up on this handler: a handler that ignores its
   * timeout and its cancel for longer than the timeout grace keeps its thread, but the engine
   * records the attempt as timed out and runs {@code release} then, so that what the handler holds
   * for others (a share of the CPU budget, a slot) is not lost with it. {@code release} must be
   * idempotent and quick; the handler should also run it itself when it ends. The default, for
   * contexts outside an engine, does nothing.
   *
   * {@snippet :
   * Runnable free = slots.acquire();
   * ctx.onAbandon(free);
   * try { work(); } finally { free.run(); }
   * }
   */
  default void onAbandon(Runnable release) {}

  /** A running stage; closing it records its end. */
  interface Stage extends AutoCloseable {

    /** Marks the stage failed with an error code; it is still ended by {@link #close()}. */
    void failed(String errorCode);

    @Override
    void close();
  }
}
