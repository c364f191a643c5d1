package io.mediaflow.internal.template;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/** What a value means as a point in time, for {@code date} and {@code {{date:...}}}. */
final class Dates {

  static final String ACCEPTED =
      "give an ISO-8601 instant (\"2026-03-01T12:00:00Z\"), a date (\"2026-03-01\"), a local date"
          + " and time, or epoch milliseconds";

  private Dates() {}

  /** The instant a value names: an instant, text in ISO-8601, or epoch milliseconds. */
  static Instant instant(Object v, Env env, Expr expr) {
    return zoned(v, ZoneOffset.UTC, env, expr).toInstant();
  }

  /**
   * The value as a date and time in {@code zone}: instants are moved into it, a local date or date
   * and time (which names no zone) is read as being in it.
   */
  static ZonedDateTime zoned(Object v, ZoneId zone, Env env, Expr expr) {
    try {
      if (v instanceof Instant i) {
        return i.atZone(zone);
      }
      if (v instanceof Number n && !(n instanceof Double d && !Double.isFinite(d))) {
        return Instant.ofEpochMilli(n.longValue()).atZone(zone);
      }
      if (v instanceof ZonedDateTime z) {
        return z.withZoneSameInstant(zone);
      }
      if (v instanceof OffsetDateTime o) {
        return o.atZoneSameInstant(zone);
      }
      if (v instanceof LocalDateTime l) {
        return l.atZone(zone);
      }
      if (v instanceof LocalDate d) {
        return d.atStartOfDay(zone);
      }
      if (v instanceof String s && !s.isEmpty() && s.length() <= 64) {
        return parse(s.trim(), zone);
      }
    } catch (DateTimeException | ArithmeticException e) {
      // out of range or not a date: the same answer as any other value that is no date
    }
    String what = v instanceof TemporalAccessor ? v.getClass().getSimpleName() : Texts.describe(v);
    throw Failures.value(env.where, expr.text(), what + " is not a date", ACCEPTED);
  }

  private static ZonedDateTime parse(String s, ZoneId zone) {
    try {
      return OffsetDateTime.parse(s).atZoneSameInstant(zone);
    } catch (DateTimeParseException e) {
      // not with an offset: try the forms without one
    }
    try {
      return LocalDateTime.parse(s).atZone(zone);
    } catch (DateTimeParseException e) {
      // not a local date and time either
    }
    return LocalDate.parse(s).atStartOfDay(zone);
  }
}
