package io.mediaflow.internal.rule.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The grid {@code anchor + k × every} (k ≥ 0) of an interval trigger. */
final class IntervalFireTimes implements FireTimes {

  private final Instant anchor;
  private final Duration every;
  private final String description;

  IntervalFireTimes(Instant anchor, Duration every, boolean anchored) {
    this.anchor = anchor;
    this.every = every;
    this.description =
        "every " + english(every) + (anchored ? ", on the grid through " + anchor : "");
  }

  @Override
  public Optional<Instant> nextAfter(Instant after) {
    if (after.isBefore(anchor)) {
      return Optional.of(anchor);
    }
    long k = Duration.between(anchor, after).dividedBy(every) + 1;
    return Optional.of(anchor.plus(every.multipliedBy(k)));
  }

  /** The last slot at or before {@code at}; empty before the anchor. Arithmetic, no walk. */
  Optional<Instant> latestAtOrBefore(Instant at) {
    if (at.isBefore(anchor)) {
      return Optional.empty();
    }
    long k = Duration.between(anchor, at).dividedBy(every);
    return Optional.of(anchor.plus(every.multipliedBy(k)));
  }

  @Override
  public String describe() {
    return description;
  }

  /** "1 hour 30 minutes", "5 seconds", "2 days": the parts of {@code d} that are not zero. */
  static String english(Duration d) {
    List<String> parts = new ArrayList<>();
    add(parts, d.toDaysPart(), "day");
    add(parts, d.toHoursPart(), "hour");
    add(parts, d.toMinutesPart(), "minute");
    add(parts, d.toSecondsPart(), "second");
    add(parts, d.toMillisPart(), "millisecond");
    return parts.isEmpty() ? "0 seconds" : String.join(" ", parts);
  }

  private static void add(List<String> parts, long value, String unit) {
    if (value != 0) {
      parts.add(value + " " + unit + (value == 1 ? "" : "s"));
    }
  }

  @Override
  public String toString() {
    return "interval(" + description + ")";
  }
}
