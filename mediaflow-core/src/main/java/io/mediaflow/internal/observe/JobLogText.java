package io.mediaflow.internal.observe;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The text of the lines mediaflow writes in a job's log ({@code JobHandle.logs()}): redacted and
 * bounded, so a chatty tool or a huge command cannot fill the store, and a secret in a URL or a
 * header never reaches it.
 */
public final class JobLogText {

  /** The longest line written; the rest is cut and counted. */
  public static final int MAX_CHARS = 8_000;

  /** The longest command shown; a long filter graph is cut, its length told. */
  public static final int MAX_COMMAND_CHARS = 4_000;

  /** Lines of an error's detail kept (the last ones: a tool's output ends with its reason). */
  public static final int MAX_DETAIL_LINES = 20;

  /** The longest line of an error's detail. */
  public static final int MAX_DETAIL_LINE_CHARS = 500;

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=,+@%-]+");

  private JobLogText() {}

  /** {@code text} redacted ({@link Redactor}) and cut to {@link #MAX_CHARS}. */
  public static String line(String text) {
    return cut(Redactor.redact(text), MAX_CHARS);
  }

  /**
   * A program and its arguments as a person would type them in a POSIX shell (arguments with spaces
   * or special characters in single quotes), each argument redacted, cut to {@link
   * #MAX_COMMAND_CHARS}.
   */
  public static String command(String program, List<String> args) {
    StringBuilder b = new StringBuilder(program);
    for (String arg : args) {
      if (b.length() > MAX_COMMAND_CHARS) {
        b.append(" …");
        break;
      }
      // each argument redacted before anything is cut, so no secret is cut in half and shown
      String a = Redactor.redact(arg);
      b.append(' ');
      if (!a.isEmpty() && PLAIN.matcher(a).matches()) {
        b.append(a);
      } else {
        b.append('\'').append(a.replace("'", "'\\''")).append('\'');
      }
    }
    return cut(b.toString(), MAX_COMMAND_CHARS);
  }

  /**
   * An error's message for the log: its first line, then at most the last {@link #MAX_DETAIL_LINES}
   * of the lines after it (a media tool's last output lines), each cut to {@link
   * #MAX_DETAIL_LINE_CHARS} and indented; how many were left out is said.
   */
  public static String detail(String message) {
    String[] lines = Redactor.redact(message).strip().split("\\R");
    StringBuilder b = new StringBuilder(cut(lines[0], MAX_DETAIL_LINE_CHARS));
    int rest = lines.length - 1;
    int from = Math.max(1, lines.length - MAX_DETAIL_LINES);
    if (from > 1) {
      b.append("\n  … ").append(from - 1).append(" earlier lines left out");
    }
    for (int i = from; i <= rest; i++) {
      b.append("\n  ").append(cut(lines[i], MAX_DETAIL_LINE_CHARS));
    }
    return b.toString();
  }

  /** A duration for a person: {@code 850 ms}, {@code 12.3 s}, {@code 4 min 3 s}. */
  public static String took(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    long s = d.toSeconds();
    return s < 3600
        ? (s / 60) + " min " + (s % 60) + " s"
        : (s / 3600) + " h " + (s % 3600 / 60) + " min";
  }

  private static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    return text.substring(0, max) + "… (" + (text.length() - max) + " more characters)";
  }
}
