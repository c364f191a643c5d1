package io.mediaflow.internal.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.InMemoryStorage;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.condition.CompiledCondition;
import io.mediaflow.api.condition.Condition;
import io.mediaflow.api.condition.ConditionErrors;
import io.mediaflow.api.event.Event;
import io.mediaflow.testkit.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Matching events to rules through the index: patterns, conditions, each rule once. */
class EventIndexTest {

  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
  private static MediaFlow flow;

  @BeforeAll
  static void build() {
    flow =
        MediaFlow.builder()
            .storage(new InMemoryStorage())
            .clock(ManualClock.at(NOW))
            .runOnCallingThread()
            .build();
  }

  @AfterAll
  static void close() {
    flow.close();
  }

  private static EventIndex.Entry entry(String id, String pattern) {
    return new EventIndex.Entry(id, pattern, Optional.empty());
  }

  private static EventIndex.Entry entry(String id, String pattern, String condition) {
    return new EventIndex.Entry(id, pattern, Optional.of(flow.conditions().compile(condition)));
  }

  private static Event event(String type, Map<String, ?> data) {
    return Event.of(type, NOW, data);
  }

  private static Event event(String type) {
    return event(type, Map.of());
  }

  @Test
  void exact_types_and_each_kind_of_wildcard_match() {
    EventIndex index =
        EventIndex.build(
            List.of(
                entry("exact", "download.completed"),
                entry("one", "download.*"),
                entry("any", "**"),
                entry("deep", "media.**"),
                entry("middle", "job.**.failed"),
                entry("first", "*.failed")));

    assertThat(index.match(event("download.completed")))
        .containsExactlyInAnyOrder("exact", "one", "any");
    assertThat(index.match(event("download.completed.twice"))).containsExactly("any");
    assertThat(index.match(event("media"))).containsExactlyInAnyOrder("deep", "any");
    assertThat(index.match(event("media.probe.done"))).containsExactlyInAnyOrder("deep", "any");
    assertThat(index.match(event("job.failed")))
        .containsExactlyInAnyOrder("middle", "first", "any");
    assertThat(index.match(event("job.step.x.failed"))).containsExactlyInAnyOrder("middle", "any");
    assertThat(index.size()).isEqualTo(6);
  }

  @Test
  void nothing_matches_in_an_empty_index() {
    assertThat(EventIndex.EMPTY.match(event("download.completed"))).isEmpty();
    assertThat(EventIndex.EMPTY.matchesType("download.completed")).isFalse();
    assertThat(EventIndex.EMPTY.size()).isZero();
  }

  @Test
  void matches_type_ignores_conditions() {
    EventIndex index =
        EventIndex.build(
            List.of(entry("r", "job.*", "{\"left\": 1, \"op\": \"eq\", \"right\": 2}")));

    assertThat(index.matchesType("job.failed")).isTrue();
    assertThat(index.matchesType("job.step.failed")).isFalse();
    assertThat(index.match(event("job.failed"))).isEmpty();
  }

  @Test
  void a_rule_matched_by_several_entries_is_named_once() {
    EventIndex index =
        EventIndex.build(
            List.of(
                entry("r", "download.completed"),
                entry("r", "download.*"),
                entry("r", "**"),
                entry("other", "**.completed")));

    assertThat(index.match(event("download.completed"))).containsExactlyInAnyOrder("r", "other");
  }

  @Test
  void a_condition_sees_the_events_data_under_trigger_and_event() {
    EventIndex index =
        EventIndex.build(
            List.of(
                entry(
                    "big",
                    "download.completed",
                    "{\"left\": \"${trigger.size}\", \"op\": \"gt\", \"right\": 1000}"),
                entry(
                    "typed",
                    "download.*",
                    "{\"left\": {\"source\": \"event\", \"path\": \"eventType\"}, \"op\": \"eq\","
                        + " \"right\": \"download.completed\"}"),
                entry("plain", "download.completed")));

    assertThat(index.match(event("download.completed", Map.of("size", 5000))))
        .containsExactlyInAnyOrder("big", "typed", "plain");
    assertThat(index.match(event("download.completed", Map.of("size", 10))))
        .containsExactlyInAnyOrder("typed", "plain");
  }

  @Test
  void a_condition_that_throws_rejects_the_event_and_the_others_still_match() {
    CompiledCondition throwing =
        new FakeCondition(
            data -> {
              throw new MediaFlowException(
                  ConditionErrors.CONDITION_MEDIA_UNAVAILABLE, "probe failed", "");
            });
    EventIndex index =
        EventIndex.build(
            List.of(
                new EventIndex.Entry("broken", "a.b", Optional.of(throwing)),
                new EventIndex.Entry(
                    "runtime",
                    "a.*",
                    Optional.of(
                        new FakeCondition(
                            data -> {
                              throw new IllegalStateException("a host's bug");
                            }))),
                entry("fine", "a.b")));

    assertThat(index.match(event("a.b"))).containsExactly("fine");
  }

  @Test
  void the_condition_data_is_built_once_per_event_and_only_when_a_condition_is_tested() {
    List<Map<String, Object>> seen = new ArrayList<>();
    FakeCondition recording =
        new FakeCondition(
            data -> {
              seen.add(data);
              return true;
            });
    EventIndex index =
        EventIndex.build(
            List.of(
                new EventIndex.Entry("one", "a.b", Optional.of(recording)),
                new EventIndex.Entry("two", "a.*", Optional.of(recording)),
                entry("three", "**")));

    index.match(event("a.b", Map.of("k", "v")));

    assertThat(seen).hasSize(2);
    assertThat(seen.get(0)).isSameAs(seen.get(1));
    assertThat(seen.get(0).get("trigger"))
        .isEqualTo(Map.of("k", "v", "eventType", "a.b", "eventTime", NOW.toString()));
  }

  @Test
  void an_invalid_pattern_is_refused_when_the_entry_is_made() {
    assertThatThrownBy(() -> entry("r", "a..b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"a..b\" is not a valid event pattern");
    assertThatThrownBy(() -> entry("r", "a.b*"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid event pattern");
  }

  @Test
  void many_distinct_types_beyond_the_cache_still_match() {
    EventIndex index = EventIndex.build(List.of(entry("r", "t.*"), entry("s", "t.x1")));

    for (int i = 0; i < EventIndex.MAX_CACHED_TYPES + 50; i++) {
      assertThat(index.match(event("t.x" + i))).contains("r");
    }
    assertThat(index.match(event("t.x1"))).containsExactlyInAnyOrder("r", "s");
  }

  /** A condition whose test is a function, for tests that watch or break the call. */
  record FakeCondition(java.util.function.Function<Map<String, Object>, Boolean> body)
      implements CompiledCondition {
    @Override
    public Condition condition() {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean test(Map<String, Object> data) {
      return body.apply(data);
    }
  }
}
