package io.mediaflow.internal.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.mediaflow.api.event.Event;
import io.mediaflow.api.event.EventPatterns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * For random patterns and types, the index gives what a loop over every entry with {@link
 * EventPatterns#matches} gives: the index is an optimisation, never a second definition.
 */
class EventIndexPropertyTest {

  private static final String[] WORDS = {"a", "b", "c", "job", "media"};

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 2026})
  void the_index_agrees_with_a_brute_force_loop(long seed) {
    Random random = new Random(seed);
    List<EventIndex.Entry> entries = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      // fewer ids than entries, so some rules have several patterns
      entries.add(
          new EventIndex.Entry("r" + random.nextInt(300), pattern(random), Optional.empty()));
    }
    EventIndex index = EventIndex.build(entries);

    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      String type = type(random);
      Set<String> expected = new LinkedHashSet<>();
      for (EventIndex.Entry e : entries) {
        if (EventPatterns.matches(e.pattern(), type)) {
          expected.add(e.ruleId());
        }
      }
      Event event = Event.of(type, Instant.EPOCH, Map.of());

      List<String> first = index.match(event);
      List<String> cached = index.match(event);

      // plain comparisons in the loop, one assertion at the end: AssertJ per item is slow
      if (first.size() != expected.size()
          || new LinkedHashSet<>(first).size() != first.size()
          || !expected.containsAll(first)
          || !new LinkedHashSet<>(cached).equals(new LinkedHashSet<>(first))
          || index.matchesType(type) == expected.isEmpty()) {
        wrong.add(type + ": index " + first + " / " + cached + ", loop " + expected);
      }
    }

    assertThat(wrong).isEmpty();
  }

  private static String pattern(Random random) {
    int n = 1 + random.nextInt(4);
    List<String> segments = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int pick = random.nextInt(10);
      segments.add(pick < 2 ? "*" : pick < 3 ? "**" : WORDS[random.nextInt(WORDS.length)]);
    }
    return String.join(".", segments);
  }

  private static String type(Random random) {
    int n = 1 + random.nextInt(5);
    List<String> segments = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      segments.add(WORDS[random.nextInt(WORDS.length)]);
    }
    return String.join(".", segments);
  }
}
