package io.mediaflow.internal.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mediaflow.api.event.Event;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The data a rule's condition sees for an event: a view equal to the trigger data's copy. */
class RuleDataTest {

  private static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");

  @Test
  void an_events_condition_data_equals_its_trigger_data_under_both_roots() {
    Event event = Event.of("download.completed", AT, Map.of("path", "/in/a.mp4", "size", 12));

    Map<String, Object> data = RuleData.forEvent(event);

    Map<String, Object> trigger = RuleData.triggerOf(event);
    assertThat(data).isEqualTo(Map.of("trigger", trigger, "event", trigger));
    assertThat(data.get("trigger")).isEqualTo(trigger);
    assertThat(data.get("event")).isSameAs(data.get("trigger"));
    assertThat(data.get("media")).isNull();
    @SuppressWarnings("unchecked")
    Map<String, Object> view = (Map<String, Object>) data.get("trigger");
    assertThat(view.get("eventTime")).isEqualTo("2026-12-03T10:00:00Z");
    assertThat(view.get("eventType")).isEqualTo("download.completed");
    assertThat(view.get("size")).isEqualTo(12);
    assertThat(view.containsKey("path")).isTrue();
    assertThat(view.containsKey("eventTime")).isTrue();
    assertThat(view.containsKey("nothing")).isFalse();
    assertThat(view).hasSize(4);
  }

  @Test
  void the_events_own_type_and_time_names_give_way_to_the_triggers() {
    Map<String, Object> own = new LinkedHashMap<>();
    own.put("eventType", "spoofed");
    own.put("eventTime", "never");
    Event event = Event.of("job.failed", AT, own);

    @SuppressWarnings("unchecked")
    Map<String, Object> view = (Map<String, Object>) RuleData.forEvent(event).get("trigger");

    assertThat(view.get("eventType")).isEqualTo("job.failed");
    assertThat(view.get("eventTime")).isEqualTo(AT.toString());
    assertThat(view).isEqualTo(RuleData.triggerOf(event));
  }

  @Test
  void the_view_is_read_only() {
    Map<String, Object> data = RuleData.forEvent(Event.of("a.b", AT, Map.of()));

    assertThatThrownBy(() -> data.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void a_schedules_trigger_data_names_its_slot_and_rule() {
    assertThat(RuleData.triggerOf("nightly", AT))
        .containsExactly(Map.entry("scheduledTime", AT.toString()), Map.entry("ruleId", "nightly"));
    assertThat(RuleData.forTrigger(Map.of("a", 1))).containsOnlyKeys("trigger", "event");
  }
}
