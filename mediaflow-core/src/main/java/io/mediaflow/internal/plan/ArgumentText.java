package io.mediaflow.internal.plan;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Checks the text of a spec that becomes part of the media tool's command: metadata tags, sources
 * and destinations as arguments of their own, operator parameters inside the filter graph. A
 * process argument is a C string, so it cannot hold a NUL character, and Linux refuses to start a
 * program with an argument longer than {@code MAX_ARG_STRLEN} or a command line longer than {@code
 * ARG_MAX} ({@code E2BIG}). Found here, such text is a validation error at its JSON path instead of
 * a run that fails to start.
 *
 * <p>Paths are built only for a problem: this runs over every string of every plan.
 */
final class ArgumentText {

  /** Linux's {@code MAX_ARG_STRLEN} (32 pages of 4 KiB) less the terminating NUL. */
  static final int MAX_ARGUMENT_BYTES = 128 * 1024 - 1;

  /**
   * What the arguments a spec contributes (sources, destinations, metadata) may add up to: half of
   * Linux's usual 2 MiB {@code ARG_MAX}, which also holds the environment and the options mediaflow
   * adds itself.
   */
  static final int MAX_TOTAL_BYTES = 1024 * 1024;

  private final List<Violation> violations;
  private long total;
  private boolean totalReported;

  ArgumentText(List<Violation> violations) {
    this.violations = violations;
  }

  /** A source or destination, one argument of its own. */
  void location(String text, Supplier<String> path, String what) {
    long bytes = check(text, "", path, what);
    count(bytes, path);
  }

  /** A metadata tag, passed as the one argument {@code key=value}. */
  void tag(String key, String value, Supplier<String> path) {
    long bytes = check(key, value, path, "metadata tag \"" + abbreviate(key) + "\"");
    count(bytes, path);
  }

  /**
   * Every string in an operation's raw parameters, map keys and list items included. They go into
   * the filter graph, which goes through a file when it is long, so they count against no total; a
   * NUL would still cut the graph short, and no parameter needs more than one argument's length. A
   * path {@code reported} already has a violation (a text that is no duration) is left alone.
   */
  void params(Map<String, ?> raw, String paramsPath, List<Violation> reported) {
    if (isClean(raw)) {
      return;
    }
    int before = violations.size();
    walk(raw, paramsPath);
    List<Violation> found = violations.subList(before, violations.size());
    found.removeIf(v -> reported.stream().anyMatch(r -> r.path().equals(v.path())));
  }

  private void walk(Object value, String path) {
    if (value instanceof String s) {
      check(s, "", () -> path, "the value");
    } else if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        String at = path + "." + key;
        check(key, "", () -> at, "the parameter name");
        walk(e.getValue(), at);
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), path + "[" + i + "]");
      }
    }
  }

  private static boolean isClean(Object value) {
    if (value instanceof String s) {
      return s.indexOf('\0') < 0 && utf8Length(s) <= MAX_ARGUMENT_BYTES;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!isClean(String.valueOf(e.getKey())) || !isClean(e.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (!isClean(item)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Reports a NUL or an over-long argument made of {@code a} (and {@code =b} unless {@code b} is
   * empty); returns its UTF-8 length.
   */
  private long check(String a, String b, Supplier<String> path, String what) {
    long bytes = utf8Length(a) + (b.isEmpty() ? 0 : 1 + utf8Length(b));
    int nul = a.indexOf('\0');
    String where = what;
    if (nul < 0 && !b.isEmpty()) {
      nul = b.indexOf('\0');
      where = "the value of " + what;
    }
    if (nul >= 0) {
      violations.add(
          new Violation(
              path.get(),
              ErrorCode.INVALID_VALUE,
              where
                  + " contains a NUL character (U+0000) at character "
                  + (nul + 1)
                  + ", which no command-line argument can hold",
              "remove the NUL character"));
    } else if (bytes > MAX_ARGUMENT_BYTES) {
      violations.add(
          new Violation(
              path.get(),
              ErrorCode.ARGUMENT_TOO_LONG,
              what
                  + " is "
                  + bytes
                  + " bytes long in UTF-8; one command-line argument holds at most "
                  + MAX_ARGUMENT_BYTES,
              "shorten it"));
    }
    return bytes;
  }

  private void count(long bytes, Supplier<String> path) {
    total += bytes + 1;
    if (total > MAX_TOTAL_BYTES && !totalReported) {
      totalReported = true;
      violations.add(
          new Violation(
              path.get(),
              ErrorCode.ARGUMENT_TOO_LONG,
              "the job's sources, destinations and metadata add up to more than "
                  + MAX_TOTAL_BYTES
                  + " bytes here; the media tool's command line would be too long to start",
              "shorten the metadata, or split the job"));
    }
  }

  /** The length of {@code s} in UTF-8, without encoding it. */
  static long utf8Length(String s) {
    long n = s.length();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        // 2 bytes below U+0800, 3 above; a surrogate pair (2 chars) is 4 bytes
        n += c < 0x800 ? 1 : Character.isSurrogate(c) ? 1 : 2;
      }
    }
    return n;
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }
}
