package io.mediaflow.internal.rule;

import io.mediaflow.api.Violation;
import io.mediaflow.api.rule.Rule;
import java.util.List;

/**
 * Rules as JSON, in the specification's shape (docs/rules.md): reads, writes and validates with
 * JSON paths. Written by {@link #write} and read by {@link #parse}, a rule is equal to itself.
 */
public final class RuleJson {

  private final RuleChecks checks;

  /** A reader that checks what only the engine knows through {@code checks}. */
  public RuleJson(RuleChecks checks) {
    this.checks = checks;
  }

  /** Every problem of {@code json} as a rule, each with its JSON path; empty when it is valid. */
  public List<Violation> validate(String json) {
    throw new UnsupportedOperationException("rule json: not yet");
  }

  /**
   * The rule {@code json} describes.
   *
   * @throws io.mediaflow.api.ValidationException with every violation when it is not valid
   */
  public Rule parse(String json) {
    throw new UnsupportedOperationException("rule json: not yet");
  }

  /** The JSON form of a rule, as {@link #parse} reads it. */
  public static String write(Rule rule) {
    throw new UnsupportedOperationException("rule json: not yet");
  }
}
