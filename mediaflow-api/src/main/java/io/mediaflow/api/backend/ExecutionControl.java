package io.mediaflow.api.backend;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/** What the caller gives a running invocation: a place for progress, a cancel flag, a limit. */
public interface ExecutionControl {

  /** Receives progress; called from the backend's own thread. Must not block. */
  void progress(Progress progress);

  /** Checked while running: when true, the backend stops the process and fails with CANCELLED. */
  boolean isCancelled();

  /** The longest the invocation may run before it is stopped and fails with TIMEOUT. */
  default Optional<Duration> timeout() {
    return Optional.empty();
  }

  /**
   * The CPU cores the engine admitted this run with; a backend sizes its threads to them so that
   * runs at once share the cores instead of oversubscribing them. Empty: the backend's defaults.
   */
  default OptionalDouble cpuCores() {
    return OptionalDouble.empty();
  }

  /**
   * Adds a line to the job's log: what a person should know about how the run went (an encoder that
   * failed and the one used instead). The default drops it.
   *
   * @param level {@code INFO} or {@code WARN}
   */
  default void log(String level, String message) {}

  /** No progress, no cancel, no timeout. */
  static ExecutionControl none() {
    return new ExecutionControl() {
      @Override
      public void progress(Progress progress) {}

      @Override
      public boolean isCancelled() {
        return false;
      }
    };
  }
}
