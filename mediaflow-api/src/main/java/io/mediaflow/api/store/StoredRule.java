package io.mediaflow.api.store;

import io.mediaflow.api.rule.RuleCounters;
import java.time.Instant;
import java.util.Objects;

/**
 * A rule as {@link RuleStore} keeps it.
 *
 * @param id the rule's id, chosen by the host
 * @param revision 1 for the first save, one more with each save or enable/disable
 * @param enabled whether it fires (kept apart from the definition so a switch is one small write)
 * @param definition the rule as JSON text, as core's rule reader reads it
 * @param counters what its runs have done
 * @param createdAt when revision 1 was saved
 * @param updatedAt when this revision was saved
 */
public record StoredRule(
    String id,
    int revision,
    boolean enabled,
    String definition,
    RuleCounters counters,
    Instant createdAt,
    Instant updatedAt) {

  public StoredRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(definition, "definition");
    counters = counters == null ? RuleCounters.NONE : counters;
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (revision < 1) {
      throw new IllegalArgumentException("revision must be 1 or more but was " + revision);
    }
  }
}
