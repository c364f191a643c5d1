package io.mediaflow.api.rule;

import java.time.Instant;
import java.util.Optional;

/**
 * What a rule has done so far, as its store keeps it.
 *
 * @param executions runs started (buffered ones when they start)
 * @param successes runs completed
 * @param failures runs that ended dead (attempts exhausted) or were cancelled by a timeout
 * @param skipped firings not run because of the overlap policy or the condition
 * @param lastRun when the latest run started
 * @param lastError the error of the latest failed run
 */
public record RuleCounters(
    long executions,
    long successes,
    long failures,
    long skipped,
    Optional<Instant> lastRun,
    Optional<String> lastError) {

  public static final RuleCounters NONE =
      new RuleCounters(0, 0, 0, 0, Optional.empty(), Optional.empty());

  public RuleCounters {
    lastRun = lastRun == null ? Optional.empty() : lastRun;
    lastError = lastError == null ? Optional.empty() : lastError;
  }
}
