package io.mediaflow.internal.workflow;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form of durations in workflows: one or more amounts with a unit, largest first, such as
 * {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h30m} or {@code 3d}.
 */
public final class Durations {

  private static final Pattern WHOLE = Pattern.compile("(?:[0-9]{1,9}(?:ms|s|m|h|d))+");
  private static final Pattern PART = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

  /** How a message describes the form. */
  public static final String EXPECTED = "a duration such as \"30s\", \"10m\", \"1h30m\" or \"3d\"";

  private Durations() {}

  /** The duration a text stands for; empty when it is not of the form. */
  public static Optional<Duration> parse(String text) {
    if (!WHOLE.matcher(text).matches()) {
      return Optional.empty();
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(text);
    while (m.find()) {
      long amount = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
              });
    }
    return Optional.of(total);
  }

  /**
   * The canonical text of a duration: largest units first, zero parts left out ({@code 1h30m}),
   * {@code 0s} for zero. Sub-millisecond parts are dropped.
   */
  public static String format(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("a workflow duration is never negative but was " + d);
    }
    StringBuilder text = new StringBuilder();
    append(text, d.toDays(), "d");
    append(text, d.toHoursPart(), "h");
    append(text, d.toMinutesPart(), "m");
    append(text, d.toSecondsPart(), "s");
    append(text, d.toMillisPart(), "ms");
    return text.length() == 0 ? "0s" : text.toString();
  }

  private static void append(StringBuilder text, long amount, String unit) {
    if (amount != 0) {
      text.append(amount).append(unit);
    }
  }
}
