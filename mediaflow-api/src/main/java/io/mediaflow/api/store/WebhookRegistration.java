package io.mediaflow.api.store;

import java.util.List;
import java.util.Objects;

/**
 * An outgoing webhook: events matching any pattern are delivered to {@code url}, signed with {@code
 * secret}.
 *
 * @param id unique
 * @param url where to POST
 * @param patterns event type patterns ({@code job.*}, {@code **})
 * @param secret the HMAC key; never logged
 * @param active whether deliveries are made
 */
public record WebhookRegistration(
    String id, String url, List<String> patterns, String secret, boolean active) {

  public WebhookRegistration {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    patterns = List.copyOf(patterns);
    Objects.requireNonNull(secret, "secret");
  }

  @Override
  public String toString() {
    return "WebhookRegistration[id="
        + id
        + ", url="
        + url
        + ", patterns="
        + patterns
        + ", secret=***, active="
        + active
        + "]";
  }
}
