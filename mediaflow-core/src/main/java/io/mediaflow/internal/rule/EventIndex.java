package io.mediaflow.internal.rule;

import io.mediaflow.api.condition.CompiledCondition;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.event.EventPatterns;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event-triggered rules of an engine, indexed so that matching an event does not loop over
 * rules: exact types in a hash map, patterns in a trie over their segments. Immutable once built
 * (an engine builds a new one when its rules change), safe to share between threads.
 *
 * <p>The entries a type can match (exact and pattern ones together) are worked out once per type
 * and kept, up to {@value #MAX_CACHED_TYPES} types: an engine publishes few distinct types many
 * times, so matching an event is then one map look-up and the conditions of its candidates.
 */
public final class EventIndex {

  /** How many distinct event types keep their candidates; others are worked out each time. */
  static final int MAX_CACHED_TYPES = 10_000;

  private static final Entry[] NONE = new Entry[0];

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
      EventPatterns.checkPattern(pattern);
      condition = condition == null ? Optional.empty() : condition;
    }
  }

  private final Map<String, List<Entry>> exact;
  private final PatternTrie<Entry> patterns;
  private final int size;
  private final Map<String, Entry[]> candidates = new ConcurrentHashMap<>();

  private EventIndex(Map<String, List<Entry>> exact, PatternTrie<Entry> patterns, int size) {
    this.exact = exact;
    this.patterns = patterns;
    this.size = size;
  }

  /**
   * An index of {@code entries}.
   *
   * @throws IllegalArgumentException for a pattern that is not valid
   */
  public static EventIndex build(Collection<Entry> entries) {
    Map<String, List<Entry>> exact = new HashMap<>();
    PatternTrie<Entry> patterns = new PatternTrie<>();
    for (Entry e : entries) {
      if (EventPatterns.isWildcard(e.pattern())) {
        patterns.add(e.pattern(), e);
      } else {
        exact.computeIfAbsent(e.pattern(), p -> new ArrayList<>(1)).add(e);
      }
    }
    return new EventIndex(exact, patterns, entries.size());
  }

  /**
   * The ids of the rules whose pattern matches the event's type and whose condition passes, each
   * once, in no set order. A condition that throws counts as not passing.
   */
  public List<String> match(Event event) {
    return match(event, null);
  }

  /**
   * As {@link #match(Event)}, adding to {@code rejected} (unless null) the ids of the rules whose
   * pattern matched and whose condition did not pass.
   */
  public List<String> match(Event event, List<String> rejected) {
    Entry[] found = candidates(event.type());
    if (found.length == 0) {
      return List.of();
    }
    Map<String, Object> data = null; // built once, and only for a candidate with a condition
    List<String> matched = null;
    for (Entry e : found) {
      if (matched != null && matched.contains(e.ruleId())) {
        continue;
      }
      if (e.condition().isPresent()) {
        if (data == null) {
          data = RuleData.forEvent(event);
        }
        if (!passes(e.condition().get(), data)) {
          if (rejected != null) {
            rejected.add(e.ruleId());
          }
          continue;
        }
      }
      if (matched == null) {
        matched = new ArrayList<>(Math.min(found.length, 4));
      }
      matched.add(e.ruleId());
    }
    return matched == null ? List.of() : matched;
  }

  private static boolean passes(CompiledCondition condition, Map<String, Object> data) {
    try {
      return condition.test(data);
    } catch (RuntimeException e) {
      // a condition that cannot be tested on this event (a missing probe, a bad value, a host's
      // custom type failing) rejects it rather than stop the other rules from matching
      return false;
    }
  }

  /** Whether any rule's pattern matches this type, conditions aside (cheap: no event built). */
  public boolean matchesType(String type) {
    return candidates(type).length > 0;
  }

  /** How many rules it holds. */
  public int size() {
    return size;
  }

  /** The entries whose pattern matches {@code type}, each once. */
  private Entry[] candidates(String type) {
    Entry[] known = candidates.get(type);
    if (known != null) {
      return known;
    }
    LinkedHashSet<Entry> found = new LinkedHashSet<>(exact.getOrDefault(type, List.of()));
    patterns.collect(type, found);
    Entry[] list = found.isEmpty() ? NONE : found.toArray(NONE);
    if (candidates.size() < MAX_CACHED_TYPES) {
      candidates.put(type, list);
    }
    return list;
  }
}
