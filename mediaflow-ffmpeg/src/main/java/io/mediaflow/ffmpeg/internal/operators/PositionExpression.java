package io.mediaflow.ffmpeg.internal.operators;

import io.mediaflow.api.operator.ParamSpec;
import io.mediaflow.api.operator.ParamType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The restricted expression language of positions ({@code x}, {@code y} of overlay, drawtext, pad
 * and crop): numbers, {@code + - * / ( )}, spaces, and only the variables FFmpeg defines for the
 * filter at hand. Anything else, such as a function call or a {@code ;}, is refused, so a position
 * can never reach beyond FFmpeg's arithmetic on frame sizes and times.
 *
 * <pre>
 * expression := term (('+' | '-') term)*
 * term       := unary (('*' | '/') unary)*
 * unary      := ['+' | '-'] primary
 * primary    := NUMBER | VARIABLE | '(' expression ')'
 * NUMBER     := digits ['.' digits] | '.' digits        (no exponent; at most 1e9)
 * VARIABLE   := one of the filter's names, case-sensitive
 * </pre>
 *
 * <p>An expression is at most {@value #MAX_LENGTH} characters and nests at most {@value #MAX_DEPTH}
 * levels.
 */
final class PositionExpression {

  static final int MAX_LENGTH = 200;
  static final int MAX_DEPTH = 16;
  static final double MAX_NUMBER = 1e9;

  /** {@code overlay}: sizes of the main (base) and overlaid (top) pictures, time and frame. */
  static final Set<String> OVERLAY =
      Set.of("W", "H", "w", "h", "main_w", "main_h", "overlay_w", "overlay_h", "t", "n");

  /** {@code drawtext}: picture and text sizes, line height, time, frame, the other coordinate. */
  static final Set<String> DRAWTEXT =
      Set.of(
          "W", "H", "w", "h", "main_w", "main_h", "text_w", "text_h", "tw", "th", "line_h", "lh",
          "t", "n", "x", "y", "sar", "dar");

  /** {@code pad}: input and output sizes, the other coordinate, aspect ratios. */
  static final Set<String> PAD =
      Set.of("in_w", "in_h", "iw", "ih", "out_w", "out_h", "ow", "oh", "x", "y", "a", "sar", "dar");

  /** {@code crop}: input and output sizes, the other coordinate, aspect ratios, frame, time. */
  static final Set<String> CROP =
      Set.of(
          "in_w", "in_h", "iw", "ih", "out_w", "out_h", "ow", "oh", "x", "y", "a", "sar", "dar",
          "n", "t");

  private enum Kind {
    NUMBER,
    NAME,
    OPERATOR,
    OPEN,
    CLOSE,
    END
  }

  private record Token(Kind kind, String text, int at) {}

  private final String text;
  private final Set<String> variables;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;

  private PositionExpression(String text, Set<String> variables) {
    this.text = text;
    this.variables = variables;
  }

  /**
   * Checks {@code text} against the grammar with the given variables.
   *
   * @return the expression without spaces, as FFmpeg gets it
   * @throws IllegalArgumentException saying what is wrong, where, and which variables are allowed
   */
  static String parse(String text, Set<String> variables) {
    PositionExpression e = new PositionExpression(text, variables);
    e.tokenize();
    e.expression(0);
    Token last = e.peek();
    if (last.kind() != Kind.END) {
      throw e.error("expected an operator (+ - * /) before '" + last.text() + "'", last.at());
    }
    StringBuilder out = new StringBuilder();
    e.tokens.forEach(t -> out.append(t.text()));
    return out.toString();
  }

  /** The problem with {@code text}, if any; for {@link ParamSpec.ParamCheck}. */
  static Optional<String> problem(String text, Set<String> variables) {
    try {
      parse(text, variables);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** A position parameter checked against the grammar with {@code variables}. */
  static ParamSpec param(String name, Object defaultValue, Set<String> variables, String about) {
    return ParamSpec.builder(name, ParamType.STRING)
        .defaultValue(defaultValue)
        .check(v -> problem((String) v, variables))
        .description(
            about
                + ": a number or an expression of numbers, + - * / ( ) and "
                + String.join(" ", new TreeSet<>(variables)))
        .build();
  }

  private void tokenize() {
    if (text.isBlank()) {
      throw new IllegalArgumentException(
          "must be a number or an expression of " + allowed() + ", but was empty");
    }
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "must be at most " + MAX_LENGTH + " characters but had " + text.length());
    }
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == ' ') {
        i++;
      } else if (isDigit(c) || c == '.') {
        int start = i;
        while (i < text.length() && isDigit(text.charAt(i))) {
          i++;
        }
        if (i < text.length() && text.charAt(i) == '.') {
          i++;
          int fraction = i;
          while (i < text.length() && isDigit(text.charAt(i))) {
            i++;
          }
          if (fraction == i) {
            throw error("a number needs digits after '.'", start);
          }
        }
        String number = text.substring(start, i);
        if (number.equals(".") || Double.parseDouble(number) > MAX_NUMBER) {
          throw error("the number " + number + " is larger than " + (long) MAX_NUMBER, start);
        }
        tokens.add(new Token(Kind.NUMBER, number, start));
      } else if (isLetter(c)) {
        int start = i;
        while (i < text.length() && (isLetter(text.charAt(i)) || isDigit(text.charAt(i)))) {
          i++;
        }
        String name = text.substring(start, i);
        if (!variables.contains(name)) {
          boolean call = i < text.length() && text.charAt(i) == '(';
          throw error(
              (call
                      ? "functions are not allowed ('" + name + "(')"
                      : "unknown variable '" + name + "'")
                  + "; allowed variables: "
                  + allowed(),
              start);
        }
        tokens.add(new Token(Kind.NAME, name, start));
      } else if ("+-*/".indexOf(c) >= 0) {
        tokens.add(new Token(Kind.OPERATOR, String.valueOf(c), i++));
      } else if (c == '(') {
        tokens.add(new Token(Kind.OPEN, "(", i++));
      } else if (c == ')') {
        tokens.add(new Token(Kind.CLOSE, ")", i++));
      } else {
        throw error(
            "'"
                + (Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c)
                + "' is not allowed; use numbers, + - * / ( ) and "
                + allowed(),
            i);
      }
    }
    tokens.add(new Token(Kind.END, "", text.length()));
  }

  private void expression(int depth) {
    term(depth);
    while (isOperator("+") || isOperator("-")) {
      pos++;
      term(depth);
    }
  }

  private void term(int depth) {
    unary(depth);
    while (isOperator("*") || isOperator("/")) {
      pos++;
      unary(depth);
    }
  }

  private void unary(int depth) {
    // one sign at most, as FFmpeg's own parser takes: "--W" fails there
    if (isOperator("+") || isOperator("-")) {
      pos++;
    }
    primary(depth);
  }

  private void primary(int depth) {
    Token t = peek();
    switch (t.kind()) {
      case NUMBER, NAME -> pos++;
      case OPEN -> {
        if (depth + 1 > MAX_DEPTH) {
          throw error("parentheses nest deeper than " + MAX_DEPTH + " levels", t.at());
        }
        pos++;
        expression(depth + 1);
        Token close = peek();
        if (close.kind() != Kind.CLOSE) {
          throw error("'(' at " + (t.at() + 1) + " is not closed", close.at());
        }
        pos++;
      }
      case END -> throw error("the expression ends where a number or variable is expected", t.at());
      default ->
          throw error("expected a number, a variable or '(' but found '" + t.text() + "'", t.at());
    }
  }

  private boolean isOperator(String op) {
    Token t = peek();
    return t.kind() == Kind.OPERATOR && t.text().equals(op);
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private String allowed() {
    return String.join(" ", new TreeSet<>(variables));
  }

  private IllegalArgumentException error(String what, int at) {
    return new IllegalArgumentException(
        "invalid position \"" + shortText() + "\" at character " + (at + 1) + ": " + what);
  }

  private String shortText() {
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }
}
