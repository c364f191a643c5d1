package io.mediaflow.api.event;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened: a dot-separated type ({@code job.completed}), when, and data.
 *
 * @param type dot-separated, lower-case segments
 * @param time when it happened
 * @param data small values (strings, numbers, booleans, lists, maps)
 */
public record Event(String type, Instant time, Map<String, Object> data) {

  public Event {
    EventPatterns.checkType(type);
    Objects.requireNonNull(time, "time");
    data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }

  public static Event of(String type, Instant time, Map<String, ?> data) {
    return new Event(
        type, time, Collections.<String, Object>unmodifiableMap(data)); // copied once, there
  }
}
