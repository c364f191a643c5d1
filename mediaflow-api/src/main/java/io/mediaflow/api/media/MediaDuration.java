package io.mediaflow.api.media;

import io.mediaflow.api.OutOfRangeException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A non-negative span of media time with microsecond precision, and the one parser for every
 * duration mediaflow accepts.
 *
 * <p>{@link #parse} accepts:
 *
 * <ul>
 *   <li>seconds as a number: {@code 90}, {@code 2.5};
 *   <li>Go style: {@code 1m30s}, {@code 500ms}, {@code 1.5h}, {@code 2h3m4.5s}, {@code 250us};
 *   <li>timecode: {@code 01:02:03.500}, {@code 02:03}, {@code 00:00:02};
 *   <li>ISO-8601: {@code PT1M30S}.
 * </ul>
 *
 * <p>A duration is at most {@link #MAX}, about 292,000 years: a longer or negative one is refused
 * with an {@link OutOfRangeException}, never with an arithmetic error.
 *
 * {@snippet :
 * MediaDuration d = MediaDuration.parse("1m30s");
 * assert d.toSeconds() == 90.0;
 * }
 *
 * @param micros the length in microseconds, never negative
 */
public record MediaDuration(long micros) implements Comparable<MediaDuration> {

  public static final MediaDuration ZERO = new MediaDuration(0);

  /** The longest duration: {@link Long#MAX_VALUE} microseconds, about 292,000 years. */
  public static final MediaDuration MAX = new MediaDuration(Long.MAX_VALUE);

  /**
   * The longest text {@link #parse} reads. Longer text is no duration anyone writes, and digits
   * beyond it would only make the decimal arithmetic slow.
   */
  static final int MAX_TEXT = 100;

  private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");
  private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|us|µs|ns|m|s)");
  private static final Pattern GO = Pattern.compile("((\\d+(\\.\\d+)?)(h|ms|us|µs|ns|m|s))+");
  private static final Pattern TIMECODE =
      Pattern.compile("(?:(\\d+):)?([0-5]?\\d):([0-5]?\\d(?:\\.\\d+)?)");
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final BigDecimal MAX_MICROS = BigDecimal.valueOf(Long.MAX_VALUE);

  public MediaDuration {
    if (micros < 0) {
      throw new IllegalArgumentException("a media duration cannot be negative but was " + micros);
    }
  }

  /**
   * Parses any of the accepted forms.
   *
   * @throws OutOfRangeException when the text is a duration longer than {@link #MAX}
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static MediaDuration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("a duration is required");
    }
    String t = text.trim();
    if (t.length() > MAX_TEXT) {
      throw new IllegalArgumentException(
          "a duration is at most " + MAX_TEXT + " characters but had " + t.length());
    }
    try {
      MediaDuration quick = parseSimple(t);
      if (quick != null) {
        return quick;
      }
      if (NUMBER.matcher(t).matches()) {
        return ofSeconds(new BigDecimal(t));
      }
      if (GO.matcher(t).matches()) {
        return parseGo(t);
      }
      Matcher tc = TIMECODE.matcher(t);
      if (tc.matches()) {
        BigDecimal hours = tc.group(1) == null ? BigDecimal.ZERO : new BigDecimal(tc.group(1));
        BigDecimal seconds =
            hours
                .multiply(BigDecimal.valueOf(3600))
                .add(new BigDecimal(tc.group(2)).multiply(BigDecimal.valueOf(60)))
                .add(new BigDecimal(tc.group(3)));
        return ofSeconds(seconds);
      }
      String upper = t.toUpperCase(Locale.ROOT);
      if (upper.startsWith("P")) {
        Duration d = Duration.parse(upper);
        if (d.isNegative()) {
          throw invalid(text);
        }
        return of(d);
      }
    } catch (ArithmeticException e) {
      throw tooLong(t);
    } catch (DateTimeParseException e) {
      // the text had the ISO-8601 shape (a cause is set only then) but a number overflowed
      throw e.getCause() != null ? tooLong(t) : invalid(text);
    }
    throw invalid(text);
  }

  /**
   * Seconds as a number, or any text {@link #parse} accepts.
   *
   * @throws OutOfRangeException when the value is negative or longer than {@link #MAX}
   * @throws IllegalArgumentException when it is no duration (NaN, a boolean, text of another form)
   */
  public static MediaDuration from(Object value) {
    if (value instanceof MediaDuration d) {
      return d;
    }
    if (value instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isNaN(d)) {
        throw new IllegalArgumentException("a duration must be a number of seconds but was " + n);
      }
      if (Double.isInfinite(d)) {
        throw d < 0 ? negative(n.toString()) : tooLong(n.toString());
      }
      BigDecimal seconds;
      try {
        seconds = new BigDecimal(n.toString());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "a duration must be a number of seconds but was " + n, e);
      }
      return ofSeconds(seconds);
    }
    if (value instanceof String s) {
      return parse(s);
    }
    throw new IllegalArgumentException(
        "expected a duration (seconds, \"1m30s\", \"01:02:03.500\" or \"PT1M30S\") but was "
            + (value == null ? "null" : value.getClass().getSimpleName()));
  }

  /**
   * @throws OutOfRangeException when {@code seconds} is negative or longer than {@link #MAX}
   * @throws IllegalArgumentException when it is NaN
   */
  public static MediaDuration ofSeconds(double seconds) {
    return from(seconds);
  }

  /**
   * @throws OutOfRangeException when {@code millis} is negative or longer than {@link #MAX}
   */
  public static MediaDuration ofMillis(long millis) {
    if (millis < 0) {
      throw negative(Long.toString(millis) + " ms");
    }
    if (millis > Long.MAX_VALUE / 1000L) {
      throw tooLong(millis + " ms");
    }
    return new MediaDuration(millis * 1000L);
  }

  public static MediaDuration ofMicros(long micros) {
    return new MediaDuration(micros);
  }

  /**
   * @throws OutOfRangeException when {@code duration} is longer than {@link #MAX}
   * @throws IllegalArgumentException when it is negative
   */
  public static MediaDuration of(Duration duration) {
    try {
      return new MediaDuration(
          Math.addExact(
              Math.multiplyExact(duration.getSeconds(), MICROS_PER_SECOND),
              duration.getNano() / 1000L));
    } catch (ArithmeticException e) {
      throw tooLong(duration.toString());
    }
  }

  private static MediaDuration ofSeconds(BigDecimal seconds) {
    if (seconds.signum() < 0) {
      throw negative(plain(seconds));
    }
    if (seconds.signum() == 0 || seconds.precision() - seconds.scale() < -7) {
      return ZERO; // below half a microsecond; rounding a tiny number exactly would be slow
    }
    BigDecimal micros = seconds.movePointRight(6);
    // compared before rounding to whole microseconds: comparing magnitudes is cheap at any size
    if (micros.compareTo(MAX_MICROS) > 0) {
      throw tooLong(plain(seconds));
    }
    return new MediaDuration(micros.setScale(0, RoundingMode.HALF_UP).longValueExact());
  }

  /**
   * The common forms without regular expressions or BigDecimal: whole seconds ({@code 90}) and
   * whole-number Go parts ({@code 1m30s}, {@code 500ms}). Returns null for anything else, which the
   * general parser then handles. Specs carry many durations, so this is on the planner's hot path.
   */
  private static MediaDuration parseSimple(String t) {
    int n = t.length();
    if (n == 0 || n > 18) {
      return null;
    }
    long total = 0;
    int i = 0;
    boolean any = false;
    while (i < n) {
      long value = 0;
      int start = i;
      while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
        value = value * 10 + (t.charAt(i) - '0');
        i++;
      }
      if (i == start) {
        return null;
      }
      long unit;
      if (i == n) {
        if (any) {
          return null; // "1m30" is not a duration
        }
        unit = MICROS_PER_SECOND;
      } else {
        char c = t.charAt(i);
        if (c == 'h') {
          unit = 3_600_000_000L;
          i++;
        } else if (c == 's') {
          unit = MICROS_PER_SECOND;
          i++;
        } else if (c == 'm' && i + 1 < n && t.charAt(i + 1) == 's') {
          unit = 1_000L;
          i += 2;
        } else if (c == 'm') {
          unit = 60_000_000L;
          i++;
        } else {
          return null;
        }
      }
      total = Math.addExact(total, Math.multiplyExact(value, unit));
      any = true;
    }
    return new MediaDuration(total);
  }

  private static MediaDuration parseGo(String t) {
    Matcher m = GO_PART.matcher(t);
    BigDecimal micros = BigDecimal.ZERO;
    while (m.find()) {
      BigDecimal value = new BigDecimal(m.group(1));
      long unit =
          switch (m.group(2)) {
            case "h" -> 3_600_000_000L;
            case "m" -> 60_000_000L;
            case "s" -> 1_000_000L;
            case "ms" -> 1_000L;
            case "us", "µs" -> 1L;
            default -> 0L; // ns: below our precision, rounded below
          };
      micros =
          unit == 0
              ? micros.add(value.divide(BigDecimal.valueOf(1000)))
              : micros.add(value.multiply(BigDecimal.valueOf(unit)));
    }
    if (micros.compareTo(MAX_MICROS) > 0) {
      throw tooLong(t);
    }
    return new MediaDuration(micros.setScale(0, RoundingMode.HALF_UP).longValueExact());
  }

  private static OutOfRangeException negative(String given) {
    return new OutOfRangeException("a duration cannot be negative but was " + given);
  }

  private static OutOfRangeException tooLong(String given) {
    return new OutOfRangeException(
        "the duration "
            + given
            + " is too long; the longest is "
            + MAX.toFfmpeg()
            + " s (about 292,000 years)");
  }

  /** A number as written, without exponent unless it is huge (then plain form would be huge). */
  private static String plain(BigDecimal seconds) {
    return Math.abs((long) seconds.scale()) > 30 ? seconds.toString() : seconds.toPlainString();
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "\""
            + text
            + "\" is not a duration; use seconds (90), Go style (1m30s, 500ms), a timecode"
            + " (01:02:03.500) or ISO-8601 (PT1M30S)");
  }

  /** Seconds, with fractions. */
  public double toSeconds() {
    return micros / (double) MICROS_PER_SECOND;
  }

  public Duration toDuration() {
    return Duration.ofSeconds(micros / MICROS_PER_SECOND, (micros % MICROS_PER_SECOND) * 1000L);
  }

  public MediaDuration plus(MediaDuration other) {
    return new MediaDuration(Math.addExact(micros, other.micros));
  }

  /** This minus {@code other}, never below zero. */
  public MediaDuration minusClamped(MediaDuration other) {
    return new MediaDuration(Math.max(0, micros - other.micros));
  }

  public MediaDuration min(MediaDuration other) {
    return micros <= other.micros ? this : other;
  }

  public MediaDuration max(MediaDuration other) {
    return micros >= other.micros ? this : other;
  }

  public boolean isZero() {
    return micros == 0;
  }

  /** Seconds as FFmpeg reads them: a plain decimal such as {@code 90.5} (never exponent form). */
  public String toFfmpeg() {
    long whole = micros / MICROS_PER_SECOND;
    long fraction = micros % MICROS_PER_SECOND;
    if (fraction == 0) {
      return Long.toString(whole);
    }
    // six digits without trailing zeros, built by hand: plans format many durations
    char[] digits = new char[6];
    int end = 0;
    for (int i = 5; i >= 0; i--) {
      digits[i] = (char) ('0' + fraction % 10);
      fraction /= 10;
    }
    for (int i = 0; i < 6; i++) {
      if (digits[i] != '0') {
        end = i + 1;
      }
    }
    return whole + "." + new String(digits, 0, end);
  }

  @Override
  public int compareTo(MediaDuration o) {
    return Long.compare(micros, o.micros);
  }

  /** Timecode form, {@code HH:MM:SS.ffffff} without trailing zeros: {@code 00:01:30.5}. */
  @Override
  public String toString() {
    long totalSeconds = micros / MICROS_PER_SECOND;
    long fraction = micros % MICROS_PER_SECOND;
    String base =
        String.format(
            Locale.ROOT,
            "%02d:%02d:%02d",
            totalSeconds / 3600,
            (totalSeconds / 60) % 60,
            totalSeconds % 60);
    if (fraction == 0) {
      return base;
    }
    String frac = String.format(Locale.ROOT, "%06d", fraction).replaceAll("0+$", "");
    return base + "." + frac;
  }
}
