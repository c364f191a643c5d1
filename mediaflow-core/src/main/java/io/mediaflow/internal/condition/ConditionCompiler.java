package io.mediaflow.internal.condition;

import static io.mediaflow.internal.spec.JsonPaths.field;
import static io.mediaflow.internal.spec.JsonPaths.index;

import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.condition.And;
import io.mediaflow.api.condition.Comparison;
import io.mediaflow.api.condition.Condition;
import io.mediaflow.api.condition.ConditionErrors;
import io.mediaflow.api.condition.ConditionType;
import io.mediaflow.api.condition.CustomCondition;
import io.mediaflow.api.condition.MediaCondition;
import io.mediaflow.api.condition.Not;
import io.mediaflow.api.condition.Operator;
import io.mediaflow.api.condition.Or;
import io.mediaflow.api.condition.RegexCondition;
import io.mediaflow.api.condition.TimeCondition;
import io.mediaflow.api.condition.Value;
import io.mediaflow.internal.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compiles a {@link Condition} once into a tree of {@link Check}s: regular expressions compiled by
 * RE2/J, time values and zones read, custom types looked up and compiled, constants kept ready. The
 * same walk is validation: every problem is reported at its JSON path below the condition's own.
 */
public final class ConditionCompiler {

  /** The deepest nesting of {@code and}/{@code or}/{@code not}. */
  public static final int MAX_DEPTH = 32;

  /** The most conditions one tree may hold. */
  public static final int MAX_CLAUSES = 1000;

  /** The longest regular expression, in characters. */
  public static final int MAX_PATTERN = 1000;

  private final ConditionTypes types;

  /** A compiler for conditions that may call these custom types. */
  public ConditionCompiler(ConditionTypes types) {
    this.types = Objects.requireNonNull(types, "types");
  }

  /** Every problem of {@code condition}, each at its path below {@code path}; empty when fine. */
  public List<Violation> check(Condition condition, String path) {
    List<Violation> out = new ArrayList<>();
    new Walk(out).compile(condition, path, 0);
    return out;
  }

  /**
   * The compiled condition.
   *
   * @param path the JSON path of the condition, for problems and for evaluation messages
   * @throws ValidationException every problem, at its path
   */
  public CompiledCheck compile(Condition condition, String path) {
    Objects.requireNonNull(condition, "condition");
    List<Violation> out = new ArrayList<>();
    Check root = new Walk(out).compile(condition, path, 0);
    if (!out.isEmpty()) {
      throw new ValidationException(out);
    }
    return new CompiledCheck(condition, root);
  }

  /** One compilation: counts clauses and collects problems. */
  private final class Walk {
    private final List<Violation> out;
    private int clauses;

    Walk(List<Violation> out) {
      this.out = out;
    }

    Check compile(Condition c, String path, int depth) {
      if (++clauses > MAX_CLAUSES) {
        if (clauses == MAX_CLAUSES + 1) {
          out.add(
              new Violation(
                  path,
                  ConditionErrors.CONDITION_TOO_COMPLEX,
                  "the condition holds more than " + MAX_CLAUSES + " clauses",
                  "split it, or test a list with \"in\""));
        }
        return null;
      }
      if (depth > MAX_DEPTH) {
        out.add(
            new Violation(
                path,
                ConditionErrors.CONDITION_TOO_COMPLEX,
                "the condition nests deeper than " + MAX_DEPTH + " levels",
                "flatten nested and/or into one list"));
        return null;
      }
      String where = "condition at " + (path.isEmpty() ? "(root)" : path);
      if (c instanceof And a) {
        List<Check> parts = parts(a.conditions(), path, depth);
        return parts == null ? null : Checks.all(parts);
      }
      if (c instanceof Or o) {
        List<Check> parts = parts(o.conditions(), path, depth);
        return parts == null ? null : Checks.any(parts);
      }
      if (c instanceof Not n) {
        Check inner = compile(n.condition(), index(field(path, "conditions"), 0), depth + 1);
        return inner == null ? null : Checks.not(inner);
      }
      if (c instanceof Comparison cmp) {
        return comparison(cmp, path, where);
      }
      if (c instanceof RegexCondition r) {
        return regex(r, path, where);
      }
      if (c instanceof TimeCondition t) {
        return TimeCheck.compile(t, path, out);
      }
      if (c instanceof MediaCondition m) {
        return media(m, path, where);
      }
      return custom((CustomCondition) c, path, where);
    }

    private List<Check> parts(List<Condition> conditions, String path, int depth) {
      List<Check> parts = new ArrayList<>();
      boolean ok = true;
      for (int i = 0; i < conditions.size(); i++) {
        Check part = compile(conditions.get(i), index(field(path, "conditions"), i), depth + 1);
        ok &= part != null;
        parts.add(part);
      }
      return ok ? parts : null;
    }

    private Check comparison(Comparison c, String path, String where) {
      Operand left = operand(c.left());
      Operand right = operand(c.right());
      if (c.operator() == Operator.IN && right.isConstant()) {
        Object r = right.constant();
        if (!(r instanceof java.util.Collection<?>
            || r instanceof java.util.Map<?, ?>
            || r instanceof CharSequence)) {
          out.add(
              new Violation(
                  field(path, "right"),
                  ConditionErrors.CONDITION_TYPE_MISMATCH,
                  "\"in\" needs a list on the right but has " + Coercion.describe(r),
                  "write a list such as [\"mp4\", \"mkv\"]"));
          return null;
        }
      }
      if (c.operator() == Operator.EXISTS
          && right.isConstant()
          && Coercion.bool(right.constant()) == null) {
        out.add(
            new Violation(
                field(path, "right"),
                ConditionErrors.CONDITION_INVALID,
                "\"exists\" takes true or false on the right but has "
                    + Coercion.describe(right.constant()),
                "leave \"right\" out, or write false for \"does not exist\""));
        return null;
      }
      return Checks.compare(left, c.operator(), right, c.ignoreCase(), where);
    }

    private Check regex(RegexCondition r, String path, String where) {
      int flags = 0;
      for (char f : r.flags().toCharArray()) {
        switch (f) {
          case 'i' -> flags |= com.google.re2j.Pattern.CASE_INSENSITIVE;
          case 'm' -> flags |= com.google.re2j.Pattern.MULTILINE;
          case 's' -> flags |= com.google.re2j.Pattern.DOTALL;
          default -> {
            out.add(
                new Violation(
                    field(path, "flags"),
                    ConditionErrors.CONDITION_REGEX_INVALID,
                    "unknown regex flag '" + f + "' in \"" + Coercion.abbreviate(r.flags()) + "\"",
                    "use i (ignore case), m (multi-line) and s (dot matches new lines)"));
            return null;
          }
        }
      }
      if (r.pattern().length() > MAX_PATTERN) {
        out.add(
            new Violation(
                field(path, "pattern"),
                ConditionErrors.CONDITION_REGEX_INVALID,
                "the pattern has "
                    + r.pattern().length()
                    + " characters; at most "
                    + MAX_PATTERN
                    + " are allowed",
                "shorten it, or test a list with \"in\""));
        return null;
      }
      long cost = RegexCost.of(r.pattern());
      if (cost > RegexCost.MAX) {
        out.add(
            new Violation(
                field(path, "pattern"),
                ConditionErrors.CONDITION_REGEX_INVALID,
                "the pattern is too large to match quickly: about "
                    + cost
                    + " states, at most "
                    + RegexCost.MAX
                    + " are allowed",
                "use smaller repetition counts ({1,1000} repeats its part a thousand times)"));
        return null;
      }
      try {
        return Checks.regex(
            operand(r.field()), com.google.re2j.Pattern.compile(r.pattern(), flags), where);
      } catch (com.google.re2j.PatternSyntaxException | IllegalArgumentException e) {
        out.add(
            new Violation(
                field(path, "pattern"),
                ConditionErrors.CONDITION_REGEX_INVALID,
                "\""
                    + Coercion.abbreviate(r.pattern())
                    + "\" is not a regular expression RE2 accepts: "
                    + e.getMessage(),
                "RE2 has no back-references or look-arounds; see docs/conditions.md, \"Regular expressions\""));
        return null;
      }
    }

    private Check media(MediaCondition m, String path, String where) {
      if (m.operator() == Operator.EXISTS) {
        out.add(
            new Violation(
                field(path, "operator"),
                ConditionErrors.CONDITION_INVALID,
                "a media condition cannot use \"exists\"",
                "compare the property with eq, ne, gt, gte, lt, lte, contains or in"));
        return null;
      }
      return new MediaCheck(
          m.property(),
          m.operator(),
          operand(m.value()),
          m.file() == null ? null : operand(m.file()),
          where);
    }

    private Check custom(CustomCondition c, String path, String where) {
      ConditionType type = types.find(c.name()).orElse(null);
      if (type == null) {
        out.add(
            new Violation(
                field(path, "name"),
                ConditionErrors.CONDITION_UNKNOWN_TYPE,
                "no condition type is named \""
                    + Coercion.abbreviate(c.name())
                    + "\""
                    + (types.names().isEmpty()
                        ? "; none is registered"
                        : "; known: " + String.join(", ", types.names())),
                Suggestions.didYouMean(c.name(), types.names())
                    .orElse(
                        "register it with MediaFlow.builder().condition(...) or ServiceLoader")));
        return null;
      }
      try {
        ConditionType.Test test = type.compile(c.params());
        if (test == null) {
          throw new IllegalArgumentException("the type compiled to nothing");
        }
        return new CustomCheck(c.name(), test, where);
      } catch (MediaFlowException | IllegalArgumentException e) {
        out.add(
            new Violation(
                field(path, "params"),
                ConditionErrors.CONDITION_INVALID,
                "condition type \"" + c.name() + "\" refused its parameters: " + e.getMessage(),
                "see the type's documentation for its parameters"));
        return null;
      } catch (RuntimeException e) {
        out.add(
            new Violation(
                field(path, "params"),
                ConditionErrors.CONDITION_CUSTOM_FAILED,
                "condition type \"" + c.name() + "\" failed to compile: " + e,
                "report it to the type's author"));
        return null;
      }
    }
  }

  static Operand operand(Value v) {
    if (v instanceof Value.Literal l) {
      return Operand.literal(l.value());
    }
    if (v instanceof Value.Ref r) {
      return Operand.ref(r.source(), r.path());
    }
    return Operand.template(((Value.Template) v).text());
  }
}
