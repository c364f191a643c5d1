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
    // one array, no builder: this runs in every render of a path template that uses it
    char[] out = new char[Math.min(plain.length(), max)];
    int n = 0;
    boolean dash = false;
    for (int i = 0; i < plain.length() && n < out.length; i++) {
      char c = plain.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        if (dash && n > 0) {
          out[n++] = '-';
          if (n >= out.length) {
            break;
          }
        }
        dash = false;
        out[n++] = c;
      } else if (c < 0x80 || Character.getType(c) != Character.NON_SPACING_MARK) {
        dash = true; // accents left by the normalisation are dropped, not turned into dashes
      }
    }
    while (n > 0 && out[n - 1] == '-') {
      n--;
    }
    return new String(out, 0, n);
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
