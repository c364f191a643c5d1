package io.mediaflow.api.rule;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Fires every {@code every}, on the grid {@code anchor + k × every} (k ≥ 0); without an anchor the
 * grid starts when the rule is first registered.
 *
 * @param every at least one second
 * @param anchor a slot of the grid, if the grid must line up with a time
 * @param misfire what to do with slots missed during downtime
 * @param catchUpWindow how old a missed slot may be and still fire
 */
public record IntervalTrigger(
    Duration every, Optional<Instant> anchor, MisfirePolicy misfire, Duration catchUpWindow)
    implements ScheduleTrigger {

  public IntervalTrigger {
    Objects.requireNonNull(every, "every");
    if (every.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("an interval must be at least one second: " + every);
    }
    anchor = anchor == null ? Optional.empty() : anchor;
    misfire = misfire == null ? MisfirePolicy.FIRE_ONCE : misfire;
    catchUpWindow = catchUpWindow == null ? DEFAULT_CATCH_UP_WINDOW : catchUpWindow;
    if (catchUpWindow.isNegative()) {
      throw new IllegalArgumentException("catchUpWindow must not be negative: " + catchUpWindow);
    }
  }

  /** Every {@code every}, from registration, with the default misfire policy. */
  public static IntervalTrigger every(Duration every) {
    return new IntervalTrigger(every, Optional.empty(), null, null);
  }
}
