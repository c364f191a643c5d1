package io.mediaflow;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * How the engine is: the worst of its checks, and each check with its reason.
 *
 * @param status {@link Status#HEALTHY} when every check is, else the worst one's status
 * @param checks every check that ran, in a fixed order
 */
public record Health(Status status, List<HealthCheck.Result> checks) {

  /** From best to worst. */
  public enum Status {
    /** Working as it should. */
    HEALTHY,
    /** Working, but something needs attention (old jobs waiting, a worker missing). */
    DEGRADED,
    /** Not doing its work (storage unreachable, no media backend, no workers, a huge backlog). */
    UNHEALTHY
  }

  public Health {
    Objects.requireNonNull(status, "status");
    checks = List.copyOf(checks);
  }

  /** The health the checks add up to: the worst status among them, healthy when there are none. */
  public static Health of(List<HealthCheck.Result> checks) {
    Status worst =
        checks.stream()
            .map(HealthCheck.Result::status)
            .max(Comparator.naturalOrder())
            .orElse(Status.HEALTHY);
    return new Health(worst, checks);
  }

  /** Whether the status is {@link Status#HEALTHY}. */
  public boolean isHealthy() {
    return status == Status.HEALTHY;
  }
}
