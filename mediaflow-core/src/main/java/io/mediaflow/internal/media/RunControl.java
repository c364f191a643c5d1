package io.mediaflow.internal.media;

import io.mediaflow.api.backend.Progress;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;

/**
 * What the one who runs a {@link MediaPipeline} decides: the engine times stages, runs remote calls
 * under circuit breakers and reports progress on the job; the command line does none of that and
 * only says when the person pressed Ctrl-C. Every method but {@link #isCancelled} has a default
 * that does nothing more than run the work.
 */
public interface RunControl {

  /** Whether the run should stop; asked between steps and polled while a program runs. */
  boolean isCancelled();

  /** Runs one step of the pipeline ({@code download}, {@code probe}, …). */
  default <T> T stage(String name, Callable<T> work) throws Exception {
    return work.call();
  }

  /**
   * Runs a call under the circuit breaker named {@code key} ({@code host:…}, {@code backend:…}).
   */
  default <T> T guarded(String key, Callable<T> call) throws Exception {
    return call.call();
  }

  /** A step before or after execution is done: {@code probe}, {@code plan} or {@code verify}. */
  default void reached(String step) {}

  /** The progress of the execution, 0 to 100 over every invocation of the plan. */
  default void progress(Progress progress) {}

  /**
   * A line for the job's own log: what was probed and planned, each command run (redact it: the
   * engine's does), the outputs written. The engine keeps it with the job; the command line drops
   * it (it prints what it needs itself).
   *
   * @param level {@code INFO}, {@code WARN} or {@code ERROR}
   */
  default void log(String level, String message) {}

  /**
   * The CPU cores the run was admitted with, which the backend sizes its threads to; empty when no
   * admission applies (the backend's own defaults).
   */
  default OptionalDouble cpuCores() {
    return OptionalDouble.empty();
  }
}
