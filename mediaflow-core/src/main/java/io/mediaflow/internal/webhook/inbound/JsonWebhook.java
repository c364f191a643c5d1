package io.mediaflow.internal.webhook.inbound;

import com.fasterxml.jackson.core.type.TypeReference;
import io.mediaflow.WebhookSigner;
import io.mediaflow.api.event.Event;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generic JSON sender's request as one {@code webhook.<source>} event: the body's object is the
 * event's data, with {@code hook} (the source's name) and {@code eventId} set by mediaflow. The
 * {@code eventId} is {@code <source>:<webhook-id>} when the request carries a Standard Webhooks
 * {@code webhook-id} (the same on every retry of one message), else the SHA-256 of the source's
 * name and the body, so that a retried delivery fires each rule once.
 */
final class JsonWebhook {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private JsonWebhook() {}

  /** The event type of a generic source. */
  static String eventType(String source) {
    return "webhook." + source;
  }

  /**
   * The event of one request.
   *
   * @param messageId the request's {@code webhook-id}, or null
   */
  static Event toEvent(String source, String messageId, byte[] body, Instant receivedAt) {
    Map<String, Object> data =
        new LinkedHashMap<>(
            InboundJson.JSON.convertValue(
                InboundJson.object(
                    body,
                    "json source '" + source + "'",
                    "send one JSON object as the body, with Content-Type: application/json"),
                MAP));
    data.put("hook", source);
    data.put("eventId", eventId(source, messageId, body));
    return Event.of(eventType(source), receivedAt, data);
  }

  private static String eventId(String source, String messageId, byte[] body) {
    if (messageId != null
        && !messageId.isBlank()
        && messageId.length() <= WebhookSigner.MAX_ID_LENGTH
        && messageId.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return source + ":" + messageId;
    }
    return ArrAdapter.eventId(source, "", null, List.of(), body); // of the name and the body
  }
}
