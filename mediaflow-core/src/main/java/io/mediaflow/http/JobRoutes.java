package io.mediaflow.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.JobSpecJson;
import io.mediaflow.MediaFlow;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.job.JobRequest;
import io.mediaflow.api.job.JobState;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.internal.http.Call;
import io.mediaflow.internal.http.HttpProblem;
import io.mediaflow.internal.http.Json;
import io.mediaflow.internal.http.PlanSvg;
import io.mediaflow.internal.http.Reply;
import io.mediaflow.internal.http.Router;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** {@code /v1/jobs}: list, submit, get, cancel, requeue, delete; a job's logs and plan. */
final class JobRoutes {

  /** The fields of a typed job's document. */
  static final Set<String> TYPED_FIELDS =
      Set.of(
          "type", "payload", "priority", "maxAttempts", "runAt", "idempotencyKey", "correlationId");

  private final MediaFlow flow;

  JobRoutes(MediaFlow flow) {
    this.flow = flow;
  }

  void addTo(Router router) {
    router
        .add(Routes.get("/v1/jobs", this::list))
        .add(Routes.post("/v1/jobs", this::submit))
        .add(Routes.get("/v1/jobs/{id}", c -> Reply.json(flow.status().job(c.param("id")))))
        .add(Routes.action("/v1/jobs/{id}/cancel", this::cancel))
        .add(Routes.action("/v1/jobs/{id}/requeue", this::requeue))
        .add(Routes.delete("/v1/jobs/{id}", this::delete))
        .add(Routes.get("/v1/jobs/{id}/logs", this::logs))
        .add(Routes.get("/v1/jobs/{id}/plan", c -> Reply.json(flow.status().plan(c.param("id")))))
        .add(Routes.get("/v1/jobs/{id}/plan.svg", this::planSvg))
        .add(Routes.post("/v1/plan", this::dryRun));
  }

  private Reply list(Call c) {
    JobQuery q = JobQuery.all();
    Set<JobState> states = Documents.states(c);
    if (!states.isEmpty()) {
      q = q.withStates(states);
    }
    String type = c.query("type").orElse("");
    if (!type.isBlank()) {
      q = q.withType(type.strip());
    }
    String text = c.query("text").orElse("");
    if (!text.isBlank()) {
      if (text.length() > JobQuery.MAX_TEXT_LENGTH) {
        throw new HttpProblem(
            400,
            ErrorCode.INVALID_VALUE,
            "text must be at most "
                + JobQuery.MAX_TEXT_LENGTH
                + " characters but was "
                + text.length(),
            "?text",
            "search for a shorter text");
      }
      q = q.withText(text);
    }
    int limit = c.intQuery("limit", JobQuery.DEFAULT_PAGE_SIZE, 1, JobQuery.MAX_PAGE_SIZE);
    int page = c.intQuery("page", 0, 0, Integer.MAX_VALUE / JobQuery.MAX_PAGE_SIZE);
    return Reply.json(flow.status().jobs(q.withPage(page, limit)));
  }

  private Reply submit(Call c) {
    JsonNode doc =
        Documents.object(
            c,
            "a job",
            "send a JobSpec ({\"inputs\":…}) or a typed job ({\"type\":…, \"payload\":…})");
    String id;
    if (doc.has("type")) {
      id = flow.submit(typed(doc)).id();
    } else {
      id = flow.submit(JobSpecJson.parse(new String(c.body(), StandardCharsets.UTF_8))).id();
    }
    return Reply.created("/v1/jobs/" + id, flow.status().job(id));
  }

  /** A typed job's document as a request. */
  static JobRequest typed(JsonNode doc) {
    Documents.onlyFields(doc, TYPED_FIELDS, "a typed job");
    String type = Documents.string(doc, "type", true);
    if (MediaFlow.RESERVED_TYPES.contains(type)) {
      throw new HttpProblem(
          400,
          ErrorCode.INVALID_VALUE,
          "job type \"" + type + "\" is mediaflow's own",
          "$.type",
          "submit a media job as a JobSpec document, a workflow run through its workflow");
    }
    JsonNode payload = doc.path("payload");
    String body =
        payload.isMissingNode() || payload.isNull()
            ? ""
            : payload.isTextual() ? payload.asText() : payload.toString();
    JobRequest request;
    try {
      request = JobRequest.of(type, body);
      if (doc.has("priority")) {
        request = request.withPriority(integer(doc, "priority"));
      }
      if (doc.has("maxAttempts")) {
        request = request.withMaxAttempts(integer(doc, "maxAttempts"));
      }
      if (doc.has("runAt")) {
        String at = Documents.string(doc, "runAt", true);
        try {
          request = request.withRunAt(Instant.parse(at));
        } catch (DateTimeParseException e) {
          throw new HttpProblem(
              400,
              ErrorCode.INVALID_VALUE,
              "runAt must be an ISO-8601 instant but was \"" + at + "\"",
              "$.runAt",
              "write it as 2026-01-31T12:00:00Z");
        }
      }
      if (doc.has("idempotencyKey")) {
        request = request.withIdempotencyKey(Documents.string(doc, "idempotencyKey", true));
      }
      if (doc.has("correlationId")) {
        request = request.withCorrelationId(Documents.string(doc, "correlationId", true));
      }
    } catch (IllegalArgumentException e) {
      throw new HttpProblem(
          400, ErrorCode.INVALID_VALUE, e.getMessage(), "$", "fix the value named");
    }
    return request;
  }

  private static int integer(JsonNode doc, String field) {
    JsonNode v = doc.path(field);
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new HttpProblem(
          400,
          ErrorCode.WRONG_TYPE,
          field + " must be a whole number",
          "$." + field,
          "give " + field + " as a JSON number without a fraction");
    }
    return v.asInt();
  }

  private Reply cancel(Call c) {
    String id = c.param("id");
    if (!flow.cancel(id)) {
      throw new StorageException(
          StorageException.JOB_FINISHED,
          "job " + id + " is over already and cannot be cancelled",
          "a finished job stays as it is; DELETE /v1/jobs/" + id + " removes it");
    }
    return Reply.json(flow.status().job(id));
  }

  private Reply requeue(Call c) {
    String id = flow.requeue(c.param("id")).id();
    return Reply.json(flow.status().job(id));
  }

  private Reply delete(Call c) {
    String id = c.param("id");
    if (!flow.delete(id)) {
      throw StorageException.notFound(id);
    }
    return Reply.noContent();
  }

  private Reply logs(Call c) {
    int from = c.intQuery("from", 0, 0, Integer.MAX_VALUE);
    int limit = c.intQuery("limit", 200, 1, io.mediaflow.Status.MAX_LOG_LINES);
    return Reply.json(flow.status().logs(c.param("id"), from, limit));
  }

  /** {@code {"kind":"dryRun", "formatVersion":1, "plan":{...}}}, or the spec's violations. */
  private Reply dryRun(Call c) {
    String spec = new String(c.body(), StandardCharsets.UTF_8);
    c.json(); // malformed JSON is answered with its line and column like everywhere else
    JsonNode plan = Json.read(flow.plan(JobSpecJson.parse(spec)).getBytes(StandardCharsets.UTF_8));
    ObjectNode o = Json.object();
    o.put("kind", "dryRun");
    o.put("formatVersion", 1);
    o.set("plan", plan);
    return Reply.json(o);
  }

  private Reply planSvg(Call c) {
    JsonNode plan = Json.read(flow.status().plan(c.param("id")).getBytes(StandardCharsets.UTF_8));
    return Reply.text(200, "image/svg+xml; charset=utf-8", PlanSvg.render(plan.path("plan")));
  }
}
