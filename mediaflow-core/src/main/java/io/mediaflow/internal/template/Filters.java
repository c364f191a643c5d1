package io.mediaflow.internal.template;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The filters, by name: {@code default lower upper slug truncate replace date duration filesize}. A
 * filter's arguments are literals (only {@code default} also takes a reference), checked when the
 * template is compiled, so a render never parses a format or a number.
 */
final class Filters {

  /** Every filter's name, for messages. */
  static final Set<String> NAMES =
      Set.of(
          "default",
          "lower",
          "upper",
          "slug",
          "truncate",
          "replace",
          "date",
          "duration",
          "filesize");

  private static final String LIST =
      "use one of default lower upper slug truncate replace date duration filesize";

  private Filters() {}

  /**
   * The filter {@code name} with {@code args}.
   *
   * @param at where the filter's name starts in the template
   * @throws SyntaxError for an unknown filter or arguments it does not take
   */
  static Filter create(String name, List<Source> args, int at) {
    return switch (name) {
      case "default" -> {
        arity(name, args, 1, 1, at, "default(value): default('none')");
        Source fallback = args.get(0);
        yield new Default(fallback);
      }
      case "lower" -> {
        arity(name, args, 0, 0, at, "lower");
        yield (v, env, e) -> Texts.input(v, env).toLowerCase(Locale.ROOT);
      }
      case "upper" -> {
        arity(name, args, 0, 0, at, "upper");
        yield (v, env, e) -> Texts.input(v, env).toUpperCase(Locale.ROOT);
      }
      case "slug" -> {
        arity(name, args, 0, 1, at, "slug or slug(60)");
        int max = args.isEmpty() ? Integer.MAX_VALUE : count(name, args.get(0), at);
        yield (v, env, e) -> Slugs.slug(Texts.input(v, env), max);
      }
      case "truncate" -> {
        arity(name, args, 1, 2, at, "truncate(40) or truncate(40, '...')");
        int max = count(name, args.get(0), at);
        String suffix = args.size() > 1 ? text(name, args.get(1), at) : "";
        if (suffix.codePointCount(0, suffix.length()) > max) {
          throw new SyntaxError(
              at, "truncate's suffix is longer than its length " + max, "use a shorter suffix");
        }
        yield (v, env, e) -> truncate(Texts.input(v, env), max, suffix);
      }
      case "replace" -> {
        arity(name, args, 2, 2, at, "replace('from', 'to')");
        String from = text(name, args.get(0), at);
        String to = text(name, args.get(1), at);
        if (from.isEmpty()) {
          throw new SyntaxError(
              at, "replace's first argument is empty", "name the text to replace");
        }
        yield (v, env, e) -> replace(Texts.input(v, env), from, to, env);
      }
      case "date" -> {
        arity(name, args, 1, 2, at, "date('YYYY-MM-DD') or date('HH:mm', 'Europe/Paris')");
        DateFormat format = DateFormat.compile(text(name, args.get(0), at), at);
        ZoneId zone = args.size() > 1 ? zone(text(name, args.get(1), at), at) : ZoneOffset.UTC;
        yield (v, env, e) -> format.format(Dates.zoned(v, zone, env, e).toLocalDateTime());
      }
      case "duration" -> {
        arity(name, args, 0, 1, at, "duration or duration('words')");
        boolean words = style(name, args, at, "clock", "words");
        yield (v, env, e) -> Units.duration(v, words, env, e);
      }
      case "filesize" -> {
        arity(name, args, 0, 1, at, "filesize or filesize('binary')");
        boolean binary = style(name, args, at, "si", "binary");
        yield (v, env, e) -> Units.filesize(v, binary, env, e);
      }
      default ->
          throw new SyntaxError(
              at,
              "unknown filter '" + name + "'",
              // a name far longer than any filter's is no typo: no edit distance over it
              (name.length() > 32
                      ? java.util.Optional.<String>empty()
                      : io.mediaflow.internal.Suggestions.didYouMean(
                          name, NAMES.stream().sorted().toList()))
                  .orElse(LIST));
    };
  }

  /** {@code default(x)}: x when the value is missing, null or empty text. */
  private record Default(Source fallback) implements Filter {
    @Override
    public Object apply(Object v, Env env, Expr expr) {
      if (v != Env.MISSING && v != null && !"".equals(v)) {
        return v;
      }
      Object d = fallback.get(env, expr);
      if (d == Env.MISSING) {
        throw Failures.unresolved(
            env.where, expr.text(), "its default " + ((Ref) fallback).missing(env));
      }
      return d;
    }

    @Override
    public boolean acceptsMissing() {
      return true;
    }
  }

  static String truncate(String s, int max, String suffix) {
    if (s.length() <= max || s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    int keep = max - suffix.codePointCount(0, suffix.length());
    return s.substring(0, s.offsetByCodePoints(0, keep)) + suffix;
  }

  /** Replaces every {@code from}; the result's length is known before it is built. */
  static String replace(String s, String from, String to, Env env) {
    int count = 0;
    for (int i = s.indexOf(from); i >= 0; i = s.indexOf(from, i + from.length())) {
      count++;
    }
    long length = s.length() + (long) count * (to.length() - from.length());
    if (length > env.limits.maxOutputLength()) {
      throw Texts.tooLong(env);
    }
    return count == 0 ? s : s.replace(from, to);
  }

  private static void arity(String name, List<Source> args, int min, int max, int at, String form) {
    if (args.size() < min || args.size() > max) {
      throw new SyntaxError(
          at,
          "filter '"
              + name
              + "' takes "
              + (min == max ? String.valueOf(min) : min + " to " + max)
              + " argument"
              + (max == 1 && min == max ? "" : "s")
              + " but was given "
              + args.size(),
          "write it as " + form);
    }
    if (!name.equals("default")) {
      for (Source a : args) {
        if (!(a instanceof Source.Const)) {
          throw new SyntaxError(
              at,
              "filter '" + name + "' takes literal arguments, not references",
              "write the argument as a number or a quoted text: " + form);
        }
      }
    }
  }

  private static int count(String name, Source arg, int at) {
    Object v = ((Source.Const) arg).value();
    if (v instanceof Long n && n >= 0 && n <= TemplateLimits.DEFAULTS.maxOutputLength()) {
      return n.intValue();
    }
    throw new SyntaxError(
        at,
        "filter '"
            + name
            + "' takes a whole number from 0 to "
            + TemplateLimits.DEFAULTS.maxOutputLength()
            + " but was given "
            + Texts.describe(v),
        "write a length such as " + name + "(40)");
  }

  private static String text(String name, Source arg, int at) {
    Object v = ((Source.Const) arg).value();
    if (v instanceof String s) {
      return s;
    }
    throw new SyntaxError(
        at,
        "filter '" + name + "' takes quoted text but was given " + Texts.describe(v),
        "quote it: '" + v + "'");
  }

  private static ZoneId zone(String id, int at) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new SyntaxError(
          at,
          "'" + id + "' is not a time zone",
          "use a zone id such as 'Europe/Paris' or 'UTC', or an offset such as '+02:00'");
    }
  }

  private static boolean style(String name, List<Source> args, int at, String plain, String other) {
    if (args.isEmpty()) {
      return false;
    }
    String s = text(name, args.get(0), at);
    if (s.equals(plain) || s.equals(other)) {
      return s.equals(other);
    }
    throw new SyntaxError(
        at,
        "filter '" + name + "' takes '" + plain + "' or '" + other + "' but was given '" + s + "'",
        "write " + name + "('" + other + "') or leave the argument out");
  }
}
