package io.mediaflow.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean …?" for misspelt names — field names, stream types, operators, ids — with one rule
 * everywhere (see {@code docs/decisions.md}, "One did-you-mean rule"):
 *
 * <ol>
 *   <li>the known name at the smallest edit distance, ignoring case, counting a swap of two
 *       neighbours as one edit, if that distance is at most a third of the given name's length (at
 *       least 1): {@code vidoe} → {@code video}, {@code Main} → {@code main};
 *   <li>else the shortest known name that the given one abbreviates (same first letter, the others
 *       in order), for names of 3 letters or more: {@code src} → {@code source}, {@code lang} →
 *       {@code language}.
 * </ol>
 */
public final class Suggestions {

  private Suggestions() {}

  /** The known name closest to {@code given}, if it is close enough to be a likely typo. */
  public static Optional<String> closest(String given, Collection<String> known) {
    String g = given.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int d = distance(g, candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    if (best != null && bestDistance <= Math.max(1, given.length() / 3)) {
      return Optional.of(best);
    }
    if (g.length() < 3) {
      return Optional.empty();
    }
    return known.stream()
        .filter(k -> isAbbreviation(g, k.toLowerCase(Locale.ROOT)))
        .min(Comparator.comparingInt(String::length));
  }

  /** {@code did you mean 'video'?} for the {@link #closest} name, if there is one. */
  public static Optional<String> didYouMean(String given, Collection<String> known) {
    return closest(given, known).map(k -> "did you mean '" + k + "'?");
  }

  /** Whether {@code given} starts like {@code candidate} and has its other letters in order. */
  private static boolean isAbbreviation(String given, String candidate) {
    if (candidate.isEmpty() || given.charAt(0) != candidate.charAt(0)) {
      return false;
    }
    int at = 0;
    for (int i = 0; i < candidate.length() && at < given.length(); i++) {
      if (candidate.charAt(i) == given.charAt(at)) {
        at++;
      }
    }
    return at == given.length();
  }

  /** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
