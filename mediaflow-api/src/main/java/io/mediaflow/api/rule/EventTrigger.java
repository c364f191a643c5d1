package io.mediaflow.api.rule;

import io.mediaflow.api.event.EventPatterns;
import java.util.Objects;

/**
 * Fires on each event published on this engine whose type matches {@code pattern}: an exact type
 * ({@code download.completed}) or a pattern with {@code *} (one segment) and {@code **} (any
 * number). The event's data reaches the run as {@code ${trigger.<name>}}, its type as {@code
 * ${trigger.eventType}}.
 *
 * @param pattern an event type or pattern
 */
public record EventTrigger(String pattern) implements Trigger {

  public EventTrigger {
    Objects.requireNonNull(pattern, "pattern");
    EventPatterns.checkPattern(pattern);
  }

  public static EventTrigger on(String pattern) {
    return new EventTrigger(pattern);
  }

  @Override
  public String type() {
    return "event";
  }
}
