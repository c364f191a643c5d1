package io.mediaflow.api.operator;

import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.OutOfRangeException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.media.MediaDuration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Applies a descriptor's declarative rules to raw parameter values: unknown names, required values,
 * type conversion, the host's allowed folders for files, range, allowed values, pattern and custom
 * checks. Every problem is reported, each with its path.
 */
public final class ParamBinder {

  /** A scheme of at least two letters other than {@code file:} (so {@code C:\} is a path). */
  private static final Pattern REMOTE =
      Pattern.compile("(?!(?i:file):)[A-Za-z][A-Za-z0-9+.-]+:.*", Pattern.DOTALL);

  private ParamBinder() {}

  /** The outcome: converted values (only those that passed) and every violation. */
  public record Result(Params params, List<Violation> violations) {
    public Result {
      violations = violations.isEmpty() ? List.of() : List.copyOf(violations);
    }

    public boolean ok() {
      return violations.isEmpty();
    }
  }

  /**
   * Binds raw values in a context that allows no file: a {@link ParamType#PATH} value is refused
   * with {@code PATH_NOT_ALLOWED}. Hosts bind with {@link #bind(OperatorDescriptor, Map,
   * ValidationContext)}.
   *
   * @param descriptor the operator's declared parameters
   * @param raw the values as given
   * @param paramsPath the path of the params object, such as {@code operations[1].params}
   */
  public static Result bind(OperatorDescriptor descriptor, Map<String, ?> raw, String paramsPath) {
    return bind(descriptor, raw, new ValidationContext(paramsPath));
  }

  /**
   * Binds raw values. A {@link ParamType#PATH} value is resolved through {@code ctx}'s {@link
   * PathResolver} right after its text is checked, before any other rule, so the first answer about
   * a file is whether it may be used at all; its pattern and allowed values apply to the text as
   * written, its custom check to the resolved {@link java.nio.file.Path}, which is what {@link
   * Params} then holds.
   *
   * @param descriptor the operator's declared parameters
   * @param raw the values as given
   * @param ctx where the params object is, such as {@code operations[1].params}, and which files
   *     parameters may name
   */
  public static Result bind(
      OperatorDescriptor descriptor, Map<String, ?> raw, ValidationContext ctx) {
    String paramsPath = ctx.paramsPath();
    List<Violation> violations = new ArrayList<>(0);
    List<ParamSpec> specs = descriptor.params();
    // converted values straight into the arrays Params keeps: no map per operation
    String[] names = new String[specs.size()];
    Object[] values = new Object[specs.size()];
    int count = 0;
    for (String key : raw.keySet()) {
      if (descriptor.param(key).isEmpty()) {
        violations.add(
            new Violation(
                paramsPath + "." + key,
                ErrorCode.UNKNOWN_FIELD,
                "operator '" + descriptor.name() + "' has no parameter '" + key + "'",
                "known parameters: " + descriptor.paramNames()));
      }
    }
    for (int k = 0; k < specs.size(); k++) {
      ParamSpec spec = specs.get(k);
      // paths are built only for a violation: binding runs for every operation of every plan
      Object value = raw.get(spec.name());
      if (value == null) {
        if (spec.required()) {
          violations.add(
              new Violation(
                  paramsPath + "." + spec.name(),
                  ErrorCode.MISSING_FIELD,
                  "parameter '" + spec.name() + "' is required (" + spec.type().expected() + ")",
                  spec.description()));
          continue;
        }
        if (spec.defaultValue() == null) {
          continue;
        }
        if (spec.type() != ParamType.PATH && spec.type() != ParamType.LOCATION) {
          names[count] = spec.name();
          values[count++] = spec.defaultValue();
          continue;
        }
        value = spec.defaultValue(); // a default file is confined like a given one
      }
      Object v;
      try {
        v = spec.type().convert(value);
      } catch (IllegalArgumentException e) {
        ErrorCode code =
            e instanceof OutOfRangeException ? ErrorCode.OUT_OF_RANGE : ErrorCode.WRONG_TYPE;
        violations.add(Violation.of(paramsPath + "." + spec.name(), code, e.getMessage()));
        continue;
      }
      Object bound = v;
      if (spec.type() == ParamType.PATH || spec.type() == ParamType.LOCATION) {
        try {
          bound = resolveFile(ctx.paths(), spec.type(), (String) v, paramsPath + "." + spec.name());
        } catch (ValidationException e) {
          violations.addAll(e.violations());
          continue;
        }
      }
      Optional<Violation> rule = checkRules(spec, v, bound, paramsPath);
      if (rule.isPresent()) {
        violations.add(rule.get());
      } else {
        names[count] = spec.name();
        values[count++] = bound;
      }
    }
    return new Result(Params.owning(names, values, count), violations);
  }

  /**
   * A path resolved inside the allowed folders; for a {@link ParamType#LOCATION} with a scheme
   * other than {@code file:}, the location its storage checked.
   */
  private static Object resolveFile(PathResolver paths, ParamType type, String text, String at) {
    if (type == ParamType.LOCATION && REMOTE.matcher(text).matches()) {
      return paths.resolveLocation(text, at);
    }
    return paths.resolve(text, at);
  }

  /**
   * @param v the converted value, which ranges, allowed values and patterns apply to
   * @param bound what the parameter holds, which the custom check sees: {@code v}, or for a path
   *     the resolved file
   */
  private static Optional<Violation> checkRules(
      ParamSpec spec, Object v, Object bound, String paramsPath) {
    if (!spec.hasRules()) {
      return Optional.empty();
    }
    Double number = numeric(v);
    if (number != null && (spec.min() != null || spec.max() != null)) {
      boolean low = spec.min() != null && number < spec.min();
      boolean high = spec.max() != null && number > spec.max();
      if (low || high) {
        return Optional.of(
            new Violation(
                paramsPath + "." + spec.name(),
                ErrorCode.OUT_OF_RANGE,
                "must be "
                    + rangeText(spec)
                    + " but was "
                    + ParamType.describe(v instanceof MediaDuration d ? d.toFfmpeg() : v),
                ""));
      }
    }
    if (!spec.allowed().isEmpty() && v instanceof String s && !spec.allowed().contains(s)) {
      return Optional.of(
          new Violation(
              paramsPath + "." + spec.name(),
              ErrorCode.INVALID_VALUE,
              "must be one of " + spec.allowed() + " but was " + ParamType.describe(s),
              ""));
    }
    if (spec.pattern() != null && v instanceof String s && !spec.pattern().matcher(s).matches()) {
      return Optional.of(
          new Violation(
              paramsPath + "." + spec.name(),
              ErrorCode.INVALID_VALUE,
              "must match " + spec.pattern().pattern() + " but was " + ParamType.describe(s),
              spec.description()));
    }
    if (spec.check() != null) {
      Optional<String> problem = spec.check().check(bound);
      if (problem.isPresent()) {
        return Optional.of(
            Violation.of(paramsPath + "." + spec.name(), ErrorCode.INVALID_VALUE, problem.get()));
      }
    }
    return Optional.empty();
  }

  private static Double numeric(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof MediaDuration d) {
      return d.toSeconds();
    }
    return null;
  }

  private static String rangeText(ParamSpec spec) {
    if (spec.min() != null && spec.max() != null) {
      return "between " + plain(spec.min()) + " and " + plain(spec.max());
    }
    return spec.min() != null ? "at least " + plain(spec.min()) : "at most " + plain(spec.max());
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
