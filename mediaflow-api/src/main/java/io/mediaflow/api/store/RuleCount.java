package io.mediaflow.api.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts to add to one rule's {@link io.mediaflow.api.rule.RuleCounters}, as {@link
 * RuleStore#count} takes them: each number is added, {@code lastRun} and {@code lastError} replace
 * the stored ones when present (a later {@code lastRun} only: an older one is ignored).
 *
 * @param ruleId the rule
 * @param executions runs started or buffered
 * @param successes runs completed
 * @param failures runs dead or timed out
 * @param skipped firings not run (overlap policy or condition)
 * @param lastRun when the latest of the runs counted started
 * @param lastError the error of the latest failure counted
 */
public record RuleCount(
    String ruleId,
    long executions,
    long successes,
    long failures,
    long skipped,
    Optional<Instant> lastRun,
    Optional<String> lastError) {

  public RuleCount {
    Objects.requireNonNull(ruleId, "ruleId");
    if (executions < 0 || successes < 0 || failures < 0 || skipped < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    lastRun = lastRun == null ? Optional.empty() : lastRun;
    lastError = lastError == null ? Optional.empty() : lastError;
  }

  /** One run started at {@code at}. */
  public static RuleCount started(String ruleId, Instant at) {
    return new RuleCount(ruleId, 1, 0, 0, 0, Optional.of(at), Optional.empty());
  }

  /** One run completed. */
  public static RuleCount succeeded(String ruleId) {
    return new RuleCount(ruleId, 0, 1, 0, 0, Optional.empty(), Optional.empty());
  }

  /** One run failed for good with {@code error}. */
  public static RuleCount failed(String ruleId, String error) {
    return new RuleCount(ruleId, 0, 0, 1, 0, Optional.empty(), Optional.of(error));
  }

  /** One firing skipped. */
  public static RuleCount skipped(String ruleId) {
    return new RuleCount(ruleId, 0, 0, 0, 1, Optional.empty(), Optional.empty());
  }
}
