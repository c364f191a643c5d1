package io.mediaflow.api.rule;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Fires once, at {@code at}. Missed during downtime, it fires when an engine starts if {@code
 * misfire} is not {@link MisfirePolicy#SKIP} and {@code at} is inside the catch-up window.
 *
 * @param at the one slot
 * @param misfire what to do if it was missed
 * @param catchUpWindow how old it may be and still fire
 */
public record OnceTrigger(Instant at, MisfirePolicy misfire, Duration catchUpWindow)
    implements ScheduleTrigger {

  public OnceTrigger {
    Objects.requireNonNull(at, "at");
    misfire = misfire == null ? MisfirePolicy.FIRE_ONCE : misfire;
    catchUpWindow = catchUpWindow == null ? DEFAULT_CATCH_UP_WINDOW : catchUpWindow;
    if (catchUpWindow.isNegative()) {
      throw new IllegalArgumentException("catchUpWindow must not be negative: " + catchUpWindow);
    }
  }

  /** Once at {@code at}, with the default misfire policy. */
  public static OnceTrigger at(Instant at) {
    return new OnceTrigger(at, null, null);
  }
}
