package io.mediaflow.internal.rule;

import io.mediaflow.api.condition.CompiledCondition;
import io.mediaflow.api.rule.Rule;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule as an engine holds it in memory: parsed once per revision, its condition compiled, the
 * linear workflow of its inline actions written once.
 *
 * @param rule the rule
 * @param revision its store revision
 * @param condition its condition, compiled; empty passes
 * @param inlineDefinition the workflow document its inline actions make; empty when it runs a
 *     registered workflow
 * @param registeredAt when revision 1 was saved (an interval without anchor starts its grid there)
 */
public record LoadedRule(
    Rule rule,
    int revision,
    Optional<CompiledCondition> condition,
    Optional<String> inlineDefinition,
    Instant registeredAt) {

  /** The prefix of a rule run's {@link io.mediaflow.api.job.Job#ruleId()}. */
  public static final String JOB_RULE_PREFIX = "rule:";

  public LoadedRule {
    Objects.requireNonNull(rule, "rule");
    condition = condition == null ? Optional.empty() : condition;
    inlineDefinition = inlineDefinition == null ? Optional.empty() : inlineDefinition;
    Objects.requireNonNull(registeredAt, "registeredAt");
  }

  public String id() {
    return rule.id();
  }

  /** The job rule id its runs carry: {@code rule:<id>}. */
  public String jobRuleId() {
    return JOB_RULE_PREFIX + rule.id();
  }

  /**
   * Whether the condition passes on trigger data; a condition that throws does not pass (the rule
   * is skipped, not the other rules of the same event or tick).
   */
  public boolean passes(Map<String, Object> trigger) {
    if (condition.isEmpty()) {
      return true;
    }
    try {
      return condition.get().test(RuleData.forTrigger(trigger));
    } catch (RuntimeException e) {
      return false;
    }
  }
}
