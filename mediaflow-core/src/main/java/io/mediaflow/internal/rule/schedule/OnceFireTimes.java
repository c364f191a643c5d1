package io.mediaflow.internal.rule.schedule;

import java.time.Instant;
import java.util.Optional;

/** The one slot of a one-time trigger. */
final class OnceFireTimes implements FireTimes {

  private final Instant at;

  OnceFireTimes(Instant at) {
    this.at = at;
  }

  @Override
  public Optional<Instant> nextAfter(Instant after) {
    return at.isAfter(after) ? Optional.of(at) : Optional.empty();
  }

  @Override
  public String describe() {
    return "once at " + at;
  }

  @Override
  public String toString() {
    return "once(" + at + ")";
  }
}
