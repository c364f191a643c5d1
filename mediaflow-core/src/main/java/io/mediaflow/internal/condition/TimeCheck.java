package io.mediaflow.internal.condition;

import static io.mediaflow.internal.spec.JsonPaths.field;
import static io.mediaflow.internal.spec.JsonPaths.index;

import io.mediaflow.api.Violation;
import io.mediaflow.api.condition.ConditionErrors;
import io.mediaflow.api.condition.TimeCondition;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A time condition compiled: its values read once (a time of day, or an instant in the zone), the
 * clock read at each evaluation.
 */
final class TimeCheck implements Check {

  private static final Set<DayOfWeek> WORK_DAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

  private static final Set<DayOfWeek> WEEKEND = EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);

  private final TimeCondition.Operator op;
  private final ZoneId zone;

  /** Times of day, when the values are times of day; else null. */
  private final LocalTime[] times;

  /** Instants, when the values are dates, date-times or instants; else null. */
  private final Instant[] instants;

  private final Set<DayOfWeek> days;

  private TimeCheck(
      TimeCondition.Operator op,
      ZoneId zone,
      LocalTime[] times,
      Instant[] instants,
      Set<DayOfWeek> days) {
    this.op = op;
    this.zone = zone;
    this.times = times;
    this.instants = instants;
    this.days = days;
  }

  /** The check, or null with the problems added at {@code path}. */
  static TimeCheck compile(TimeCondition c, String path, List<Violation> out) {
    int before = out.size();
    ZoneId zone = zone(c.timezone(), path, out);
    List<String> values = c.values();
    int wanted =
        switch (c.operator()) {
          case BEFORE, AFTER -> 1;
          case BETWEEN -> 2;
          default -> -1;
        };
    if (wanted > 0 && values.size() != wanted) {
      out.add(
          invalid(
              field(path, "value"),
              c.operator().jsonName()
                  + " needs "
                  + (wanted == 1 ? "one value" : "two values (from, to)")
                  + " but has "
                  + values.size(),
              wanted == 1
                  ? "write \"value\": \"18:00\" (a time of day) or \"2026-12-24T18:00:00Z\""
                  : "write \"value\": {\"from\": \"09:00\", \"to\": \"17:00\"}"));
      return null;
    }
    if (c.operator() == TimeCondition.Operator.WEEKEND && !values.isEmpty()) {
      out.add(invalid(field(path, "value"), "weekend takes no value", "remove \"value\""));
      return null;
    }
    if (c.operator() == TimeCondition.Operator.WEEKDAY) {
      Set<DayOfWeek> days = values.isEmpty() ? WORK_DAYS : EnumSet.noneOf(DayOfWeek.class);
      for (int i = 0; i < values.size(); i++) {
        DayOfWeek d = day(values.get(i));
        if (d == null) {
          out.add(
              invalid(
                  index(field(path, "value"), i),
                  "\"" + Coercion.abbreviate(values.get(i)) + "\" is not a day of the week",
                  "use monday ... sunday, or mon ... sun"));
        } else {
          days.add(d);
        }
      }
      return out.size() != before ? null : new TimeCheck(c.operator(), zone, null, null, days);
    }
    if (c.operator() == TimeCondition.Operator.WEEKEND) {
      return zone == null ? null : new TimeCheck(c.operator(), zone, null, null, WEEKEND);
    }
    LocalTime[] times = new LocalTime[values.size()];
    Instant[] instants = new Instant[values.size()];
    int timesRead = 0;
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      String at =
          wanted == 1 ? field(path, "value") : field(field(path, "value"), i == 0 ? "from" : "to");
      times[i] = timeOfDay(v);
      if (times[i] != null) {
        timesRead++;
      } else if (zone != null) {
        instants[i] = instant(v, zone);
        if (instants[i] == null) {
          out.add(
              invalid(
                  at,
                  "\"" + Coercion.abbreviate(v) + "\" is not a time of day, a date or an instant",
                  "write 18:00, 2026-12-24, 2026-12-24T18:00 or 2026-12-24T17:00:00Z"));
        }
      }
    }
    if (out.size() != before) {
      return null;
    }
    if (timesRead != 0 && timesRead != values.size()) {
      out.add(
          invalid(
              field(path, "value"),
              "between mixes a time of day with a date or an instant",
              "give two times of day (09:00 to 17:00) or two instants"));
      return null;
    }
    return timesRead > 0
        ? new TimeCheck(c.operator(), zone, times, null, null)
        : new TimeCheck(c.operator(), zone, null, instants, null);
  }

  private static ZoneId zone(String id, String path, List<Violation> out) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      out.add(
          invalid(
              field(path, "timezone"),
              "\"" + Coercion.abbreviate(id) + "\" is not a time zone",
              "use an IANA zone such as Europe/Paris, or an offset such as +02:00"));
      return null;
    }
  }

  private static LocalTime timeOfDay(String v) {
    if (v.length() < 4 || v.length() > 12 || v.indexOf(':') < 1 || v.indexOf('-') >= 0) {
      return null;
    }
    try {
      return LocalTime.parse(v.length() == 4 ? "0" + v : v);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Instant instant(String v, ZoneId zone) {
    try {
      if (v.length() == 10) {
        return LocalDate.parse(v).atStartOfDay(zone).toInstant();
      }
      char last = v.charAt(v.length() - 1);
      if (last == 'Z' || last == 'z') {
        return Instant.parse(v.toUpperCase(Locale.ROOT));
      }
      if (v.length() > 10 && (v.indexOf('+', 10) > 0 || v.lastIndexOf('-') > 10)) {
        return OffsetDateTime.parse(v).toInstant();
      }
      return LocalDateTime.parse(v).atZone(zone).toInstant();
    } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
      return null;
    }
  }

  private static DayOfWeek day(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().equals(n) || (n.length() == 3 && d.name().startsWith(n))) {
        return d;
      }
    }
    return null;
  }

  private static Violation invalid(String path, String message, String suggestion) {
    return new Violation(path, ConditionErrors.CONDITION_INVALID, message, suggestion);
  }

  @Override
  public boolean test(EvalContext ctx) {
    Instant now = ctx.clock().instant();
    if (days != null) {
      return days.contains(ZonedDateTime.ofInstant(now, zone).getDayOfWeek());
    }
    if (times != null) {
      LocalTime t = ZonedDateTime.ofInstant(now, zone).toLocalTime();
      return switch (op) {
        case BEFORE -> t.isBefore(times[0]);
        case AFTER -> !t.isBefore(times[0]);
        default ->
            times[0].isAfter(times[1])
                ? !t.isBefore(times[0]) || t.isBefore(times[1]) // wraps midnight
                : !t.isBefore(times[0]) && t.isBefore(times[1]);
      };
    }
    return switch (op) {
      case BEFORE -> now.isBefore(instants[0]);
      case AFTER -> !now.isBefore(instants[0]);
      default -> !now.isBefore(instants[0]) && now.isBefore(instants[1]);
    };
  }
}
