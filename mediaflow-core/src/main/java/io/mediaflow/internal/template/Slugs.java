package io.mediaflow.internal.template;

import java.text.Normalizer;

/** The {@code slug} filter: lower-case ASCII letters and digits joined by single dashes. */
final class Slugs {

  private Slugs() {}

  /**
   * {@code "Ça va? Très BIEN!"} → {@code "ca-va-tres-bien"}: accents dropped, every run of other
   * characters one dash, none at either end, at most {@code max} characters.
   */
  static String slug(String s, int max) {
    String plain = ascii(s) ? s : Normalizer.normalize(s, Normalizer.Form.NFKD);
    StringBuilder b = new StringBuilder(Math.min(plain.length(), 256));
    boolean dash = false;
    for (int i = 0; i < plain.length() && b.length() < max; i++) {
      char c = plain.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        if (dash && b.length() > 0) {
          b.append('-');
          if (b.length() >= max) {
            break;
          }
        }
        dash = false;
        b.append(c);
      } else if (Character.getType(c) != Character.NON_SPACING_MARK) {
        dash = true;
      }
    }
    int end = b.length();
    while (end > 0 && b.charAt(end - 1) == '-') {
      end--;
    }
    return b.substring(0, end);
  }

  private static boolean ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
