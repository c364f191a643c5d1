package io.mediaflow.internal.http;

/** Makes request text safe to echo in an answer or a log line. */
final class Printables {

  static final int MAX = 200;

  private Printables() {}

  /** At most {@value #MAX} characters, control characters as {@code ?}. */
  static String clip(String s) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), MAX + 1));
    for (int i = 0; i < s.length() && i < MAX; i++) {
      char c = s.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    if (s.length() > MAX) {
      out.append('…');
    }
    return out.toString();
  }
}
