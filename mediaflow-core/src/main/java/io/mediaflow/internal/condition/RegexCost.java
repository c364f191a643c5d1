package io.mediaflow.internal.condition;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * An estimate of the size of the automaton RE2 builds for a pattern: every atom counts 1, a group
 * the sum of its parts, and a counted repetition {@code x{m,n}} repeats its atom {@code max(m, n)}
 * times. RE2 matches in time linear in the text but proportional to this size too: {@code
 * (.*){1,1000}[bc]} is a valid pattern that needs thousands of states and seconds per 50,000
 * characters, so conditions refuse patterns whose estimate is above {@link #MAX}.
 */
final class RegexCost {

  /** The largest estimated automaton a condition's pattern may have. */
  static final int MAX = 500;

  private RegexCost() {}

  /** The estimated size, saturating at {@code Integer.MAX_VALUE}. */
  static long of(String pattern) {
    Deque<long[]> frames = new ArrayDeque<>(); // [total so far]
    frames.push(new long[] {0});
    long last = 0;
    int i = 0;
    int n = pattern.length();
    while (i < n) {
      char c = pattern.charAt(i);
      if (c == '\\') {
        i = Math.min(n, i + 2);
        last = 1;
        frames.peek()[0] += 1;
        continue;
      }
      if (c == '[') {
        int j = i + 1;
        while (j < n && pattern.charAt(j) != ']') {
          j += pattern.charAt(j) == '\\' ? 2 : 1;
        }
        i = j + 1;
        last = 1;
        frames.peek()[0] += 1;
        continue;
      }
      if (c == '(') {
        frames.push(new long[] {0});
        i++;
        continue;
      }
      if (c == ')' && frames.size() > 1) {
        last = Math.max(1, frames.pop()[0]);
        frames.peek()[0] = saturate(frames.peek()[0] + last);
        i++;
        continue;
      }
      if (c == '{') {
        int close = pattern.indexOf('}', i);
        Integer count = close < 0 ? null : count(pattern.substring(i + 1, close));
        if (count != null) {
          frames.peek()[0] = saturate(frames.peek()[0] + last * (long) Math.max(0, count - 1));
          i = close + 1;
          continue;
        }
      }
      if (c == '*' || c == '+' || c == '?') {
        frames.peek()[0] = saturate(frames.peek()[0] + 1);
        i++;
        continue;
      }
      last = 1;
      frames.peek()[0] = saturate(frames.peek()[0] + 1);
      i++;
    }
    long total = 0;
    while (!frames.isEmpty()) {
      total = saturate(total + frames.pop()[0]);
    }
    return total;
  }

  /** The larger bound of {@code m}, {@code m,} or {@code m,n}; null when it is not a count. */
  private static Integer count(String body) {
    String[] parts = body.split(",", -1);
    if (parts.length > 2) {
      return null;
    }
    int max = 0;
    for (String p : parts) {
      if (p.isEmpty()) {
        continue;
      }
      if (p.length() > 9 || !p.chars().allMatch(Character::isDigit)) {
        return null;
      }
      max = Math.max(max, Integer.parseInt(p));
    }
    return parts.length == 2 && parts[1].isEmpty() ? max + 1 : max;
  }

  private static long saturate(long v) {
    return Math.min(v, Integer.MAX_VALUE);
  }
}
