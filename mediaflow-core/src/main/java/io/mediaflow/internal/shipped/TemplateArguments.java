package io.mediaflow.internal.shipped;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.Violation;
import io.mediaflow.api.rule.CronSyntax;
import io.mediaflow.api.rule.RuleErrors;
import io.mediaflow.api.rule.TemplateParameter;
import io.mediaflow.internal.Suggestions;
import io.mediaflow.internal.rule.schedule.Schedules;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the parameters given to install a shipped template against its declarations, and gives the
 * values to fill in: each given value of its type, the defaults for the rest. Every problem is
 * reported at once, at {@code params.<name>}, with a code and a suggestion.
 */
public final class TemplateArguments {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private TemplateArguments() {}

  /**
   * The values to fill in, and the problems found.
   *
   * @param values every declared parameter's value (given or default) when there is no problem
   * @param problems every problem of the given parameters; empty when they may be installed
   */
  public record Checked(Map<String, Object> values, List<Violation> problems) {}

  /** Checks {@code given} against the template's parameters. */
  public static Checked check(TemplateCatalog.Entry entry, Map<String, ?> given) {
    List<TemplateParameter> declared = entry.template().parameters();
    List<String> names = declared.stream().map(TemplateParameter::name).toList();
    List<Violation> problems = new ArrayList<>();
    for (String key : given.keySet()) {
      if (!names.contains(key)) {
        problems.add(
            new Violation(
                at(key),
                ErrorCode.UNKNOWN_FIELD,
                "template '"
                    + entry.template().name()
                    + "' has no parameter '"
                    + key
                    + "'; it takes "
                    + String.join(", ", names),
                Suggestions.closest(key, names)
                    .map(n -> "did you mean '" + n + "'?")
                    .orElse("see docs/shipped-templates.md")));
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (TemplateParameter p : declared) {
      Object value = given.get(p.name());
      if (value == null) {
        if (p.defaultValue().isPresent()) {
          values.put(p.name(), p.defaultValue().get());
        } else {
          problems.add(
              new Violation(
                  at(p.name()),
                  ErrorCode.MISSING_FIELD,
                  "template '" + entry.template().name() + "' needs '" + p.name() + "'",
                  "give " + p.name() + ": " + p.description()));
        }
        continue;
      }
      value(p, value).ifPresentOrElse(v -> values.put(p.name(), v), () -> {});
      problem(p, value).ifPresent(problems::add);
    }
    entry.apart().forEach((name, other) -> apart(name, other, values).ifPresent(problems::add));
    return new Checked(problems.isEmpty() ? Map.copyOf(values) : Map.of(), List.copyOf(problems));
  }

  private static String at(String name) {
    return "params." + name;
  }

  /** The value as it is filled in: numbers as numbers, text as text. */
  private static Optional<Object> value(TemplateParameter p, Object given) {
    return switch (p.type()) {
      case INTEGER -> integer(given).map(Object.class::cast);
      case PATH -> given instanceof String s ? Optional.of(trimSlashes(s)) : Optional.empty();
      default -> given instanceof String s ? Optional.of(s.strip()) : Optional.empty();
    };
  }

  private static Optional<Violation> problem(TemplateParameter p, Object given) {
    String at = at(p.name());
    switch (p.type()) {
      case INTEGER -> {
        Optional<Long> n = integer(given);
        if (n.isEmpty()) {
          return wrongType(at, "a whole number", given, p.name() + ": 1800");
        }
        if (n.get() < p.min() || n.get() > p.max()) {
          return Optional.of(
              new Violation(
                  at,
                  ErrorCode.OUT_OF_RANGE,
                  p.name()
                      + " must be between "
                      + p.min()
                      + " and "
                      + p.max()
                      + " but was "
                      + n.get(),
                  "give a value between " + p.min() + " and " + p.max()));
        }
        return Optional.empty();
      }
      default -> {
        if (!(given instanceof String s)) {
          return wrongType(at, "text", given, p.name() + ": \"...\"");
        }
        return text(p, s.strip(), at);
      }
    }
  }

  private static Optional<Violation> text(TemplateParameter p, String s, String at) {
    if (s.isEmpty()) {
      return invalid(at, p.name() + " is empty", "give " + p.description());
    }
    if (s.chars().anyMatch(Character::isISOControl)) {
      return invalid(at, p.name() + " holds a control character", "give plain text");
    }
    if (s.contains("${") || s.contains("{{") || s.contains("%{")) {
      return invalid(
          at,
          p.name() + " '" + s + "' holds a template; a parameter is a plain value",
          "write the value itself; the template's workflow adds the run-time templates");
    }
    return switch (p.type()) {
      case PATH -> path(p.name(), s, at);
      case URL -> url(p.name(), s, at);
      case CRON ->
          Schedules.problem(s, CronSyntax.UNIX)
              .map(
                  why ->
                      new Violation(
                          at,
                          RuleErrors.INVALID_CRON,
                          "'" + s + "' is not a valid unix cron expression: " + why,
                          "write five fields: minute hour day-of-month month day-of-week, e.g."
                              + " '0 3 * * *' (03:00 every day, UTC)"));
      case ID ->
          ID.matcher(s).matches()
              ? Optional.empty()
              : invalid(
                  at,
                  "id '" + s + "' is not 1 to 128 of A-Z a-z 0-9 . _ -",
                  "give an id such as 'podcasts-2'");
      default -> Optional.empty();
    };
  }

  private static Optional<Violation> path(String name, String s, String at) {
    String norm = s.replace('\\', '/');
    boolean up = List.of(norm.split("/")).contains("..");
    if (norm.startsWith("/")
        || norm.startsWith("~")
        || up
        || s.contains("\\")
        || s.matches("^[A-Za-z]:.*")) {
      return invalid(
          at,
          name + " '" + s + "' is not a relative path inside the engine's folders",
          "write a folder relative to the workspace's base, such as 'Podcasts' or"
              + " 'media/Archive'; no leading / or ~, no .., no \\");
    }
    return Optional.empty();
  }

  private static Optional<Violation> url(String name, String s, String at) {
    try {
      URI uri = new URI(s);
      if (uri.isAbsolute()
          && uri.getSchemeSpecificPart() != null
          && !uri.getSchemeSpecificPart().isEmpty()) {
        return Optional.empty();
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    return invalid(
        at,
        name + " '" + s + "' is not an absolute URL",
        "give the address with its scheme, such as https://example.com/playlist?list=...");
  }

  private static Optional<Violation> apart(String name, String other, Map<String, Object> values) {
    Object a = values.get(name);
    Object b = values.get(other);
    if (!(a instanceof String x) || !(b instanceof String y)) {
      return Optional.empty();
    }
    if (x.equals(y) || x.startsWith(y + "/") || y.startsWith(x + "/")) {
      return invalid(
          at(name),
          name + " '" + x + "' and " + other + " '" + y + "' overlap: one is inside the other",
          "give two separate folders, such as 'Downloads' and 'Archive'");
    }
    return Optional.empty();
  }

  private static String trimSlashes(String s) {
    String out = s.strip();
    while (out.length() > 1 && out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }

  private static Optional<Long> integer(Object given) {
    if (given instanceof Integer
        || given instanceof Long
        || given instanceof Short
        || given instanceof Byte) {
      return Optional.of(((Number) given).longValue());
    }
    if (given instanceof String s && s.strip().matches("[+-]?\\d{1,18}")) {
      return Optional.of(Long.parseLong(s.strip()));
    }
    return Optional.empty();
  }

  private static Optional<Violation> wrongType(
      String at, String want, Object given, String example) {
    return Optional.of(
        new Violation(
            at,
            ErrorCode.WRONG_TYPE,
            at.substring("params.".length())
                + " must be "
                + want
                + " but was "
                + given.getClass().getSimpleName()
                + " "
                + given,
            "give " + example));
  }

  private static Optional<Violation> invalid(String at, String message, String suggestion) {
    return Optional.of(new Violation(at, ErrorCode.INVALID_VALUE, message, suggestion));
  }
}
