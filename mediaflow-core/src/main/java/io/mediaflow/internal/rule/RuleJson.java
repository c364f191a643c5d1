package io.mediaflow.internal.rule;

import io.mediaflow.api.ValidationException;
import io.mediaflow.api.Violation;
import io.mediaflow.api.rule.Rule;
import io.mediaflow.internal.spec.JobSpecReader;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Rules as JSON, in the specification's shape (docs/rules.md): reads, writes and validates with
 * JSON paths. Written by {@link #write} and read by {@link #parse}, a rule is equal to itself.
 */
public final class RuleJson {

  private final RuleChecks checks;

  /** A reader that checks what only the engine knows through {@code checks}. */
  public RuleJson(RuleChecks checks) {
    this.checks = Objects.requireNonNull(checks, "checks");
  }

  /** Every problem of {@code json} as a rule, each with its JSON path; empty when it is valid. */
  public List<Violation> validate(String json) {
    return reading(json).problems();
  }

  /**
   * The rule {@code json} describes.
   *
   * @throws io.mediaflow.api.ValidationException with every violation when it is not valid
   */
  public Rule parse(String json) {
    RuleReader.Reading reading = reading(json);
    ValidationException.throwIfAny(reading.problems());
    return reading.rule().orElseThrow();
  }

  /** The JSON form of a rule, as {@link #parse} reads it. */
  public static String write(Rule rule) {
    return RuleWriter.write(rule);
  }

  private RuleReader.Reading reading(String json) {
    JobSpecReader.Tree tree = JobSpecReader.tree(json);
    if (tree.root().isEmpty()) {
      return new RuleReader.Reading(Optional.empty(), tree.problems());
    }
    return RuleReader.read(tree.root().get(), checks);
  }
}
