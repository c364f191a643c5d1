package io.mediaflow.http;

import static io.mediaflow.http.HttpFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Workflows, runs, signals, rules and the action catalogue over real HTTP. */
class AutomationRoutesTest extends HostTest {

  static final String WORKFLOW =
      "{\"version\":1,\"id\":\"wf\",\"nodes\":[{\"id\":\"start\",\"type\":\"trigger\","
          + "\"kind\":\"manual\"},{\"id\":\"ok\",\"type\":\"delay\",\"signal\":\"approved\","
          + "\"timeout\":\"3d\"}],\"edges\":[{\"from\":\"start\",\"to\":\"ok\"}]}";

  static final String RULE =
      "{\"id\":\"r1\",\"trigger\":{\"type\":\"event\",\"event\":\"download.completed\"},"
          + "\"workflow\":\"wf\"}";

  private HttpResponse<String> put(String path, String json) {
    return http.send(
        HttpRequest.newBuilder(http.uri(path))
            .header("Content-Type", "application/json")
            .PUT(BodyPublishers.ofString(json)),
        http.writer);
  }

  /** The ids of a list's items (not those inside their definitions). */
  static List<String> ids(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.get("items").forEach(i -> out.add(i.get("id").asText()));
    return out;
  }

  @Test
  void a_workflow_is_registered_run_paused_on_a_signal_signalled_and_listed_with_its_runs() {
    HttpResponse<String> made = http.post("/v1/workflows", http.writer, WORKFLOW);
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    assertThat(json(made).get("revision").asInt()).isEqualTo(1);
    assertThat(json(http.get("/v1/workflows/wf", http.reader)).get("definition").get("id").asText())
        .isEqualTo("wf");
    assertThat(ids(json(http.get("/v1/workflows", http.reader)))).containsExactly("wf");

    HttpResponse<String> started =
        http.post("/v1/workflows/wf/runs", http.writer, "{\"input\":{\"a\":1}}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
    String runId = json(started).get("id").asText();
    assertThat(started.headers().firstValue("Location")).contains("/v1/runs/" + runId);
    http.flow.runDueJobs();

    JsonNode waiting = json(http.get("/v1/runs/" + runId, http.reader));
    assertThat(waiting.get("kind").asText()).isEqualTo("workflowRun");
    assertThat(waiting.get("state").asText()).isEqualTo("SCHEDULED");
    assertThat(waiting.get("waitReason").asText()).isEqualTo("SIGNAL");
    HttpResponse<String> signalled =
        http.post(
            "/v1/runs/" + runId + "/signal",
            http.writer,
            "{\"name\":\"approved\",\"payload\":{\"by\":\"ana\"}}");
    assertThat(signalled.statusCode()).as(signalled.body()).isEqualTo(200);
    http.flow.runDueJobs();

    JsonNode runs = json(http.get("/v1/workflows/wf/runs", http.reader));
    assertThat(runs.get("kind").asText()).isEqualTo("workflowRuns");
    assertThat(runs.get("total").asInt()).isEqualTo(1);
    assertThat(runs.get("items").get(0).get("state").asText()).isEqualTo("COMPLETED");
    HttpResponse<String> over = http.post("/v1/runs/" + runId + "/cancel", http.writer);
    assertThat(over.statusCode()).isEqualTo(409);
    assertThat(json(over).get("code").asText()).isEqualTo("JOB_FINISHED");
  }

  @Test
  void a_waiting_run_is_cancelled_and_a_keyed_signal_reaches_no_run_when_none_waits() {
    http.post("/v1/workflows", http.writer, WORKFLOW);
    String runId = json(http.post("/v1/workflows/wf/runs", http.writer, "")).get("id").asText();
    http.flow.runDueJobs();

    HttpResponse<String> cancelled = http.post("/v1/runs/" + runId + "/cancel", http.writer);
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
    assertThat(json(cancelled).get("state").asText()).isEqualTo("CANCELLED");

    JsonNode none =
        json(http.post("/v1/signals", http.writer, "{\"key\":\"k\",\"name\":\"approved\"}"));
    assertThat(none.get("runs")).isEmpty();
    HttpResponse<String> noName = http.post("/v1/signals", http.writer, "{\"key\":\"k\"}");
    assertThat(noName.statusCode()).isEqualTo(400);
    assertThat(json(noName).get("path").asText()).isEqualTo("$.name");
    assertThat(http.get("/v1/runs/nope", http.reader).statusCode()).isEqualTo(404);
  }

  @Test
  void a_workflow_update_needs_its_revision_and_a_stale_one_is_409() {
    http.post("/v1/workflows", http.writer, WORKFLOW);
    String changed = WORKFLOW.replace("\"3d\"", "\"2d\"");

    HttpResponse<String> noRevision = put("/v1/workflows/wf", changed);
    assertThat(noRevision.statusCode()).isEqualTo(400);
    assertThat(json(noRevision).get("path").asText()).isEqualTo("?revision");
    HttpResponse<String> updated = put("/v1/workflows/wf?revision=1", changed);
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertThat(json(updated).get("revision").asInt()).isEqualTo(2);
    HttpResponse<String> stale = put("/v1/workflows/wf?revision=1", changed);
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(json(stale).get("code").asText()).isEqualTo("WORKFLOW_CONFLICT");

    assertThat(http.delete("/v1/workflows/wf", http.writer).statusCode()).isEqualTo(204);
    HttpResponse<String> gone = http.delete("/v1/workflows/wf", http.writer);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(json(gone).get("code").asText()).isEqualTo("WORKFLOW_NOT_FOUND");
  }

  @Test
  void an_invalid_workflow_is_400_with_every_problem_at_its_path() {
    HttpResponse<String> r =
        http.post(
            "/v1/workflows",
            http.writer,
            "{\"version\":1,\"id\":\"bad\",\"nodes\":[],\"edgez\":[]}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("violations").findValuesAsText("path")).contains("edgez");
  }

  @Test
  void a_rule_is_registered_disabled_enabled_updated_listed_and_removed() {
    http.post("/v1/workflows", http.writer, WORKFLOW);
    HttpResponse<String> made = http.post("/v1/rules", http.writer, RULE);
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    assertThat(json(made).get("enabled").asBoolean()).isTrue();
    assertThat(json(made).get("definition").get("workflow").asText()).isEqualTo("wf");

    JsonNode disabled = json(http.post("/v1/rules/r1/disable", http.writer));
    assertThat(disabled.get("enabled").asBoolean()).isFalse();
    JsonNode enabled = json(http.post("/v1/rules/r1/enable", http.writer));
    assertThat(enabled.get("enabled").asBoolean()).isTrue();
    int revision = enabled.get("revision").asInt();

    HttpResponse<String> wrongId =
        put("/v1/rules/r1?revision=" + revision, RULE.replace("\"r1\"", "\"r2\""));
    assertThat(wrongId.statusCode()).isEqualTo(400);
    assertThat(json(wrongId).get("path").asText()).isEqualTo("$.id");
    HttpResponse<String> updated =
        put(
            "/v1/rules/r1?revision=" + revision,
            RULE.replace("download.completed", "download.failed"));
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);

    assertThat(ids(json(http.get("/v1/rules", http.reader)))).containsExactly("r1");
    assertThat(json(http.get("/v1/rules/r1/runs", http.reader)).get("kind").asText())
        .isEqualTo("jobs");
    assertThat(http.delete("/v1/rules/r1", http.writer).statusCode()).isEqualTo(204);
    HttpResponse<String> gone = http.get("/v1/rules/r1", http.reader);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(json(gone).get("code").asText()).isEqualTo("RULE_NOT_FOUND");
  }

  @Test
  void the_action_catalogue_lists_names_and_parameters() {
    JsonNode actions = json(http.get("/v1/actions", http.reader));
    assertThat(actions.get("kind").asText()).isEqualTo("actions");
    assertThat(actions.get("items").findValuesAsText("name")).contains("system.wait");
  }
}
