package io.mediaflow.http;

import static io.mediaflow.http.HttpFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediaflow.api.job.JobState;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code /v1/jobs} over real HTTP: each route's answer and its errors. */
class JobRoutesTest extends HostTest {

  static final String SPEC =
      "{\"inputs\":[{\"id\":\"main\",\"source\":\"file:in.mp4\"}],"
          + "\"operations\":[{\"op\":\"scale\",\"input\":\"main\",\"output\":\"small\","
          + "\"params\":{\"width\":640,\"height\":-2}}],"
          + "\"outputs\":[{\"id\":\"small\",\"destination\":\"file:out/small.mp4\"}]}";

  private String submitNoop() {
    HttpResponse<String> r =
        http.post("/v1/jobs", http.writer, "{\"type\":\"noop\",\"payload\":{\"n\":1}}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json(r).get("id").asText();
  }

  @Test
  void a_typed_job_is_queued_with_201_its_location_and_its_status_document() {
    HttpResponse<String> r =
        http.post(
            "/v1/jobs",
            http.writer,
            "{\"type\":\"noop\",\"payload\":{\"n\":1},\"priority\":5,\"idempotencyKey\":\"k1\"}");

    assertThat(r.statusCode()).isEqualTo(201);
    JsonNode job = json(r);
    assertThat(job.get("kind").asText()).isEqualTo("job");
    assertThat(job.get("type").asText()).isEqualTo("noop");
    assertThat(job.get("state").asText()).isEqualTo("PENDING");
    assertThat(job.get("priority").asInt()).isEqualTo(5);
    assertThat(r.headers().firstValue("Location")).contains("/v1/jobs/" + job.get("id").asText());
    assertThat(http.flow.job(job.get("id").asText()).orElseThrow().status().payload())
        .isEqualTo("{\"n\":1}");
  }

  @Test
  void a_media_spec_is_validated_queued_and_its_plan_served_as_json_and_svg() {
    HttpResponse<String> r = http.post("/v1/jobs", http.writer, SPEC);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String id = json(r).get("id").asText();
    assertThat(json(r).get("type").asText()).isEqualTo("media");

    http.flow.runDueJobs();

    JsonNode plan = json(http.get("/v1/jobs/" + id + "/plan", http.reader));
    assertThat(plan.get("kind").asText()).isEqualTo("plan");
    assertThat(plan.get("plan").get("nodes").findValuesAsText("operator")).contains("scale");
    HttpResponse<String> svg = http.get("/v1/jobs/" + id + "/plan.svg", http.reader);
    assertThat(svg.statusCode()).isEqualTo(200);
    assertThat(svg.headers().firstValue("Content-Type")).contains("image/svg+xml; charset=utf-8");
    assertThat(svg.body()).startsWith("<svg").contains("<rect", "<line", ">scale<", ">main<");
  }

  @Test
  void an_invalid_spec_is_400_with_every_violation_and_its_path() {
    HttpResponse<String> r =
        http.post(
            "/v1/jobs",
            http.writer,
            "{\"inputs\":[{\"id\":\"main\",\"source\":\"file:in.mp4\"}],\"operations\":[{\"op\":\"scael\","
                + "\"input\":\"main\",\"output\":\"x\"}],\"outputs\":[{\"id\":\"x\",\"destination\":\"file:o.mp4\"}]}");

    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode e = json(r);
    assertThat(e.get("code").asText()).isEqualTo("UNKNOWN_OPERATOR");
    assertThat(e.get("path").asText()).isEqualTo("operations[0].op");
    assertThat(e.get("message").asText()).contains("scael");
    assertThat(e.get("violations").get(0).get("path").asText()).isEqualTo("operations[0].op");
    assertThat(r.body()).doesNotContain("Exception", "at io.");
  }

  @Test
  void bad_json_is_400_malformed_json_with_line_and_column() {
    HttpResponse<String> r =
        http.post("/v1/jobs", http.writer, "{\"type\": \"noop\",\n  \"payload\": }");

    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode e = json(r);
    assertThat(e.get("code").asText()).isEqualTo("MALFORMED_JSON");
    assertThat(e.get("path").asText()).isEqualTo("$ (line 2, column 14)");
    assertThat(e.get("message").asText()).startsWith("the body is not valid JSON");
    assertThat(e.get("suggestion").asText()).isNotEmpty();
  }

  @Test
  void a_typed_job_with_an_unknown_field_or_a_reserved_type_is_refused_with_its_path() {
    HttpResponse<String> unknown =
        http.post("/v1/jobs", http.writer, "{\"type\":\"noop\",\"prio\":1}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(json(unknown).get("code").asText()).isEqualTo("UNKNOWN_FIELD");
    assertThat(json(unknown).get("path").asText()).isEqualTo("$.prio");

    HttpResponse<String> reserved = http.post("/v1/jobs", http.writer, "{\"type\":\"media\"}");
    assertThat(reserved.statusCode()).isEqualTo(400);
    assertThat(json(reserved).get("message").asText())
        .isEqualTo("job type \"media\" is mediaflow's own");

    HttpResponse<String> wrong =
        http.post("/v1/jobs", http.writer, "{\"type\":\"noop\",\"priority\":\"high\"}");
    assertThat(json(wrong).get("code").asText()).isEqualTo("WRONG_TYPE");
    assertThat(json(wrong).get("path").asText()).isEqualTo("$.priority");

    HttpResponse<String> array = http.post("/v1/jobs", http.writer, "[1]");
    assertThat(json(array).get("code").asText()).isEqualTo("WRONG_TYPE");
  }

  @Test
  void jobs_are_listed_with_filters_and_pages_in_the_status_form() {
    String a = submitNoop();
    submitNoop();
    submitNoop();

    JsonNode page = json(http.get("/v1/jobs?limit=2&page=0&state=pending&type=noop", http.reader));
    assertThat(page.get("kind").asText()).isEqualTo("jobs");
    assertThat(page.get("total").asInt()).isEqualTo(3);
    assertThat(page.get("items")).hasSize(2);
    assertThat(page.get("hasNext").asBoolean()).isTrue();
    JsonNode last = json(http.get("/v1/jobs?limit=2&page=1", http.reader));
    assertThat(last.get("items").findValuesAsText("id")).containsExactly(a);
    assertThat(json(http.get("/v1/jobs?state=dead", http.reader)).get("total").asInt()).isZero();
    assertThat(json(http.get("/v1/jobs?text=NOOP", http.reader)).get("total").asInt()).isEqualTo(3);

    HttpResponse<String> badState = http.get("/v1/jobs?state=sleeping", http.reader);
    assertThat(badState.statusCode()).isEqualTo(400);
    assertThat(json(badState).get("path").asText()).isEqualTo("?state");
    assertThat(json(badState).get("message").asText()).isEqualTo("unknown job state \"sleeping\"");
    HttpResponse<String> badLimit = http.get("/v1/jobs?limit=5000", http.reader);
    assertThat(badLimit.statusCode()).isEqualTo(400);
    assertThat(json(badLimit).get("message").asText())
        .isEqualTo("limit must be a whole number between 1 and 1000 but was \"5000\"");
  }

  @Test
  void a_job_is_read_by_id_and_an_unknown_one_is_404_json() {
    String id = submitNoop();
    JsonNode job = json(http.get("/v1/jobs/" + id, http.reader));
    assertThat(job.get("id").asText()).isEqualTo(id);

    HttpResponse<String> missing = http.get("/v1/jobs/nope", http.reader);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).get("code").asText()).isEqualTo("JOB_NOT_FOUND");
    assertThat(missing.headers().firstValue("Content-Type")).contains("application/json");
  }

  @Test
  void cancel_stops_a_queued_job_and_a_second_cancel_is_409() {
    String id = submitNoop();

    HttpResponse<String> r = http.post("/v1/jobs/" + id + "/cancel", http.writer);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("state").asText()).isEqualTo("CANCELLED");

    HttpResponse<String> again = http.post("/v1/jobs/" + id + "/cancel", http.writer);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json(again).get("code").asText()).isEqualTo("JOB_FINISHED");
    assertThat(http.post("/v1/jobs/nope/cancel", http.writer).statusCode()).isEqualTo(404);
  }

  @Test
  void a_dead_job_is_requeued_and_a_pending_one_is_409() {
    HttpResponse<String> r =
        http.post("/v1/jobs", http.writer, "{\"type\":\"doomed\",\"maxAttempts\":1}");
    String id = json(r).get("id").asText();
    http.flow.runDueJobs();
    assertThat(http.flow.job(id).orElseThrow().status().state()).isEqualTo(JobState.DEAD);

    HttpResponse<String> requeued = http.post("/v1/jobs/" + id + "/requeue", http.writer);
    assertThat(requeued.statusCode()).as(requeued.body()).isEqualTo(200);
    assertThat(json(requeued).get("state").asText()).isEqualTo("PENDING");

    HttpResponse<String> again = http.post("/v1/jobs/" + id + "/requeue", http.writer);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json(again).get("code").asText()).isEqualTo("ILLEGAL_TRANSITION");
  }

  @Test
  void delete_removes_a_finished_job_refuses_an_active_one_and_404s_an_unknown_one() {
    String active = submitNoop();
    HttpResponse<String> refused = http.delete("/v1/jobs/" + active, http.writer);
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(json(refused).get("code").asText()).isEqualTo("JOB_ACTIVE");

    http.flow.runDueJobs();
    HttpResponse<String> deleted = http.delete("/v1/jobs/" + active, http.writer);
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();
    HttpResponse<String> gone = http.delete("/v1/jobs/" + active, http.writer);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(json(gone).get("code").asText()).isEqualTo("JOB_NOT_FOUND");
  }

  @Test
  void logs_are_paged_and_bad_bounds_are_400_with_the_parameter() {
    String id = submitNoop();
    http.flow.runDueJobs();

    JsonNode logs = json(http.get("/v1/jobs/" + id + "/logs?from=0&limit=10", http.reader));
    assertThat(logs.get("kind").asText()).isEqualTo("logs");
    assertThat(logs.get("jobId").asText()).isEqualTo(id);
    assertThat(logs.get("total").asInt()).isPositive();

    HttpResponse<String> bad = http.get("/v1/jobs/" + id + "/logs?from=-1", http.reader);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("path").asText()).isEqualTo("?from");
  }

  @Test
  void a_job_without_a_plan_is_404_plan_not_found_for_json_and_svg() {
    String id = submitNoop();
    HttpResponse<String> r = http.get("/v1/jobs/" + id + "/plan", http.reader);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(json(r).get("code").asText()).isEqualTo("PLAN_NOT_FOUND");
    assertThat(http.get("/v1/jobs/" + id + "/plan.svg", http.reader).statusCode()).isEqualTo(404);
  }

  @Test
  void a_dry_run_answers_the_plan_and_queues_nothing() {
    HttpResponse<String> r = http.post("/v1/plan", http.writer, SPEC);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode dry = json(r);
    assertThat(dry.get("kind").asText()).isEqualTo("dryRun");
    assertThat(dry.get("plan").get("nodes").findValuesAsText("operator")).contains("scale");
    assertThat(dry.get("plan").get("invocations")).hasSize(1);
    assertThat(http.flow.jobs(io.mediaflow.api.store.JobQuery.all()).total()).isZero();
  }

  @Test
  void a_dry_run_of_a_bad_spec_answers_its_violations() {
    HttpResponse<String> r =
        http.post(
            "/v1/plan",
            http.writer,
            "{\"inputs\":[{\"id\":\"main\",\"source\":\"file:missing.mp4\"}],"
                + "\"outputs\":[{\"id\":\"main\",\"destination\":\"file:o.mp4\"}], \"extra\": 1}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("code").asText()).isEqualTo("UNKNOWN_FIELD");
    assertThat(json(r).get("path").asText()).isEqualTo("extra");
    assertThat(http.post("/v1/plan", http.writer, "{oops").statusCode()).isEqualTo(400);
    assertThat(http.post("/v1/plan", http.reader, SPEC).statusCode()).isEqualTo(403);
  }
}
