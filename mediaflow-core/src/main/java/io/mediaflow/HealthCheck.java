package io.mediaflow;

import java.util.Objects;

/** One thing the engine's health depends on, such as the storage or the workers. */
@FunctionalInterface
public interface HealthCheck {

  /** Runs the check; must not throw (a failure is an {@link Health.Status#UNHEALTHY} result). */
  Result check();

  /**
   * What one check found.
   *
   * @param name what was checked: {@code storage}, {@code mediaBackend}, {@code backlog}, {@code
   *     oldestJob}, {@code workers}
   * @param status how it is
   * @param reason why, in words a person understands; also said when healthy ({@code 12 jobs
   *     waiting})
   */
  record Result(String name, Health.Status status, String reason) {
    public Result {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(status, "status");
      reason = reason == null ? "" : reason;
    }
  }
}
