package io.mediaflow.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.Health;
import io.mediaflow.HealthCheck;
import io.mediaflow.MediaFlow;
import io.mediaflow.MetricsSnapshot;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.MediaFlowException;
import io.mediaflow.internal.http.EventStream;
import io.mediaflow.internal.http.Json;
import io.mediaflow.internal.http.Reply;
import io.mediaflow.internal.http.Route;
import io.mediaflow.internal.http.Router;
import io.mediaflow.internal.http.StaticFiles;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /health}, {@code /metrics}, {@code /v1/openapi.json}, {@code /v1/events}, the dashboard.
 */
final class SystemRoutes {

  /** Where the OpenAPI document is on the class path. */
  static final String OPENAPI = "/io/mediaflow/http/openapi.json";

  private final MediaFlow flow;
  private final HttpOptions options;
  private final EventStream events;
  private final StaticFiles files = new StaticFiles();
  private volatile byte[] openApi;

  SystemRoutes(MediaFlow flow, HttpOptions options, EventStream events) {
    this.flow = flow;
    this.options = options;
    this.events = events;
  }

  void addTo(Router router) {
    Route health = Routes.get("/health", c -> health());
    router
        .add(options.openHealth() ? Routes.open(health) : health)
        .add(Routes.get("/metrics", c -> metrics()))
        .add(Routes.open(Routes.get("/v1/openapi.json", c -> openApi())))
        .add(Routes.get("/v1/events", events::open))
        .add(Routes.open(Routes.get("/", c -> files.serve("index.html"))))
        .add(
            Routes.open(
                Routes.get("/assets/{path...}", c -> files.serve("assets/" + c.param("path")))));
  }

  private Reply health() {
    Health h = flow.health();
    ObjectNode o = Json.object();
    o.put("status", h.status().name().toLowerCase(Locale.ROOT));
    ArrayNode checks = o.putArray("checks");
    for (HealthCheck.Result r : h.checks()) {
      checks
          .addObject()
          .put("name", r.name())
          .put("status", r.status().name().toLowerCase(Locale.ROOT))
          .put("reason", r.reason());
    }
    return Reply.json(h.status() == Health.Status.UNHEALTHY ? 503 : 200, o);
  }

  private Reply metrics() throws IllegalAccessException {
    if (options.prometheus().isPresent()) {
      Object registry = options.prometheus().get();
      try {
        Object text = registry.getClass().getMethod("scrape").invoke(registry);
        return Reply.text(200, "text/plain; version=0.0.4; charset=utf-8", String.valueOf(text));
      } catch (NoSuchMethodException | InvocationTargetException e) {
        throw new MediaFlowException(
            ErrorCode.INTERNAL,
            "the Prometheus registry could not be scraped: " + e,
            "check the registry given to HttpOptions.prometheus",
            false,
            e);
      }
    }
    MetricsSnapshot s = flow.metrics().snapshot();
    ObjectNode o = Json.object();
    o.put("kind", "metrics");
    o.put("executions", s.executions());
    o.set("duration", timer(s.duration()));
    o.put("successRate", Double.isNaN(s.successRate()) ? null : s.successRate());
    o.set("stepDuration", timer(s.stepDuration()));
    o.put("queueDepth", s.queueDepth());
    o.put("workerUtilization", s.workerUtilization());
    o.put("retries", s.retries());
    o.put("errorRate", s.errorRate());
    ObjectNode byType = o.putObject("byType");
    for (Map.Entry<String, MetricsSnapshot.TypeCounts> e : s.byType().entrySet()) {
      byType
          .putObject(e.getKey())
          .put("started", e.getValue().started())
          .put("succeeded", e.getValue().succeeded())
          .put("failed", e.getValue().failed())
          .put("retried", e.getValue().retried());
    }
    ObjectNode bySteps = o.putObject("bySteps");
    s.bySteps().forEach((k, v) -> bySteps.set(k, timer(v)));
    return Reply.json(o);
  }

  private static ObjectNode timer(MetricsSnapshot.Timer t) {
    return Json.object()
        .put("count", t.count())
        .put("totalMillis", t.total().toMillis())
        .put("maxMillis", t.max().toMillis())
        .put("meanMillis", t.mean().toMillis());
  }

  private Reply openApi() throws IOException {
    byte[] doc = openApi;
    if (doc == null) {
      try (InputStream in = SystemRoutes.class.getResourceAsStream(OPENAPI)) {
        if (in == null) {
          throw new IOException("the OpenAPI document " + OPENAPI + " is missing from the jar");
        }
        doc = in.readAllBytes();
      }
      openApi = doc;
    }
    return Reply.bytes(200, Reply.JSON, doc).header("Cache-Control", "no-cache");
  }
}
