package io.mediaflow.api.backend;

import java.time.Duration;
import java.util.Optional;

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
