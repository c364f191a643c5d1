package io.mediaflow.internal.condition;

import io.mediaflow.api.media.MediaDuration;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Date;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How values of one kind are read from values of another ({@code docs/conditions.md}, "Coercion"):
 * numbers from number texts, durations from {@code 10m}/{@code PT10M} or seconds, sizes from {@code
 * 500MB}/{@code 1.5 GiB} or bytes, instants from ISO-8601 texts and dates, booleans from {@code
 * true}/{@code false}. Every method answers null for "not of this kind" and never throws.
 */
final class Coercion {

  /** Amounts with units, largest first: {@code 1h30m}, {@code 500ms}, {@code 1.5h}. */
  private static final Pattern SHORT_DURATION =
      Pattern.compile("(?:[0-9]{1,12}(?:\\.[0-9]{1,9})?(?:ms|s|m|h|d|w))+");

  private static final Pattern DURATION_PART =
      Pattern.compile("([0-9]{1,12}(?:\\.[0-9]{1,9})?)(ms|s|m|h|d|w)");

  /** A size: an amount, optional spaces, a unit of bytes ({@code B}, {@code KB}, {@code MiB}). */
  private static final Pattern SIZE =
      Pattern.compile("([0-9]{1,15}(?:\\.[0-9]{1,9})?)\\s*([kmgtp]i?)?b", Pattern.CASE_INSENSITIVE);

  /** The most characters a text may have to be read as a number, a duration, a size or a date. */
  static final int MAX_PARSED = 64;

  private Coercion() {}

  /** A number, or a text that reads as one (trimmed; {@code 1e3}, {@code -2.5}); else null. */
  static Double number(Object v) {
    if (v instanceof Number n) {
      double d = n.doubleValue();
      return Double.isNaN(d) ? null : d;
    }
    if (v instanceof CharSequence cs) {
      return numberText(cs.toString());
    }
    return null;
  }

  static Double numberText(String s) {
    int len = s.length();
    if (len == 0 || len > MAX_PARSED) {
      return null;
    }
    char c = s.charAt(0);
    // cheap refusal first: parseDouble's exception is the slow path of evaluation
    if (!(c >= '0' && c <= '9') && c != '-' && c != '+' && c != '.' && c != ' ') {
      return null;
    }
    char last = s.charAt(len - 1);
    if (!(last >= '0' && last <= '9') && last != '.' && last != ' ') {
      return null;
    }
    try {
      double d = Double.parseDouble(s.trim());
      return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * A duration in milliseconds: a {@link Duration}, a {@link MediaDuration}, a text such as {@code
   * 1h30m} or {@code PT10M}; with {@code numbersAsSeconds}, a number (or number text) of seconds.
   */
  static Long durationMillis(Object v, boolean numbersAsSeconds) {
    if (v instanceof Duration d) {
      return saturatedMillis(d);
    }
    if (v instanceof MediaDuration m) {
      return m.micros() / 1000;
    }
    if (numbersAsSeconds) {
      Double n = number(v);
      if (n != null) {
        return Math.round(n * 1000);
      }
    }
    if (v instanceof CharSequence cs) {
      return durationText(cs.toString().trim());
    }
    return null;
  }

  /** Whether a text is written as a duration (not a bare number). */
  static boolean isDurationText(Object v) {
    return v instanceof CharSequence cs && durationText(cs.toString().trim()) != null;
  }

  private static Long durationText(String s) {
    if (s.isEmpty() || s.length() > MAX_PARSED) {
      return null;
    }
    char c = s.charAt(0);
    if (c == 'P' || c == 'p' || c == '-') {
      try {
        return saturatedMillis(Duration.parse(s));
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    if (c < '0' || c > '9' || !SHORT_DURATION.matcher(s).matches()) {
      return null;
    }
    double millis = 0;
    Matcher m = DURATION_PART.matcher(s);
    while (m.find()) {
      double amount = Double.parseDouble(m.group(1));
      millis +=
          amount
              * switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                case "d" -> 86_400_000;
                default -> 604_800_000; // w
              };
    }
    return Math.round(millis);
  }

  private static long saturatedMillis(Duration d) {
    try {
      return d.toMillis();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /**
   * A size in bytes: a text such as {@code 500MB} (10^6) or {@code 1.5 GiB} (2^30); with {@code
   * numbersAsBytes}, a number (or number text) of bytes.
   */
  static Double sizeBytes(Object v, boolean numbersAsBytes) {
    if (numbersAsBytes) {
      Double n = number(v);
      if (n != null) {
        return n;
      }
    }
    if (!(v instanceof CharSequence cs)) {
      return null;
    }
    String s = cs.toString().trim();
    if (s.isEmpty() || s.length() > MAX_PARSED || s.charAt(0) < '0' || s.charAt(0) > '9') {
      return null;
    }
    Matcher m = SIZE.matcher(s);
    if (!m.matches()) {
      return null;
    }
    double amount = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
    boolean binary = unit.endsWith("i");
    int power = unit.isEmpty() ? 0 : "kmgtp".indexOf(unit.charAt(0)) + 1;
    return amount * Math.pow(binary ? 1024 : 1000, power);
  }

  /** Whether a text is written as a size (with a unit of bytes). */
  static boolean isSizeText(Object v) {
    return v instanceof CharSequence && sizeBytes(v, false) != null;
  }

  /**
   * An instant: an {@link Instant}, a date-time with an offset or zone, a {@link Date}; a {@link
   * LocalDate} or a date text ({@code 2026-12-24}) is the start of that day in UTC, a local
   * date-time ({@code 2026-12-24T10:00}) is read in UTC; a text with an offset ({@code
   * 2026-12-24T10:00:00+01:00}) keeps it. Numbers are not instants.
   */
  static Instant instant(Object v) {
    if (v instanceof Instant i) {
      return i;
    }
    if (v instanceof Date d) {
      return d.toInstant();
    }
    if (v instanceof OffsetDateTime o) {
      return o.toInstant();
    }
    if (v instanceof ZonedDateTime z) {
      return z.toInstant();
    }
    if (v instanceof LocalDate d) {
      return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    if (v instanceof LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC);
    }
    if (v instanceof TemporalAccessor t) {
      try {
        return Instant.from(t);
      } catch (DateTimeException e) {
        return null;
      }
    }
    if (v instanceof CharSequence cs) {
      return instantText(cs.toString().trim());
    }
    return null;
  }

  private static Instant instantText(String s) {
    // a date is at least yyyy-mm-dd; anything else is refused before any parser runs
    if (s.length() < 10 || s.length() > MAX_PARSED || s.charAt(4) != '-' || s.charAt(7) != '-') {
      return null;
    }
    try {
      if (s.length() == 10) {
        return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      char last = s.charAt(s.length() - 1);
      if (last == 'Z' || last == 'z') {
        return Instant.parse(s.toUpperCase(Locale.ROOT));
      }
      if (s.indexOf('+', 10) > 0 || s.lastIndexOf('-') > 10) {
        return OffsetDateTime.parse(s).toInstant();
      }
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Whether a value is a temporal type (not a text). */
  static boolean isTemporal(Object v) {
    return v instanceof TemporalAccessor || v instanceof Date;
  }

  /** A boolean, or the text {@code true}/{@code false} in any case; else null. */
  static Boolean bool(Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof CharSequence cs) {
      String s = cs.toString().trim();
      if (s.equalsIgnoreCase("true")) {
        return Boolean.TRUE;
      }
      if (s.equalsIgnoreCase("false")) {
        return Boolean.FALSE;
      }
    }
    return null;
  }

  /** The text of a scalar: a whole double without {@code .0}; null for null. */
  static String text(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    if (v instanceof Float f && f == Math.rint(f) && !Float.isInfinite(f) && Math.abs(f) < 1e7) {
      return Long.toString(f.longValue());
    }
    return v.toString();
  }

  /** How messages name a value: {@code "abc" (string)}, {@code 3 (number)}. */
  static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    String kind =
        v instanceof CharSequence
            ? "text"
            : v instanceof Number
                ? "number"
                : v instanceof Boolean
                    ? "boolean"
                    : v instanceof java.util.Collection
                        ? "list"
                        : v instanceof java.util.Map ? "object" : v.getClass().getSimpleName();
    String shown =
        v instanceof CharSequence
            ? "\"" + abbreviate(v.toString()) + "\""
            : abbreviate(String.valueOf(v));
    return shown + " (" + kind + ")";
  }

  static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
