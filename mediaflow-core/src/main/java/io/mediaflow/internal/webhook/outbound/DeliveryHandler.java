package io.mediaflow.internal.webhook.outbound;

import io.mediaflow.WebhookErrors;
import io.mediaflow.WebhookSecret;
import io.mediaflow.WebhookSigner;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobContext;
import io.mediaflow.api.job.JobHandler;
import io.mediaflow.api.job.RetryAfterException;
import io.mediaflow.api.store.DeliveryAttempt;
import io.mediaflow.api.store.WebhookRegistration;
import io.mediaflow.api.store.WebhookStore;
import io.mediaflow.internal.net.CheckedTarget;
import io.mediaflow.internal.net.HttpFailure;
import io.mediaflow.internal.net.NetworkGuard;
import io.mediaflow.internal.net.SafeHttp;
import io.mediaflow.internal.observe.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt of a {@code webhook.delivery} job: signs the envelope with every secret of the
 * registration, POSTs it through the SSRF guard (the host resolved once, every address checked,
 * private ones only when the registration allows them, metadata never; redirects are not followed),
 * records the attempt, and turns the answer into the job's outcome: 2xx delivered; 410 deactivates
 * the registration and ends the delivery; 429 and 503 with {@code Retry-After} wait at least that
 * long; anything else is retried on the schedule.
 */
final class DeliveryHandler implements JobHandler {

  /** The longest one exchange may take, connection to last byte read. */
  static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(60);

  /** Bytes of an answer's body read for its snippet; the rest is not read. */
  static final int SNIPPET_BYTES = 4 * DeliveryAttempt.MAX_SNIPPET;

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryHandler.class);

  private final WebhookStore store;
  private final NetworkGuard.Resolver resolver;
  private final SafeHttp http;
  private final boolean httpsOnly;
  private final OutboundWebhooks hooks;
  private volatile RateLimits rates;

  DeliveryHandler(
      WebhookStore store,
      NetworkGuard.Resolver resolver,
      SafeHttp http,
      boolean httpsOnly,
      OutboundWebhooks hooks) {
    this.store = store;
    this.resolver = resolver;
    this.http = http;
    this.httpsOnly = httpsOnly;
    this.hooks = hooks;
  }

  @Override
  public Optional<String> handle(JobContext ctx) throws Exception {
    Job job = ctx.job();
    Delivery d = Delivery.fromJson(job.payload());
    Optional<WebhookRegistration> found = hooks.current(d.registrationId());
    if (found.isEmpty()) {
      return Optional.of("{\"skipped\":\"the registration was removed\"}");
    }
    WebhookRegistration r = found.get();
    String where = "webhook " + r.id();
    if (!r.active()) {
      throw new MediaFlowException(
          WebhookErrors.WEBHOOK_INACTIVE,
          where + " is inactive: delivery " + job.id() + " was not sent",
          "activate the webhook and redeliver the delivery");
    }
    if (r.ratePerSecond() > 0) {
      throttle(ctx, r, job.attempts());
    }
    Instant at = ctx.clock().instant();
    byte[] body = d.body();
    WebhookSigner.Builder signer = WebhookSigner.builder().clock(ctx.clock());
    r.secrets().forEach(s -> signer.secret(WebhookSecret.parse(s)));
    Map<String, String> headers =
        new LinkedHashMap<>(signer.build().sign(d.messageId(), at, body).asMap());
    headers.put("X-Webhook-Event", d.eventType());
    headers.put("Content-Type", "application/json");
    URI uri = NetworkGuard.parse(r.url(), where);
    String shown = NetworkGuard.shown(uri);
    long start = System.nanoTime();
    Answer answer;
    try {
      answer = send(r, uri, where, headers, body, ctx);
    } catch (MediaFlowException e) {
      record(r, d, job, at, 0, start, "", Redactor.redact(e.detail()));
      throw e;
    } catch (HttpFailure e) {
      String why = shown + ": " + e.getMessage();
      record(r, d, job, at, 0, start, "", why);
      if (e.kind() == HttpFailure.Kind.CANCELLED) {
        throw new MediaFlowException(ErrorCode.CANCELLED, where + ": " + why, "", false, e);
      }
      throw new MediaFlowException(
          WebhookErrors.WEBHOOK_DELIVERY_FAILED,
          where + ": " + why,
          "the receiver is down or unreachable; the delivery is retried on its schedule",
          true,
          e);
    }
    int s = answer.status;
    boolean ok = s >= 200 && s <= 299;
    String error =
        ok ? "" : "HTTP " + s + (s >= 300 && s < 400 ? " (redirects are not followed)" : "");
    record(r, d, job, at, s, start, answer.snippet, error);
    if (ok) {
      return Optional.of("{\"status\":" + s + "}");
    }
    if (s == 410) {
      store.setActive(r.id(), false);
      hooks.reload();
      LOG.atWarn()
          .addKeyValue("webhook", r.id())
          .log("{}: {} answered 410 Gone; the webhook is deactivated", where, shown);
      return Optional.of("{\"status\":410,\"deactivated\":true}");
    }
    String message = where + ": " + shown + " answered HTTP " + s + quoted(answer.snippet);
    String suggestion =
        s >= 300 && s < 400
            ? "redirects are not followed: register the address the receiver redirects to"
            : "the receiver refused or failed; the delivery is retried on its schedule";
    Optional<Duration> after =
        s == 429 || s == 503
            ? retryAfter(answer.retryAfter, ctx.clock().instant())
            : Optional.empty();
    if (after.isPresent()) {
      throw new RetryAfterException(
          WebhookErrors.WEBHOOK_DELIVERY_FAILED,
          message + " (Retry-After " + after.get().toSeconds() + " s)",
          "the receiver asked to wait; the next attempt comes no sooner",
          after.get());
    }
    throw new MediaFlowException(
        WebhookErrors.WEBHOOK_DELIVERY_FAILED, message, suggestion, true, null);
  }

  /**
   * Waits for the registration's rate, durably: each attempt reserves one permit in a step and
   * sleeps until it (so a resumed attempt does not reserve again). Earlier attempts' pairs replay
   * from the history, keeping its order.
   */
  private void throttle(JobContext ctx, WebhookRegistration r, int attempt) throws Exception {
    for (int i = 1; i <= Math.max(1, attempt); i++) {
      Long wake = ctx.step("rate", Long.class, () -> rates(ctx).reserve(r).toEpochMilli());
      ctx.sleepUntil(Instant.ofEpochMilli(wake));
    }
  }

  private RateLimits rates(JobContext ctx) {
    RateLimits r = rates;
    if (r == null) {
      synchronized (this) {
        if (rates == null) {
          rates = new RateLimits(ctx.clock());
        }
        r = rates;
      }
    }
    return r;
  }

  /** What came back: the status, the start of the body and a {@code Retry-After}. */
  private record Answer(int status, String snippet, String retryAfter) {}

  private Answer send(
      WebhookRegistration r,
      URI uri,
      String where,
      Map<String, String> headers,
      byte[] body,
      JobContext ctx)
      throws HttpFailure {
    if (httpsOnly && !uri.getScheme().equalsIgnoreCase("https")) {
      throw new MediaFlowException(
          WebhookErrors.WEBHOOK_URL_INVALID,
          where + ": the url is http, but this engine sends webhooks over HTTPS only",
          "update the webhook with the receiver's https address",
          false,
          null);
    }
    NetworkGuard guard =
        new NetworkGuard(Set.of(), AddressAllowList.of(r.allowedAddresses()), resolver);
    CheckedTarget target = guard.check(uri, where, null);
    SafeHttp.Stop stop =
        new SafeHttp.Stop(ctx::isCancelled, System.nanoTime() + EXCHANGE_TIMEOUT.toNanos());
    try (SafeHttp.Response response =
        http.send(new SafeHttp.Request("POST", target, headers, body), stop)) {
      return new Answer(
          response.status(), snippet(response.body()), response.header("Retry-After").orElse(""));
    }
  }

  /** The start of an answer's body, as text; what cannot be read is left out. */
  private static String snippet(InputStream in) {
    try {
      byte[] bytes = in.readNBytes(SNIPPET_BYTES);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private void record(
      WebhookRegistration r,
      Delivery d,
      Job job,
      Instant at,
      int status,
      long startNanos,
      String snippet,
      String error) {
    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    try {
      store.recordAttempt(
          new DeliveryAttempt(
              r.id(),
              job.id(),
              d.messageId(),
              d.eventType(),
              Math.max(1, job.attempts()),
              at,
              status,
              took,
              status >= 200 && status <= 299,
              snippet,
              error));
    } catch (RuntimeException e) {
      // the history is for people; a delivery's outcome must not hang on it
      LOG.atWarn()
          .addKeyValue("webhook", r.id())
          .log(
              "the attempt of delivery {} was not recorded: {}",
              job.id(),
              Redactor.redact(e.toString()));
    }
  }

  /**
   * A {@code Retry-After} of whole seconds or an HTTP date, as a wait from {@code now}; empty when
   * absent or unreadable.
   */
  static Optional<Duration> retryAfter(String value, Instant now) {
    String v = value.trim();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
      } catch (NumberFormatException e) {
        return Optional.of(RetryAfterException.MAX_RETRY_AFTER); // more digits than a long
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String quoted(String snippet) {
    String t = snippet.strip();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < t.length() && b.length() < 200; i++) {
      char c = t.charAt(i);
      b.append(Character.isISOControl(c) ? ' ' : c);
    }
    return b.length() == 0 ? "" : ": " + b;
  }
}
