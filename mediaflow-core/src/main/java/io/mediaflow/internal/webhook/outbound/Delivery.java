package io.mediaflow.internal.webhook.outbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.api.event.Event;
import io.mediaflow.api.job.JobIds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One event to deliver to one registration: the payload of a {@code webhook.delivery} job. The body
 * sent is the specification's envelope {@code {eventId, eventType, timestamp, data}}, written the
 * same way on every attempt; {@link #messageId} is the {@code webhook-id} of every attempt.
 *
 * @param registrationId the registration delivered to
 * @param messageId {@code msg_} and the event id: the same for every attempt and redelivery
 * @param eventId the event's {@code eventId} datum if it has one, else a new time-ordered id
 * @param eventType the event's type
 * @param timestamp when the event happened
 * @param data the event's data as JSON
 */
record Delivery(
    String registrationId,
    String messageId,
    String eventId,
    String eventType,
    Instant timestamp,
    JsonNode data) {

  static final ObjectMapper JSON = new ObjectMapper();

  Delivery {
    Objects.requireNonNull(registrationId, "registrationId");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(data, "data");
  }

  /** The event's id: its own {@code eventId} datum when it has one, else a new one. */
  static String eventId(Event e, Instant now) {
    Object given = e.data().get("eventId");
    return given instanceof String s && !s.isBlank() ? s : "evt_" + JobIds.next(now);
  }

  /** The delivery of {@code event} (whose id is {@code eventId}) to one registration. */
  static Delivery of(String registrationId, String eventId, Event event, JsonNode data) {
    return new Delivery(
        registrationId, messageId(eventId), eventId, event.type(), event.time(), data);
  }

  /** The event's data as JSON; a value Jackson cannot write becomes its text. */
  static JsonNode data(Event event) {
    try {
      return JSON.valueToTree(event.data());
    } catch (IllegalArgumentException e) {
      Map<String, Object> text = new LinkedHashMap<>();
      event.data().forEach((k, v) -> text.put(k, v == null ? null : String.valueOf(v)));
      return JSON.valueToTree(text);
    }
  }

  /**
   * {@code msg_} and the event id, kept to what a {@code webhook-id} may carry (visible ASCII, at
   * most 256 characters).
   */
  static String messageId(String eventId) {
    StringBuilder b = new StringBuilder("msg_");
    for (int i = 0; i < eventId.length() && b.length() < 256; i++) {
      char c = eventId.charAt(i);
      b.append(c > 0x20 && c < 0x7F ? c : '_');
    }
    return b.toString();
  }

  /** The job payload. */
  String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("registrationId", registrationId);
    o.put("messageId", messageId);
    o.put("eventId", eventId);
    o.put("eventType", eventType);
    o.put("timestamp", timestamp.toString());
    o.set("data", data);
    return o.toString();
  }

  /** Reads a job payload {@link #toJson} wrote. */
  static Delivery fromJson(String payload) {
    try {
      JsonNode o = JSON.readTree(payload);
      return new Delivery(
          o.path("registrationId").asText(),
          o.path("messageId").asText(),
          o.path("eventId").asText(),
          o.path("eventType").asText(),
          Instant.parse(o.path("timestamp").asText()),
          o.path("data"));
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException("not a webhook delivery payload: " + e.getMessage(), e);
    }
  }

  /** The body POSTed: {@code {eventId, eventType, timestamp, data}}, UTF-8. */
  byte[] body() {
    ObjectNode o = JSON.createObjectNode();
    o.put("eventId", eventId);
    o.put("eventType", eventType);
    o.put("timestamp", timestamp.toString());
    o.set("data", data);
    return o.toString().getBytes(StandardCharsets.UTF_8);
  }
}
