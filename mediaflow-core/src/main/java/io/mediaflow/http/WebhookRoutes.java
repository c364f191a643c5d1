package io.mediaflow.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.MediaFlow;
import io.mediaflow.WebhookErrors;
import io.mediaflow.WebhookReceipt;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.job.Job;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.ApiScope;
import io.mediaflow.api.store.DeliveryAttempt;
import io.mediaflow.api.store.WebhookRegistration;
import io.mediaflow.internal.http.Call;
import io.mediaflow.internal.http.HttpProblem;
import io.mediaflow.internal.http.Json;
import io.mediaflow.internal.http.Reply;
import io.mediaflow.internal.http.Route;
import io.mediaflow.internal.http.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Outgoing webhook registrations (never their secrets), their deliveries and attempts, redelivery;
 * and {@code POST /v1/hooks/{source}}, the inbound webhooks handed to {@code
 * flow.webhooks().receive}, which check their own signatures and so need no API key.
 */
final class WebhookRoutes {

  static final Set<String> FIELDS =
      Set.of(
          "id",
          "url",
          "patterns",
          "secrets",
          "active",
          "description",
          "ordered",
          "ratePerSecond",
          "allowedAddresses");

  private final MediaFlow flow;

  WebhookRoutes(MediaFlow flow) {
    this.flow = flow;
  }

  void addTo(Router router) {
    router
        .add(
            Routes.get(
                "/v1/webhooks",
                c ->
                    Reply.json(
                        Documents.list(
                            "webhooks", flow.webhooks().list(), WebhookRoutes::registration))))
        .add(Routes.scoped(Routes.post("/v1/webhooks", this::register), ApiScope.ADMIN))
        .add(Routes.get("/v1/webhooks/{id}", c -> Reply.json(registration(find(c.param("id"))))))
        .add(Routes.scoped(Routes.delete("/v1/webhooks/{id}", this::remove), ApiScope.ADMIN))
        .add(
            Routes.action(
                "/v1/webhooks/{id}/activate",
                c -> Reply.json(registration(flow.webhooks().activate(find(c.param("id")).id())))))
        .add(
            Routes.action(
                "/v1/webhooks/{id}/deactivate",
                c ->
                    Reply.json(registration(flow.webhooks().deactivate(find(c.param("id")).id())))))
        .add(Routes.get("/v1/webhooks/{id}/deliveries", this::deliveries))
        .add(Routes.get("/v1/webhooks/{id}/attempts", this::attempts))
        .add(Routes.action("/v1/deliveries/{id}/redeliver", this::redeliver))
        .add(
            Routes.open(
                new Route(
                    "POST",
                    "/v1/hooks/{source}",
                    Optional.empty(),
                    Route.Body.ANY,
                    this::receive)));
  }

  private WebhookRegistration find(String id) {
    return flow.webhooks()
        .get(id)
        .orElseThrow(
            () ->
                Documents.notFound(
                    WebhookErrors.WEBHOOK_NOT_FOUND, "webhook registration", id, "/v1/webhooks"));
  }

  /** A registration as JSON: how many secrets it has, never the secrets. */
  static ObjectNode registration(WebhookRegistration r) {
    ObjectNode o = Json.object();
    o.put("kind", "webhook");
    o.put("id", r.id());
    o.put("url", r.url());
    r.patterns().forEach(o.putArray("patterns")::add);
    o.put("secrets", r.secrets().size());
    o.put("active", r.active());
    o.put("description", r.description());
    o.put("createdAt", r.createdAt().toString());
    o.put("ordered", r.ordered());
    o.put("ratePerSecond", r.ratePerSecond());
    r.allowedAddresses().forEach(o.putArray("allowedAddresses")::add);
    return o;
  }

  private Reply register(Call c) {
    JsonNode doc =
        Documents.object(c, "a registration", "send {\"id\", \"url\", \"patterns\", \"secrets\"}");
    Documents.onlyFields(doc, FIELDS, "a webhook registration");
    WebhookRegistration.Builder b =
        WebhookRegistration.builder(
                Documents.string(doc, "id", false), Documents.string(doc, "url", false))
            .patterns(strings(doc, "patterns"))
            .secrets(strings(doc, "secrets"))
            .allowedAddresses(strings(doc, "allowedAddresses"));
    if (doc.has("active")) {
      b.active(doc.path("active").asBoolean());
    }
    if (doc.has("description")) {
      b.description(doc.path("description").asText());
    }
    if (doc.has("ordered")) {
      b.ordered(doc.path("ordered").asBoolean());
    }
    if (doc.has("ratePerSecond")) {
      b.ratePerSecond(doc.path("ratePerSecond").asDouble());
    }
    WebhookRegistration r = flow.webhooks().register(b.build());
    return Reply.json(201, registration(r)).header("Location", "/v1/webhooks/" + r.id());
  }

  private static List<String> strings(JsonNode doc, String field) {
    JsonNode v = doc.path(field);
    List<String> out = new ArrayList<>();
    if (v.isMissingNode()) {
      return out;
    }
    if (!v.isArray()) {
      throw new HttpProblem(
          400,
          ErrorCode.WRONG_TYPE,
          field + " must be an array of strings",
          "$." + field,
          "give [\"...\"]");
    }
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        throw new HttpProblem(
            400,
            ErrorCode.WRONG_TYPE,
            field + "[" + i + "] must be a string",
            "$." + field + "[" + i + "]",
            "give [\"...\"]");
      }
      out.add(v.get(i).asText());
    }
    return out;
  }

  private Reply remove(Call c) {
    if (!flow.webhooks().remove(c.param("id"))) {
      find(c.param("id"));
    }
    return Reply.noContent();
  }

  private Reply deliveries(Call c) {
    String id = find(c.param("id")).id();
    Set<JobState> states = Documents.states(c);
    List<Job> jobs =
        states.isEmpty() ? flow.webhooks().deliveries(id) : flow.webhooks().deliveries(id, states);
    return Reply.json(
        Documents.list("deliveries", jobs, j -> Documents.tree(flow.status().job(j.id()))));
  }

  private Reply attempts(Call c) {
    String id = find(c.param("id")).id();
    int limit = c.intQuery("limit", 100, 1, 1000);
    return Reply.json(
        Documents.list("attempts", flow.webhooks().attempts(id, limit), WebhookRoutes::attempt));
  }

  private static ObjectNode attempt(DeliveryAttempt a) {
    ObjectNode o = Json.object();
    o.put("registrationId", a.registrationId());
    o.put("deliveryId", a.deliveryId());
    o.put("messageId", a.messageId());
    o.put("eventType", a.eventType());
    o.put("attempt", a.attempt());
    o.put("at", a.at().toString());
    o.put("status", a.status());
    o.put("durationMillis", a.duration().toMillis());
    o.put("delivered", a.delivered());
    o.put("responseSnippet", a.responseSnippet());
    return o;
  }

  private Reply redeliver(Call c) {
    String id = flow.webhooks().redeliver(c.param("id")).id();
    return Reply.json(flow.status().job(id));
  }

  private Reply receive(Call c) {
    WebhookReceipt r = flow.webhooks().receive(c.param("source"), c.headers(), c.body());
    ObjectNode o = Json.object();
    if (r.accepted()) {
      o.put("kind", "received");
      o.put("source", r.source());
      o.put("eventType", r.eventType().orElse(null));
      o.put("eventId", r.eventId().orElse(null));
      o.put("runsStarted", r.runsStarted());
      return Reply.json(r.status(), o);
    }
    WebhookReceipt.Refusal refusal = r.refusal().orElseThrow();
    o.put("code", refusal.code().code());
    o.put("message", refusal.message());
    o.put("path", "");
    o.put("suggestion", refusal.suggestion());
    Reply reply = Reply.json(r.status(), o);
    return r.status() == 503 ? reply.header("Retry-After", "5") : reply;
  }
}
