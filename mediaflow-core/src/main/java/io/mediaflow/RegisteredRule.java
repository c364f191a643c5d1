package io.mediaflow;

import io.mediaflow.api.rule.Rule;
import io.mediaflow.api.rule.RuleCounters;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule as {@link Rules} shows it: the rule, its revision, what it has done and when it fires
 * next.
 *
 * @param rule the rule (its {@code enabled} as stored)
 * @param revision 1 for the first save, one more with each update, enable or disable
 * @param counters executions, successes, failures, skipped firings, last run, last error
 * @param nextFireTime the next slot of a schedule rule that is enabled; empty otherwise
 * @param createdAt when it was registered
 * @param updatedAt when this revision was saved
 */
public record RegisteredRule(
    Rule rule,
    int revision,
    RuleCounters counters,
    Optional<Instant> nextFireTime,
    Instant createdAt,
    Instant updatedAt) {

  public RegisteredRule {
    Objects.requireNonNull(rule, "rule");
    counters = counters == null ? RuleCounters.NONE : counters;
    nextFireTime = nextFireTime == null ? Optional.empty() : nextFireTime;
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** The rule's id. */
  public String id() {
    return rule.id();
  }
}
