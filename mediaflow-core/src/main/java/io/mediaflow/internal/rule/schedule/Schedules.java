package io.mediaflow.internal.rule.schedule;

import io.mediaflow.api.rule.CronSyntax;
import io.mediaflow.api.rule.ScheduleTrigger;
import java.time.Instant;
import java.util.Optional;

/** Compiles schedule triggers into their {@link FireTimes} (cron through cron-utils). */
public final class Schedules {

  private Schedules() {}

  /**
   * The slots of {@code trigger}.
   *
   * @param registeredAt where an interval trigger without an anchor starts its grid
   * @throws io.mediaflow.api.MediaFlowException {@code INVALID_CRON} for an expression its syntax
   *     does not read, with the reason
   */
  public static FireTimes compile(ScheduleTrigger trigger, Instant registeredAt) {
    throw new UnsupportedOperationException("schedules: not yet");
  }

  /** Why {@code expression} is not a valid cron expression of {@code syntax}; empty when it is. */
  public static Optional<String> problem(String expression, CronSyntax syntax) {
    throw new UnsupportedOperationException("schedules: not yet");
  }
}
