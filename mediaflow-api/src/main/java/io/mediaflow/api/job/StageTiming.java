package io.mediaflow.api.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When one stage of a job ran.
 *
 * @param stage its name ({@code probe}, {@code plan}, {@code execute}, …)
 * @param startedAt when it began
 * @param endedAt when it ended, empty while running
 * @param error the error code it failed with, empty if none
 */
public record StageTiming(
    String stage, Instant startedAt, Optional<Instant> endedAt, Optional<String> error) {

  /** How long it took, or has taken until {@code now}. */
  public Duration duration(Instant now) {
    return Duration.between(startedAt, endedAt.orElse(now));
  }
}
