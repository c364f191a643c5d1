package io.mediaflow.internal.template;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A date format of the tokens {@code YYYY} (the calendar year, never a week-based one), {@code MM},
 * {@code DD}, {@code HH}, {@code mm} and {@code ss}; text in single quotes ({@code 'T'}, {@code ''}
 * for a quote) and characters other than ASCII letters are written as they are. Any other letter is
 * refused when the template is compiled: {@code yyyy}, {@code YY} or {@code ww} would mean
 * something else in every other date library, so none is guessed at.
 */
final class DateFormat {

  private static final int YEAR = -1;
  private static final int MONTH = -2;
  private static final int DAY = -3;
  private static final int HOUR = -4;
  private static final int MINUTE = -5;
  private static final int SECOND = -6;

  private static final Map<String, Integer> TOKENS =
      Map.of("YYYY", YEAR, "MM", MONTH, "DD", DAY, "HH", HOUR, "mm", MINUTE, "ss", SECOND);

  private static final String TOKEN_HELP =
      "use the tokens YYYY (year) MM (month) DD (day) HH (hour, 00-23) mm (minute) ss (second),"
          + " and put other letters in single quotes: 'T'";

  /** The tokens (negative codes) and literal texts, in order. */
  private final Object[] items;

  private final String pattern;

  private DateFormat(Object[] items, String pattern) {
    this.items = items;
    this.pattern = pattern;
  }

  /**
   * Compiles a format.
   *
   * @param offset where the format starts in the template, for the error's position
   * @throws SyntaxError at the first letter that is no token
   */
  static DateFormat compile(String pattern, int offset) {
    if (pattern.isEmpty()) {
      throw new SyntaxError(offset, "the date format is empty", TOKEN_HELP);
    }
    List<Object> items = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '\'') {
        int end = pattern.indexOf('\'', i + 1);
        if (end < 0) {
          throw new SyntaxError(offset + i, "a quote in the date format is not closed", TOKEN_HELP);
        }
        text.append(end == i + 1 ? "'" : pattern.substring(i + 1, end));
        i = end + 1;
      } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
        int end = i;
        while (end < pattern.length() && pattern.charAt(end) == c) {
          end++;
        }
        String run = pattern.substring(i, end);
        Integer token = TOKENS.get(run);
        if (token == null) {
          throw new SyntaxError(
              offset + i, "'" + run + "' is not a date token" + hint(run), TOKEN_HELP);
        }
        if (text.length() > 0) {
          items.add(text.toString());
          text.setLength(0);
        }
        items.add(token);
        i = end;
      } else {
        text.append(c);
        i++;
      }
    }
    if (text.length() > 0) {
      items.add(text.toString());
    }
    return new DateFormat(items.toArray(), pattern);
  }

  private static String hint(String run) {
    return switch (run.charAt(0)) {
      case 'y', 'Y' -> " (YYYY is the calendar year; week-based years are not offered)";
      case 'd' -> " (DD is the day of the month)";
      case 'M' -> " (MM is the month, mm the minute)";
      case 'h', 'H' -> " (HH is the hour from 00 to 23)";
      default -> "";
    };
  }

  /** The instant as this format writes it in {@code zone}. */
  String format(Instant at, ZoneId zone) {
    LocalDateTime t =
        zone == ZoneOffset.UTC
            ? LocalDateTime.ofEpochSecond(at.getEpochSecond(), 0, ZoneOffset.UTC)
            : LocalDateTime.ofInstant(at, zone);
    return format(t);
  }

  /** The date and time as this format writes it. */
  String format(LocalDateTime t) {
    StringBuilder b = new StringBuilder(pattern.length() + 8);
    for (Object item : items) {
      if (item instanceof String s) {
        b.append(s);
        continue;
      }
      switch ((Integer) item) {
        case YEAR -> pad(b, t.getYear(), 4);
        case MONTH -> pad(b, t.getMonthValue(), 2);
        case DAY -> pad(b, t.getDayOfMonth(), 2);
        case HOUR -> pad(b, t.getHour(), 2);
        case MINUTE -> pad(b, t.getMinute(), 2);
        default -> pad(b, t.getSecond(), 2);
      }
    }
    return b.toString();
  }

  private static void pad(StringBuilder b, int value, int width) {
    if (value < 0) {
      b.append('-');
      value = -value;
    }
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      b.append('0');
    }
    b.append(digits);
  }
}
