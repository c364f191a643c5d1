package io.mediaflow.internal.template;

import io.mediaflow.api.media.MediaDuration;
import java.math.BigDecimal;
import java.time.Duration;

/** The {@code duration} and {@code filesize} filters: numbers written for people. */
final class Units {

  private static final String[] SI = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private Units() {}

  /**
   * Seconds (a number, numeric text, {@code 1m30s}, {@code PT1M30S}, {@code 01:02:03}) as {@code
   * 1:02:03} (or {@code 2:03} under an hour), or in words {@code 1h 2m 3s}; fractions of a second
   * are dropped.
   */
  static String duration(Object v, boolean words, Env env, Expr expr) {
    long total = (long) Math.floor(seconds(v, env, expr));
    long h = total / 3600;
    long m = (total / 60) % 60;
    long s = total % 60;
    if (words) {
      StringBuilder b = new StringBuilder();
      if (h > 0) {
        b.append(h).append("h ");
      }
      if (h > 0 || m > 0) {
        b.append(m).append("m ");
      }
      return b.append(s).append('s').toString();
    }
    StringBuilder b = new StringBuilder();
    if (h > 0) {
      b.append(h).append(':');
      two(b, m);
    } else {
      b.append(m);
    }
    b.append(':');
    two(b, s);
    return b.toString();
  }

  private static void two(StringBuilder b, long n) {
    if (n < 10) {
      b.append('0');
    }
    b.append(n);
  }

  private static double seconds(Object v, Env env, Expr expr) {
    try {
      double s;
      if (v instanceof Duration d) {
        s = d.toMillis() / 1000.0;
      } else if (v instanceof MediaDuration d) {
        s = d.toSeconds();
      } else if (v instanceof Number || v instanceof String) {
        s = MediaDuration.from(v).toSeconds();
      } else {
        throw new IllegalArgumentException("not a duration");
      }
      if (s >= 0 && Double.isFinite(s)) {
        return s;
      }
    } catch (RuntimeException e) {
      // the same answer as for any other value that is no duration
    }
    throw Failures.value(
        env.where,
        expr.text(),
        Texts.describe(v) + " is not a duration",
        "give seconds (5025), \"1h23m45s\", \"01:23:45\" or \"PT1H23M45S\"");
  }

  /** Bytes as {@code 1.5 MB} (powers of 1000) or {@code 1.4 MiB} (powers of 1024). */
  static String filesize(Object v, boolean binary, Env env, Expr expr) {
    double bytes = bytes(v, env, expr);
    double base = binary ? 1024 : 1000;
    String[] units = binary ? BINARY : SI;
    int unit = 0;
    while (bytes >= base && unit < units.length - 1) {
      bytes /= base;
      unit++;
    }
    if (unit == 0) {
      return (long) bytes + " B";
    }
    double rounded = Math.round(bytes * 10) / 10.0;
    return Texts.number(rounded) + (rounded == Math.rint(rounded) ? ".0 " : " ") + units[unit];
  }

  private static double bytes(Object v, Env env, Expr expr) {
    double b = Double.NaN;
    if (v instanceof Number n) {
      b = n.doubleValue();
    } else if (v instanceof String s && !s.isBlank() && s.length() <= 40) {
      try {
        b = new BigDecimal(s.trim()).doubleValue();
      } catch (NumberFormatException e) {
        // not a number: refused below
      }
    }
    if (b >= 0 && Double.isFinite(b)) {
      return b;
    }
    throw Failures.value(
        env.where,
        expr.text(),
        Texts.describe(v) + " is not a number of bytes",
        "give a size in bytes, such as 1500000");
  }
}
