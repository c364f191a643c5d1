package io.mediaflow.api.event;

/**
 * Matching of event types against subscription patterns, the same for every bus: segments are
 * separated by dots; {@code *} matches exactly one segment and {@code **} any number (also none).
 * {@code job.*} matches {@code job.failed} but not {@code job.step.failed}; {@code *.failed}
 * matches {@code job.failed}; {@code **} matches everything.
 */
public final class EventPatterns {

  private EventPatterns() {}

  /** Whether {@code type} matches {@code pattern}. */
  public static boolean matches(String pattern, String type) {
    if (pattern.equals("**") || pattern.equals(type)) {
      return true;
    }
    return match(pattern.split("\\.", -1), 0, type.split("\\.", -1), 0);
  }

  /** Whether {@code pattern} has wildcards. */
  public static boolean isWildcard(String pattern) {
    return pattern.contains("*");
  }

  private static boolean match(String[] p, int i, String[] t, int j) {
    while (i < p.length) {
      if (p[i].equals("**")) {
        if (i == p.length - 1) {
          return true;
        }
        for (int k = j; k <= t.length; k++) {
          if (match(p, i + 1, t, k)) {
            return true;
          }
        }
        return false;
      }
      if (j >= t.length) {
        return false;
      }
      if (!p[i].equals("*") && !p[i].equals(t[j])) {
        return false;
      }
      i++;
      j++;
    }
    return j == t.length;
  }

  /**
   * Checks an event type: non-empty segments of letters, digits, {@code _} or {@code -}.
   *
   * @throws IllegalArgumentException naming the type
   */
  public static void checkType(String type) {
    if (type == null || type.isEmpty()) {
      throw new IllegalArgumentException("an event type must not be empty");
    }
    checkSegments(type, false);
  }

  /**
   * Checks a subscription pattern: like a type, where a segment may also be {@code *} or {@code
   * **}.
   */
  public static void checkPattern(String pattern) {
    if (pattern == null || pattern.isEmpty()) {
      throw new IllegalArgumentException("an event pattern must not be empty");
    }
    checkSegments(pattern, true);
  }

  /** One pass over the characters, no split: every published event's type goes through here. */
  private static void checkSegments(String text, boolean wildcards) {
    int start = 0;
    int n = text.length();
    for (int end = 0; end <= n; end++) {
      if (end < n && text.charAt(end) != '.') {
        continue;
      }
      if (!validSegment(text, start, end, wildcards)) {
        throw new IllegalArgumentException(
            "\""
                + text
                + "\" is not a valid event "
                + (wildcards ? "pattern" : "type")
                + ": use dot-separated segments of letters, digits, '_' or '-'"
                + (wildcards ? ", or * and **" : ""));
      }
      start = end + 1;
    }
  }

  private static boolean validSegment(String text, int start, int end, boolean wildcards) {
    if (start == end) {
      return false;
    }
    if (wildcards && text.charAt(start) == '*') {
      return end - start == 1 || (end - start == 2 && text.charAt(start + 1) == '*');
    }
    for (int k = start; k < end; k++) {
      char c = text.charAt(k);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }
}
