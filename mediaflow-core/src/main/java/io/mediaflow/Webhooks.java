package io.mediaflow;

import io.mediaflow.api.event.Event;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.DeliveryAttempt;
import io.mediaflow.api.store.WebhookRegistration;
import io.mediaflow.internal.webhook.inbound.InboundReceiver;
import io.mediaflow.internal.webhook.outbound.OutboundWebhooks;
import java.time.Clock;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Webhooks, both ways. Inbound: those that senders such as Radarr and Sonarr send to this engine
 * ({@code docs/inbound-webhooks.md}); a host's HTTP layer hands each request to {@link #receive}
 * and answers with the receipt's status; the rules the request's event fires are stored as jobs
 * before {@code receive} returns, so a 2xx answer means nothing can be lost. Outgoing ({@code
 * docs/outgoing-webhooks.md}): {@link #register} a receiver for event patterns, and every matching
 * event the engine publishes becomes a durable, signed {@code webhook.delivery} job, retried
 * immediately, then 1 min, 5 min, 15 min and 1 h after the previous attempt, then dead.
 *
 * {@snippet :
 * flow.webhooks().register(
 *     WebhookRegistration.builder("ops", "https://ops.example/hooks/mediaflow")
 *         .patterns("job.dead", "workflow.*")
 *         .secret(WebhookSecret.generate().text()) // give the receiver the same
 *         .build());
 * }
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
  private final OutboundWebhooks outbound;
  private final java.util.function.Function<String, JobHandle> handles;

  Webhooks(
      Clock clock,
      ToIntFunction<Event> publish,
      Collection<InboundSource> sources,
      OutboundWebhooks outbound,
      java.util.function.Function<String, JobHandle> handles) {
    this.inbound = new InboundReceiver(clock, outbound.publisher(publish));
    this.outbound = outbound;
    this.handles = handles;
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

  // ---------------------------------------------------------------- outgoing

  /**
   * Registers an outgoing webhook: from now on every event matching its patterns is delivered to
   * it. Its {@code createdAt} is now unless the registration gives one.
   *
   * @throws io.mediaflow.api.ValidationException every problem at its place: {@code
   *     WEBHOOK_URL_INVALID} ({@code url}: not http(s), no host, http in HTTPS-only mode, a cloud
   *     metadata address), {@code WEBHOOK_REGISTRATION_INVALID} ({@code id}, taken or malformed;
   *     {@code patterns[i]}), {@code WEBHOOK_SECRET_INVALID} ({@code secrets[i]}, none), {@code
   *     WEBHOOK_ADDRESS_INVALID} ({@code allowedAddresses[i]}: not an IP or CIDR, or a metadata
   *     address)
   * @throws UnsupportedOperationException when the storage keeps no webhooks
   */
  public WebhookRegistration register(WebhookRegistration registration) {
    return outbound.register(registration);
  }

  /**
   * Replaces a registration (same id), keeping its {@code createdAt}; deliveries already queued go
   * to the new url with the new secrets.
   *
   * @throws io.mediaflow.api.MediaFlowException {@code WEBHOOK_NOT_FOUND} for an unknown id
   * @throws io.mediaflow.api.ValidationException as {@link #register} does
   */
  public WebhookRegistration update(WebhookRegistration registration) {
    return outbound.update(registration);
  }

  /** The registration {@code id}, if there is one. */
  public Optional<WebhookRegistration> get(String id) {
    return outbound.get(id);
  }

  /** Every registration, in the order they were first registered. */
  public List<WebhookRegistration> list() {
    return outbound.list();
  }

  /**
   * Removes a registration and its delivery history; its queued deliveries end unsent. False if
   * there was none.
   */
  public boolean remove(String id) {
    return outbound.remove(id);
  }

  /**
   * Rotation, step 1: adds {@code secret} as the newest. Every delivery is then signed with each
   * secret listed, so a receiver that knows either accepts it.
   *
   * @throws io.mediaflow.api.MediaFlowException {@code WEBHOOK_NOT_FOUND}, {@code
   *     WEBHOOK_SECRET_INVALID}
   */
  public WebhookRegistration addSecret(String id, String secret) {
    return outbound.addSecret(id, secret);
  }

  /**
   * Rotation, step 2: drops an old secret once every receiver has the new one.
   *
   * @throws io.mediaflow.api.MediaFlowException {@code WEBHOOK_NOT_FOUND}; {@code
   *     WEBHOOK_SECRET_INVALID} when it is not listed or is the last one
   */
  public WebhookRegistration removeSecret(String id, String secret) {
    return outbound.removeSecret(id, secret);
  }

  /** Turns a registration on: new events are delivered again. */
  public WebhookRegistration activate(String id) {
    return outbound.setActive(id, true);
  }

  /**
   * Turns a registration off: new events are not delivered, and queued deliveries end dead ({@code
   * WEBHOOK_INACTIVE}), to redeliver once it is active again. A 410 Gone answer does this by
   * itself.
   */
  public WebhookRegistration deactivate(String id) {
    return outbound.setActive(id, false);
  }

  /**
   * The deliveries of a registration still on their way or dead (pending, scheduled, processing,
   * failed, dead), newest first, at most 1,000: jobs of type {@code webhook.delivery}.
   */
  public List<Job> deliveries(String id) {
    return deliveries(
        id,
        EnumSet.of(
            JobState.PENDING,
            JobState.SCHEDULED,
            JobState.PROCESSING,
            JobState.FAILED,
            JobState.DEAD));
  }

  /** The deliveries of a registration in these states, newest first, at most 1,000. */
  public List<Job> deliveries(String id, Set<JobState> states) {
    return outbound.deliveries(id, states);
  }

  /**
   * The attempts made to a registration, newest first, at most {@code limit} (1 to 1,000): when,
   * the HTTP status (0 for none), how long, the start of the answer, why it failed.
   */
  public List<DeliveryAttempt> attempts(String id, int limit) {
    return outbound.attempts(id, limit);
  }

  /** The attempts of one delivery (its job id), first attempt first. */
  public List<DeliveryAttempt> attemptsOf(String deliveryId) {
    return outbound.attemptsOf(deliveryId);
  }

  /**
   * Delivers a dead or delivered delivery again, with the same {@code webhook-id} (a receiver that
   * saw it drops the repeat): a dead one is re-queued with its attempts reset, a delivered one is
   * sent again as a new job.
   *
   * @return the job that delivers it
   * @throws io.mediaflow.api.MediaFlowException {@code WEBHOOK_DELIVERY_NOT_REDELIVERABLE} for a
   *     delivery still on its way or a job that is no delivery; {@code JOB_NOT_FOUND}
   */
  public JobHandle redeliver(String deliveryId) {
    return handles.apply(outbound.redeliver(deliveryId));
  }
}
