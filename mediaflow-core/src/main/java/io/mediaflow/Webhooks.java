package io.mediaflow;

import io.mediaflow.api.event.Event;
import io.mediaflow.internal.webhook.inbound.InboundReceiver;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Webhooks: those that senders such as Radarr and Sonarr send to this engine ({@code
 * docs/inbound-webhooks.md}). A host's HTTP layer hands each request to {@link #receive} and
 * answers with the receipt's status; the rules the request's event fires are stored as jobs before
 * {@code receive} returns, so a 2xx answer means nothing can be lost.
 *
 * {@snippet :
 * MediaFlow flow = MediaFlow.builder()
 *     .storage(storage)
 *     .inboundWebhook(InboundSource.radarr("radarr-main").basicAuth("radarr", password).build())
 *     .build()
 *     .start();
 * // in the host's handler of POST /v1/hooks/{source}:
 * WebhookReceipt r = flow.webhooks().receive(source, request.headers(), request.bodyBytes());
 * response.status(r.status());
 * }
 */
public final class Webhooks {

  private final InboundReceiver inbound;

  Webhooks(Clock clock, ToIntFunction<Event> publish, Collection<InboundSource> sources) {
    this.inbound = new InboundReceiver(clock, publish);
    sources.forEach(this::source);
  }

  /**
   * Adds an inbound source, or replaces the one of its name: new credentials apply to the next
   * request. Sources are this engine's configuration, not stored: each engine behind a load
   * balancer is given the same.
   */
  public Webhooks source(InboundSource source) {
    inbound.put(Objects.requireNonNull(source, "source").settings());
    return this;
  }

  /**
   * Removes an inbound source: its requests are answered 404 from now on. False if there was none.
   */
  public boolean removeSource(String name) {
    return inbound.remove(Objects.requireNonNull(name, "name"));
  }

  /**
   * Receives one webhook request: checks the source's body limit, then its sender's proof, then
   * reads the body into an event and publishes it, starting the runs of the rules it fires (stored
   * before this returns; once per event id, however often a sender retries). Radarr's and Sonarr's
   * informational events and {@code Test} are accepted and fire only the rules that name their
   * type. A refused request fires nothing.
   *
   * @param source the {@code {source}} of {@code POST /v1/hooks/{source}}
   * @param headers the request's headers as the server hands them over: names in any case
   * @param body the body exactly as received (a signature covers these bytes)
   * @return the status to answer: 202 accepted, 400, 401, 404, 413 refused (with the error), 503
   *     when the store failed and the sender should retry; never throws for a bad request
   */
  public WebhookReceipt receive(String source, Map<String, List<String>> headers, byte[] body) {
    return inbound.receive(source, headers, body);
  }
}
