package io.mediaflow.internal.rule;

import io.mediaflow.api.condition.CompiledCondition;
import io.mediaflow.api.event.Event;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The event-triggered rules of an engine, indexed so that matching an event does not loop over
 * rules: exact types in a hash map, patterns in a trie over their segments. Immutable once built
 * (an engine builds a new one when its rules change), safe to share between threads.
 */
public final class EventIndex {

  /** An empty index. */
  public static final EventIndex EMPTY = build(List.of());

  /**
   * One rule as the index holds it.
   *
   * @param ruleId the rule
   * @param pattern its event type or pattern ({@code download.completed}, {@code job.*}, {@code
   *     **})
   * @param condition tested on {@link RuleData#forEvent} of the event; empty passes
   */
  public record Entry(String ruleId, String pattern, Optional<CompiledCondition> condition) {
    public Entry {
      Objects.requireNonNull(ruleId, "ruleId");
      Objects.requireNonNull(pattern, "pattern");
      condition = condition == null ? Optional.empty() : condition;
    }
  }

  private EventIndex() {}

  public static EventIndex build(Collection<Entry> entries) {
    return new EventIndex();
  }

  /**
   * The ids of the rules whose pattern matches the event's type and whose condition passes, each
   * once, in no set order. A condition that throws counts as not passing.
   */
  public List<String> match(Event event) {
    throw new UnsupportedOperationException("event index: not yet");
  }

  /** Whether any rule's pattern matches this type, conditions aside (cheap: no event built). */
  public boolean matchesType(String type) {
    throw new UnsupportedOperationException("event index: not yet");
  }

  /** How many rules it holds. */
  public int size() {
    throw new UnsupportedOperationException("event index: not yet");
  }
}
