package io.mediaflow.internal.rule;

import io.mediaflow.api.event.Event;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data a rule's condition is tested on, and that its run gets as {@code ${trigger.<name>}}: for
 * an event, the event's data plus {@code eventType} and {@code eventTime}; for a schedule, {@code
 * scheduledTime} and {@code ruleId}. Conditions see it under the roots {@code trigger} and {@code
 * event} (the same map).
 */
public final class RuleData {

  private RuleData() {}

  /** The trigger data of an event. */
  public static Map<String, Object> triggerOf(Event event) {
    Map<String, Object> t = new LinkedHashMap<>(event.data());
    t.put("eventType", event.type());
    t.put("eventTime", event.time().toString());
    return t;
  }

  /** The trigger data of a schedule's slot. */
  public static Map<String, Object> triggerOf(String ruleId, Instant slot) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("scheduledTime", slot.toString());
    t.put("ruleId", ruleId);
    return t;
  }

  /**
   * What a condition sees for an event: its trigger data under {@code trigger} and {@code event},
   * read-only.
   */
  public static Map<String, Object> forEvent(Event event) {
    // a view, not a copy: every event of a matching type goes through here on the publish path
    return EventData.roots(new EventData(event));
  }

  /** What a condition sees for trigger data. */
  public static Map<String, Object> forTrigger(Map<String, Object> trigger) {
    return Map.of("trigger", trigger, "event", trigger);
  }
}
