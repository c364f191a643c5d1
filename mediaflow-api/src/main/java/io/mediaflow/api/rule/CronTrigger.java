package io.mediaflow.api.rule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Objects;

/**
 * Fires at the times of a cron expression in a time zone.
 *
 * <p><b>Daylight saving time.</b> Slots are computed in local time of {@code zone}. A local time
 * that does not exist on a spring-forward day (02:30 in a gap from 02:00 to 03:00) fires once, at
 * the first instant after the gap (03:00 local); a local time that exists twice on a fall-back day
 * (01:30 when 02:00 falls back to 01:00) fires once, at its first (daylight) occurrence.
 * Expressions that step through every hour or minute fire at each real instant that matches, so an
 * hourly trigger fires 23 times on a spring-forward day and 25 on a fall-back day. An expression
 * steps at a local time when it also matches the same wall time one hour or one minute away ({@code
 * docs/schedules.md} gives the corner cases).
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

  /** Every hour on the hour, in UTC: {@code 0 * * * *}. */
  public static CronTrigger hourly() {
    return unix("0 * * * *");
  }

  /**
   * Every day at {@code time} in {@code zone}: {@code 30 9 * * *} for 09:30, or Quartz {@code 15 30
   * 9 * * ?} when {@code time} has seconds.
   *
   * @throws IllegalArgumentException when {@code time} has a fraction of a second
   */
  public static CronTrigger dailyAt(LocalTime time, ZoneId zone) {
    return preset(time, zone, "*", "*", "*", "?");
  }

  /**
   * Monday to Friday at {@code time} in {@code zone}: {@code 0 9 * * 1-5}, or Quartz {@code s m h ?
   * * MON-FRI} when {@code time} has seconds.
   *
   * @throws IllegalArgumentException when {@code time} has a fraction of a second
   */
  public static CronTrigger weekdaysAt(LocalTime time, ZoneId zone) {
    return preset(time, zone, "*", "1-5", "?", "MON-FRI");
  }

  /**
   * Every week on {@code day} at {@code time} in {@code zone}: {@code 0 9 * * 1} for Monday 09:00
   * (Sunday is 0), or Quartz {@code s m h ? * MON} when {@code time} has seconds.
   *
   * @throws IllegalArgumentException when {@code time} has a fraction of a second
   */
  public static CronTrigger weeklyOn(DayOfWeek day, LocalTime time, ZoneId zone) {
    Objects.requireNonNull(day, "day");
    String name = day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toUpperCase(Locale.ROOT);
    return preset(time, zone, "*", String.valueOf(day.getValue() % 7), "?", name);
  }

  /**
   * Every month on day {@code dayOfMonth} at {@code time} in {@code zone}: {@code 0 9 15 * *}, or
   * Quartz {@code s m h 15 * ?} when {@code time} has seconds. A month without that day (the 31st
   * in April, the 30th in February) has no slot; for the last day of every month write Quartz
   * {@code 0 0 9 L * ?}.
   *
   * @param dayOfMonth 1 to 31
   * @throws IllegalArgumentException when {@code dayOfMonth} is out of range or {@code time} has a
   *     fraction of a second
   */
  public static CronTrigger monthlyOn(int dayOfMonth, LocalTime time, ZoneId zone) {
    if (dayOfMonth < 1 || dayOfMonth > 31) {
      throw new IllegalArgumentException(
          "dayOfMonth must be between 1 and 31 but was " + dayOfMonth);
    }
    String day = String.valueOf(dayOfMonth);
    return preset(time, zone, day, "*", day, "?");
  }

  /** A Unix expression for a time in whole minutes, a Quartz one when it has seconds. */
  private static CronTrigger preset(
      LocalTime time,
      ZoneId zone,
      String unixDayOfMonth,
      String unixDayOfWeek,
      String quartzDayOfMonth,
      String quartzDayOfWeek) {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(zone, "zone");
    if (time.getNano() != 0) {
      throw new IllegalArgumentException(
          "a cron time is whole seconds, but " + time + " has a fraction of a second");
    }
    String minuteHour = time.getMinute() + " " + time.getHour();
    if (time.getSecond() == 0) {
      return of(minuteHour + " " + unixDayOfMonth + " * " + unixDayOfWeek, CronSyntax.UNIX, zone);
    }
    return of(
        time.getSecond() + " " + minuteHour + " " + quartzDayOfMonth + " * " + quartzDayOfWeek,
        CronSyntax.QUARTZ,
        zone);
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
