package io.mediaflow.internal.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a template into its parts: text, and expressions in {@code {{...}}} or {@code ${...}}. An
 * expression is a reference ({@code a.b[0]['c-d']}), a literal ({@code 'text'}, {@code 12}, {@code
 * true}) or {@code date:FORMAT}, followed by filters ({@code | name} or {@code | name(args)}). The
 * grammar has no calls, no operators, no nesting beyond a filter's flat argument list and no loops:
 * reading it is one pass over the text.
 */
final class TemplateParser {

  private static final String FORM =
      "write {{name}}, {{trigger.file.name | lower}}, {{date:YYYY-MM}} or ${trigger.url}; put"
          + " literal braces in a quoted text: {{ '{{' }}";

  private final String src;
  private int pos;
  private String close;

  private TemplateParser(String src) {
    this.src = src;
  }

  /** The parts of {@code src}: {@link String}s and {@link Expr}s. */
  static Object[] parse(String src) {
    return new TemplateParser(src).parts();
  }

  /** The index of the next {@code {{} or {@code ${} at or after {@code from}; -1 for none. */
  static int nextOpen(String s, int from) {
    for (int i = s.indexOf('{', from); i >= 0; i = s.indexOf('{', i + 1)) {
      if (i > 0 && s.charAt(i - 1) == '$') {
        return i - 1;
      }
      if (i + 1 < s.length() && s.charAt(i + 1) == '{') {
        return i;
      }
    }
    return -1;
  }

  private Object[] parts() {
    List<Object> parts = new ArrayList<>();
    while (pos < src.length()) {
      int open = nextOpen(src, pos);
      if (open < 0) {
        parts.add(src.substring(pos));
        break;
      }
      if (open > pos) {
        parts.add(src.substring(pos, open));
      }
      close = src.charAt(open) == '$' ? "}" : "}}";
      pos = open + 2;
      Source head = head();
      List<Filter> filters = new ArrayList<>();
      while (true) {
        spaces();
        if (src.startsWith(close, pos)) {
          pos += close.length();
          break;
        }
        if (pos >= src.length()) {
          throw new SyntaxError(
              open, "the expression opened here is not closed with '" + close + "'", FORM);
        }
        expect('|', "'|' before a filter or '" + close + "' to end the expression");
        filters.add(filter());
      }
      parts.add(new Expr(head, filters.toArray(new Filter[0]), src.substring(open, pos)));
    }
    return parts.toArray();
  }

  private Source head() {
    spaces();
    int start = pos;
    if (src.startsWith("date", pos)) {
      pos += 4;
      spaces();
      if (pos < src.length() && src.charAt(pos) == ':') {
        pos++;
        return new Source.TriggerDate(dateFormat());
      }
      pos = start;
    }
    return value();
  }

  /** A reference or a literal. */
  private Source value() {
    if (pos < src.length() && isNameStart(src.charAt(pos))) {
      String word = peekName();
      switch (word) {
        case "true", "false", "null" -> {
          pos += word.length();
          return new Source.Const(word.equals("null") ? null : Boolean.valueOf(word));
        }
        default -> {
          return reference();
        }
      }
    }
    return new Source.Const(literal());
  }

  /** The raw format after {@code date:}, up to a {@code |} or the end of the expression. */
  private DateFormat dateFormat() {
    int start = pos;
    boolean quoted = false;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && (c == '|' || src.startsWith(close, pos))) {
        break;
      }
      pos++;
    }
    String raw = src.substring(start, pos);
    int lead = raw.length() - raw.stripLeading().length();
    return DateFormat.compile(raw.strip(), start + lead);
  }

  private Filter filter() {
    spaces();
    int at = pos;
    if (pos >= src.length() || !isNameStart(src.charAt(pos))) {
      throw new SyntaxError(pos, "a filter's name is expected after '|'", FORM);
    }
    String name = peekName();
    pos += name.length();
    List<Source> args = new ArrayList<>();
    spaces();
    if (pos < src.length() && src.charAt(pos) == '(') {
      pos++;
      spaces();
      if (pos < src.length() && src.charAt(pos) == ')') {
        pos++;
      } else {
        while (true) {
          spaces();
          args.add(argument());
          spaces();
          if (pos < src.length() && src.charAt(pos) == ',') {
            pos++;
            continue;
          }
          expect(')', "',' or ')' in the arguments of '" + name + "'");
          break;
        }
      }
    }
    return Filters.create(name, args, at);
  }

  private Source argument() {
    return value();
  }

  /** {@code a.b.0}, {@code a[0]}, {@code a['content-type']}. */
  private Source reference() {
    List<String> keys = new ArrayList<>();
    keys.add(peekName());
    pos += keys.get(0).length();
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '.') {
        pos++;
        String key = pos < src.length() && isDigit(src.charAt(pos)) ? digits() : name();
        keys.add(key);
      } else if (c == '[') {
        pos++;
        spaces();
        Object key = pos < src.length() && isDigit(src.charAt(pos)) ? digits() : literal();
        if (!(key instanceof String)) {
          throw new SyntaxError(pos, "an index is a whole number or a quoted key", FORM);
        }
        keys.add((String) key);
        spaces();
        expect(']', "']' after the index");
      } else {
        break;
      }
    }
    return new Ref(keys);
  }

  private String name() {
    if (pos >= src.length() || !isNameStart(src.charAt(pos))) {
      throw new SyntaxError(pos, "a name or an index is expected after '.'", FORM);
    }
    String n = peekName();
    pos += n.length();
    return n;
  }

  private String digits() {
    int start = pos;
    while (pos < src.length() && isDigit(src.charAt(pos))) {
      pos++;
    }
    return src.substring(start, pos);
  }

  private String peekName() {
    int end = pos + 1;
    while (end < src.length() && isNamePart(src.charAt(end))) {
      end++;
    }
    return src.substring(pos, end);
  }

  /** A quoted text or a number. */
  private Object literal() {
    if (pos >= src.length()) {
      throw new SyntaxError(pos, "the template ends inside an expression", FORM);
    }
    char c = src.charAt(pos);
    if (c == '\'' || c == '"') {
      return quoted(c);
    }
    if (c == '-' || isDigit(c)) {
      return number();
    }
    throw new SyntaxError(
        pos,
        "'" + c + "' cannot start a value here",
        "start with a name, a quoted text or a number");
  }

  private String quoted(char quote) {
    int start = pos;
    pos++;
    StringBuilder b = new StringBuilder();
    while (pos < src.length()) {
      char c = src.charAt(pos++);
      if (c == quote) {
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = pos < src.length() ? src.charAt(pos++) : 0;
      switch (e) {
        case '\\', '\'', '"' -> b.append(e);
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        default ->
            throw new SyntaxError(
                pos - 2, "unknown escape in a quoted text", "use \\\\ \\' \\\" \\n or \\t");
      }
    }
    throw new SyntaxError(start, "a quoted text is not closed", "end it with " + quote);
  }

  private Object number() {
    int start = pos;
    if (src.charAt(pos) == '-') {
      pos++;
    }
    String whole = digits();
    String fraction = "";
    if (pos < src.length() && src.charAt(pos) == '.') {
      pos++;
      fraction = digits();
    }
    if (whole.isEmpty() || (src.charAt(pos - 1) == '.' && fraction.isEmpty())) {
      throw new SyntaxError(start, "a number is expected", "write 12, -3 or 2.5");
    }
    if (whole.length() + fraction.length() > 18) {
      throw new SyntaxError(start, "the number has more than 18 digits", "write a shorter number");
    }
    String text = src.substring(start, pos);
    return fraction.isEmpty() ? (Object) Long.valueOf(text) : (Object) Double.valueOf(text);
  }

  private void expect(char c, String what) {
    if (pos >= src.length() || src.charAt(pos) != c) {
      throw new SyntaxError(
          pos,
          pos >= src.length()
              ? "the template ends where " + what + " is expected"
              : what + " is expected",
          FORM);
    }
    pos++;
  }

  private void spaces() {
    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || isDigit(c) || c == '-';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
