package io.mediaflow.api.rule;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Fires at the times of a cron expression in a time zone.
 *
 * <p><b>Daylight saving time.</b> Slots are computed in local time of {@code zone}. A local time
 * that does not exist on a spring-forward day (02:30 in a gap from 02:00 to 03:00) fires once, at
 * the first instant after the gap (03:00 local); a local time that exists twice on a fall-back day
 * (01:30 when 02:00 falls back to 01:00) fires once, at its first (daylight) occurrence.
 * Expressions that step through every hour or minute fire at each real instant that matches, so an
 * hourly trigger fires 23 times on a spring-forward day and 25 on a fall-back day.
 *
 * @param expression the cron expression, in {@code syntax}
 * @param syntax its dialect
 * @param zone the time zone its fields are read in; default UTC
 * @param misfire what to do with slots missed during downtime
 * @param catchUpWindow how old a missed slot may be and still fire
 */
public record CronTrigger(
    String expression,
    CronSyntax syntax,
    ZoneId zone,
    MisfirePolicy misfire,
    Duration catchUpWindow)
    implements ScheduleTrigger {

  public CronTrigger {
    Objects.requireNonNull(expression, "expression");
    syntax = syntax == null ? CronSyntax.UNIX : syntax;
    zone = zone == null ? ZoneId.of("UTC") : zone;
    misfire = misfire == null ? MisfirePolicy.FIRE_ONCE : misfire;
    catchUpWindow = catchUpWindow == null ? DEFAULT_CATCH_UP_WINDOW : catchUpWindow;
    if (catchUpWindow.isNegative()) {
      throw new IllegalArgumentException("catchUpWindow must not be negative: " + catchUpWindow);
    }
  }

  /** A Unix (five-field) expression in UTC, with the default misfire policy. */
  public static CronTrigger unix(String expression) {
    return new CronTrigger(expression, CronSyntax.UNIX, null, null, null);
  }

  /** An expression of {@code syntax} in {@code zone}, with the default misfire policy. */
  public static CronTrigger of(String expression, CronSyntax syntax, ZoneId zone) {
    return new CronTrigger(expression, syntax, zone, null, null);
  }

  /** This trigger in another zone. */
  public CronTrigger inZone(ZoneId value) {
    return new CronTrigger(expression, syntax, value, misfire, catchUpWindow);
  }

  /** This trigger with another misfire policy and catch-up window. */
  public CronTrigger withMisfire(MisfirePolicy policy, Duration window) {
    return new CronTrigger(expression, syntax, zone, policy, window);
  }
}
