package io.mediaflow.internal.webhook.inbound;

import io.mediaflow.WebhookReceipt;
import io.mediaflow.WebhookSigner;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.event.Event;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives inbound webhooks for a host's HTTP layer: finds the source, checks the body limit, then
 * the sender's proof, then reads the body into events and publishes them through the rules, whose
 * runs are stored before this returns ({@code docs/inbound-webhooks.md}). Each refusal is a receipt
 * with the HTTP status to answer and the error, never an exception, and fires nothing. Neither the
 * headers nor the body reach a log or a message. Thread-safe.
 */
public final class InboundReceiver {

  /** Accepted: every run the webhook fired is stored. */
  public static final int ACCEPTED = 202;

  private static final Logger LOG = LoggerFactory.getLogger(InboundReceiver.class);

  /** The longest part of a name a sender chose that a message quotes. */
  private static final int QUOTED = InboundSettings.MAX_NAME_LENGTH;

  private final Map<String, InboundSettings> sources = new ConcurrentHashMap<>();
  private final Clock clock;
  private final ToIntFunction<Event> publish;

  /**
   * @param clock the events' time
   * @param publish publishes one event through the rules; returns the runs it started, stored
   */
  public InboundReceiver(Clock clock, ToIntFunction<Event> publish) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.publish = Objects.requireNonNull(publish, "publish");
  }

  /** Adds a source, or replaces the one of its name (new credentials take effect at once). */
  public void put(InboundSettings source) {
    sources.put(source.name(), source);
  }

  /** Removes a source; false when there was none. */
  public boolean remove(String name) {
    return sources.remove(name) != null;
  }

  /**
   * Receives one request.
   *
   * @param source the {@code {source}} of the request's URL
   * @param headers as the server hands them over: names in any case, a list of values each
   * @param body the body exactly as received
   * @return {@value #ACCEPTED} with the event's id and the runs it started; 404, 413, 401 or 400
   *     with the error when refused; 503 when the store failed (the sender should retry)
   */
  public WebhookReceipt receive(String source, Map<String, List<String>> headers, byte[] body) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    InboundSettings settings = sources.get(source);
    if (settings == null) {
      return refused(404, source, unknown(source));
    }
    List<Event> events;
    try {
      settings.limits().check(source, body.length);
      settings.auth().check(headers, body);
      events = read(settings, headers, body);
    } catch (MediaFlowException e) {
      return refused(status(e.code()), source, e);
    }
    int runs = 0;
    try {
      for (Event event : events) {
        runs += publish.applyAsInt(event);
      }
    } catch (RuntimeException e) {
      // the sender learns only that it should retry; the cause (a store's message) is for the log
      LOG.atWarn()
          .addKeyValue("source", source)
          .setCause(e)
          .log("an inbound webhook was not accepted: publishing its event failed");
      return refused(
          503,
          source,
          new MediaFlowException(
              InboundErrors.INBOUND_NOT_ACCEPTED,
              "the webhook to source '"
                  + source
                  + "' was read but its event could not be stored; nothing was started",
              "send it again later (its runs start once however often it is sent); the"
                  + " receiving engine's log has the cause"));
    }
    Event last = events.get(events.size() - 1);
    String eventId = String.valueOf(last.data().get("eventId"));
    LOG.atDebug()
        .addKeyValue("source", source)
        .addKeyValue("eventType", last.type())
        .addKeyValue("eventId", eventId)
        .addKeyValue("runs", runs)
        .log("inbound webhook accepted");
    return new WebhookReceipt(
        ACCEPTED, source, Optional.of(last.type()), Optional.of(eventId), runs, Optional.empty());
  }

  private List<Event> read(
      InboundSettings settings, Map<String, List<String>> headers, byte[] body) {
    if (settings.arr().isPresent()) {
      return new ArrAdapter(settings.arr().get()).toEvents(settings.name(), body, clock.instant());
    }
    String messageId = InboundAuth.Secrets.header(headers, WebhookSigner.ID);
    return List.of(JsonWebhook.toEvent(settings.name(), messageId, body, clock.instant()));
  }

  /** 413 for the body limit, 401 for the sender's proof (a signature's too), else 400. */
  static int status(ErrorCode code) {
    if (code.equals(InboundErrors.INBOUND_BODY_TOO_LARGE)) {
      return 413;
    }
    if (code.equals(InboundErrors.INBOUND_AUTH_MISSING)
        || code.equals(InboundErrors.INBOUND_AUTH_INVALID)
        || code.code().startsWith("WEBHOOK_")) {
      return 401;
    }
    return 400;
  }

  private static WebhookReceipt refused(int status, String source, MediaFlowException e) {
    LOG.atInfo()
        .addKeyValue("source", printable(source))
        .addKeyValue("status", status)
        .addKeyValue("code", e.code().code())
        .log("inbound webhook refused: {}", e.getMessage());
    return new WebhookReceipt(
        status,
        source,
        Optional.empty(),
        Optional.empty(),
        0,
        Optional.of(new WebhookReceipt.Refusal(e.code(), e.detail(), e.suggestion())));
  }

  private static MediaFlowException unknown(String source) {
    return new MediaFlowException(
        InboundErrors.INBOUND_SOURCE_UNKNOWN,
        "no inbound webhook source '" + printable(source) + "' is configured",
        "check the source name in the sender's URL (/v1/hooks/{source}), or configure it with"
            + " MediaFlow.builder().inboundWebhook(...) or flow.webhooks().source(...)");
  }

  /**
   * A name a sender chose, safe to quote in a message or a log line: at most {@value #QUOTED}
   * characters, anything but visible ASCII as {@code ?} (no forged log lines).
   */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), QUOTED + 1));
    for (int i = 0; i < text.length() && i < QUOTED; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return text.length() > QUOTED ? out.append('…').toString() : out.toString();
  }
}
