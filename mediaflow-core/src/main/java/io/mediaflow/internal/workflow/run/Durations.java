package io.mediaflow.internal.workflow.run;

import io.mediaflow.api.MediaFlowException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the durations of workflow JSON: {@code 500ms}, {@code 10s}, {@code 30m}, {@code 1h}, {@code 3d}, or ISO-8601 ({@code PT1H}). */
final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");

  private Durations() {}

  static Duration parse(String text, String where) {
    String t = text.trim();
    Matcher m = SHORT.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(t);
    } catch (DateTimeParseException e) {
      throw new MediaFlowException(
          RunErrors.INVALID_RUN,
          where + ": \"" + text + "\" is not a duration",
          "write a duration as 500ms, 10s, 30m, 1h, 3d or ISO-8601 (PT1H)");
    }
  }
}
