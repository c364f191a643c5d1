package io.mediaflow.api.job;

import java.time.Duration;
import java.util.Optional;

/**
 * How far a running job has come.
 *
 * @param percent 0 to 100
 * @param step the current step, such as {@code probe}, {@code plan}, {@code inv0}
 * @param eta time left, when known
 */
public record JobProgress(double percent, String step, Optional<Duration> eta) {

  public static final JobProgress NONE = new JobProgress(0, "", Optional.empty());

  public JobProgress {
    if (!(percent >= 0 && percent <= 100)) {
      throw new IllegalArgumentException("percent must be between 0 and 100 but was " + percent);
    }
    step = step == null ? "" : step;
    eta = eta == null ? Optional.empty() : eta;
  }

  /** Reads as {@code 40% inv0, 12s left}, or {@code 40% inv0} while the time left is unknown. */
  @Override
  public String toString() {
    String done = ((long) percent + "% " + step).strip();
    return eta.map(d -> done + ", " + ((d.toMillis() + 999) / 1000) + "s left").orElse(done);
  }
}
