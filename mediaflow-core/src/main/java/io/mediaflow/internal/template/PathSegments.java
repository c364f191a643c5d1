package io.mediaflow.internal.template;

/**
 * What a value placed inside a path becomes: one harmless piece of a file name. It can neither add
 * a folder ({@code /}, {@code \}), climb out of one ({@code ..}), hide a control character, nor
 * start like an option ({@code -rf}). The whole path still goes through the workspace's path rule
 * afterwards, so this is a second wall, not the only one.
 */
public final class PathSegments {

  /** What each refused character or sequence becomes. */
  public static final char REPLACEMENT = '_';

  private PathSegments() {}

  /**
   * The value as a safe piece of one path segment: {@code /} and {@code \} become {@code _}, every
   * {@code ..} becomes {@code _}, a lone {@code .} becomes {@code _}, control characters are
   * dropped, and a leading {@code -} becomes {@code _}.
   */
  public static String sanitize(String value) {
    if (isSafe(value)) {
      return value;
    }
    StringBuilder kept = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!Character.isISOControl(c)) { // dropped first, so ".\0." cannot become ".."
        kept.append(c == '/' || c == '\\' ? REPLACEMENT : c);
      }
    }
    StringBuilder b = new StringBuilder(kept.length());
    for (int i = 0; i < kept.length(); ) {
      int end = i;
      while (end < kept.length() && kept.charAt(end) == '.') {
        end++;
      }
      if (end - i >= 2) {
        b.append(REPLACEMENT); // "..", "...": one replacement
        i = end;
      } else {
        b.append(kept.charAt(i));
        i++;
      }
    }
    if (b.length() > 0 && b.charAt(0) == '-') {
      b.setCharAt(0, REPLACEMENT);
    }
    if (b.length() == 1 && b.charAt(0) == '.') {
      b.setCharAt(0, REPLACEMENT);
    }
    return b.toString();
  }

  private static boolean isSafe(String value) {
    if (value.isEmpty()) {
      return true;
    }
    if (value.charAt(0) == '-' || value.equals(".")) {
      return false;
    }
    char prev = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '/' || c == '\\' || Character.isISOControl(c) || (c == '.' && prev == '.')) {
        return false;
      }
      prev = c;
    }
    return true;
  }
}
