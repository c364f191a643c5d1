package io.mediaflow.api.operator;

/** Checks of the names filters and pads may have. */
final class Names {

  private Names() {}

  /**
   * Whether {@code text} is a non-empty run of {@code a-z 0-9 _} (and {@code A-Z} when {@code
   * upper}). A plain loop: it runs for every filter of every plan, where a regex would dominate.
   */
  static boolean isWord(String text, boolean upper) {
    if (text == null || text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || (upper && c >= 'A' && c <= 'Z');
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
