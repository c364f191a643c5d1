package io.mediaflow.internal.rule;

import io.mediaflow.api.event.Event;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * An event's trigger data ({@link RuleData#triggerOf(Event)}) as a read-only view, without copying
 * the event's data: a condition usually reads one or two names, so {@link #get} answers from the
 * event and formats {@code eventTime} only when it is read. The entries are copied the first time
 * something iterates them.
 */
final class EventData extends AbstractMap<String, Object> {

  private final Event event;
  private String time;
  private Set<Map.Entry<String, Object>> entries;

  EventData(Event event) {
    this.event = event;
  }

  @Override
  public Object get(Object key) {
    if ("eventType".equals(key)) {
      return event.type();
    }
    if ("eventTime".equals(key)) {
      if (time == null) {
        time = event.time().toString();
      }
      return time;
    }
    return event.data().get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return "eventType".equals(key) || "eventTime".equals(key) || event.data().containsKey(key);
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    if (entries == null) {
      entries = Collections.unmodifiableMap(RuleData.triggerOf(event)).entrySet();
    }
    return entries;
  }

  /** The roots a condition sees, {@code trigger} and {@code event}, both this data. */
  static Map<String, Object> roots(Map<String, Object> trigger) {
    return new AbstractMap<>() {
      @Override
      public Object get(Object key) {
        return "trigger".equals(key) || "event".equals(key) ? trigger : null;
      }

      @Override
      public boolean containsKey(Object key) {
        return "trigger".equals(key) || "event".equals(key);
      }

      @Override
      public Set<Map.Entry<String, Object>> entrySet() {
        return Map.<String, Object>of("trigger", trigger, "event", trigger).entrySet();
      }
    };
  }
}
