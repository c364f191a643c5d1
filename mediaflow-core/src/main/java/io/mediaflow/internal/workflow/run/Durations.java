package io.mediaflow.internal.workflow.run;

import io.mediaflow.api.MediaFlowException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the durations of a run's definition as the workflow reader does ({@code 500ms}, {@code
 * 1h30m}, {@code 3d}), and ISO-8601 ({@code PT1H}).
 */
final class Durations {

  private Durations() {}

  static Duration parse(String text, String where) {
    String t = text.trim();
    Optional<Duration> d = io.mediaflow.internal.workflow.Durations.parse(t);
    if (d.isPresent()) {
      return d.get();
    }
    try {
      return Duration.parse(t);
    } catch (DateTimeParseException e) {
      throw new MediaFlowException(
          RunErrors.INVALID_RUN,
          where + ": \"" + text + "\" is not a duration",
          "write " + io.mediaflow.internal.workflow.Durations.EXPECTED);
    }
  }
}
