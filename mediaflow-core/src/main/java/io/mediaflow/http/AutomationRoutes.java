package io.mediaflow.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediaflow.MediaFlow;
import io.mediaflow.RegisteredRule;
import io.mediaflow.WorkflowRun;
import io.mediaflow.api.ErrorCode;
import io.mediaflow.api.action.Action;
import io.mediaflow.api.action.ActionDescriptor;
import io.mediaflow.api.rule.RuleErrors;
import io.mediaflow.api.store.JobQuery;
import io.mediaflow.api.store.StorageException;
import io.mediaflow.api.store.StoredWorkflow;
import io.mediaflow.api.workflow.WorkflowErrors;
import io.mediaflow.internal.http.Call;
import io.mediaflow.internal.http.HttpProblem;
import io.mediaflow.internal.http.Json;
import io.mediaflow.internal.http.Reply;
import io.mediaflow.internal.http.Router;
import io.mediaflow.internal.rule.LoadedRule;
import io.mediaflow.internal.rule.RuleJson;
import io.mediaflow.internal.workflow.run.WorkflowRunner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Workflows (CRUD, runs), runs (status with each node, cancel, signal), rules (CRUD, enable,
 * disable, runs) and the action catalogue.
 */
final class AutomationRoutes {

  private final MediaFlow flow;

  AutomationRoutes(MediaFlow flow) {
    this.flow = flow;
  }

  void addTo(Router router) {
    router
        .add(Routes.get("/v1/actions", c -> actions()))
        .add(Routes.get("/v1/workflows", this::workflows))
        .add(Routes.post("/v1/workflows", this::register))
        .add(Routes.get("/v1/workflows/{id}", c -> Reply.json(workflow(stored(c.param("id"))))))
        .add(Routes.put("/v1/workflows/{id}", this::update))
        .add(Routes.delete("/v1/workflows/{id}", this::remove))
        .add(Routes.get("/v1/workflows/{id}/runs", this::runs))
        .add(Routes.post("/v1/workflows/{id}/runs", this::start))
        .add(Routes.get("/v1/runs/{id}", c -> Reply.json(flow.status().run(c.param("id")))))
        .add(Routes.action("/v1/runs/{id}/cancel", this::cancelRun))
        .add(Routes.post("/v1/runs/{id}/signal", this::signalRun))
        .add(Routes.post("/v1/signals", this::signalKey))
        .add(Routes.get("/v1/rules", this::rules))
        .add(Routes.post("/v1/rules", this::registerRule))
        .add(Routes.get("/v1/rules/{id}", c -> Reply.json(rule(rule(c.param("id"))))))
        .add(Routes.put("/v1/rules/{id}", this::updateRule))
        .add(Routes.delete("/v1/rules/{id}", this::removeRule))
        .add(
            Routes.action(
                "/v1/rules/{id}/enable", c -> Reply.json(rule(flow.rules().enable(c.param("id"))))))
        .add(
            Routes.action(
                "/v1/rules/{id}/disable",
                c -> Reply.json(rule(flow.rules().disable(c.param("id"))))))
        .add(Routes.get("/v1/rules/{id}/runs", this::ruleRuns));
  }

  // ---------------------------------------------------------------- actions

  private Reply actions() {
    return Reply.json(
        Documents.list(
            "actions",
            flow.actions().all(),
            (Action a) -> {
              ActionDescriptor d = a.descriptor();
              ObjectNode o = Json.object();
              o.put("name", d.name());
              o.put("description", d.description());
              o.put("category", d.category());
              o.put("dryRun", d.dryRun().name());
              ArrayNode params = o.putArray("params");
              d.params().forEach(p -> params.add(p.name()));
              return o;
            }));
  }

  // ---------------------------------------------------------------- workflows

  private StoredWorkflow stored(String id) {
    return flow.workflows()
        .find(id)
        .orElseThrow(
            () ->
                Documents.notFound(
                    WorkflowErrors.WORKFLOW_NOT_FOUND, "workflow", id, "/v1/workflows"));
  }

  static ObjectNode workflow(StoredWorkflow w) {
    ObjectNode o = Json.object();
    o.put("kind", "workflow");
    o.put("id", w.id());
    o.put("revision", w.revision());
    o.put("name", w.name());
    o.put("createdAt", w.createdAt().toString());
    o.put("updatedAt", w.updatedAt().toString());
    o.set("definition", Documents.tree(w.definition()));
    return o;
  }

  private Reply workflows(Call c) {
    int[] p = Documents.paging(c);
    List<StoredWorkflow> list = flow.workflows().list(p[0], p[1]);
    return Reply.json(Documents.list("workflows", list, AutomationRoutes::workflow));
  }

  private Reply register(Call c) {
    c.json();
    StoredWorkflow w = flow.workflows().register(new String(c.body(), StandardCharsets.UTF_8));
    return Reply.json(201, workflow(w)).header("Location", "/v1/workflows/" + w.id());
  }

  private Reply update(Call c) {
    c.json();
    StoredWorkflow w =
        flow.workflows()
            .update(
                c.param("id"), new String(c.body(), StandardCharsets.UTF_8), Documents.revision(c));
    return Reply.json(workflow(w));
  }

  private Reply remove(Call c) {
    String id = c.param("id");
    if (!flow.workflows().remove(id)) {
      stored(id);
    }
    return Reply.noContent();
  }

  private Reply runs(Call c) {
    int[] p = Documents.paging(c);
    return Reply.json(
        Documents.page(
            "workflowRuns",
            flow.workflows().runs(c.param("id"), p[0], p[1]),
            (WorkflowRun r) -> Documents.tree(flow.status().run(r.runId()))));
  }

  private Reply start(Call c) {
    JsonNode body = Documents.objectOrEmpty(c);
    Documents.onlyFields(body, Set.of("input", "test"), "a run request");
    String id = stored(c.param("id")).id();
    Map<String, Object> input = Documents.map(body.path("input"), "input");
    String runId =
        body.path("test").asBoolean(false)
            ? flow.workflows().testRun(id, input).id()
            : flow.workflows().start(id, input).id();
    return Reply.created("/v1/runs/" + runId, flow.status().job(runId));
  }

  private Reply cancelRun(Call c) {
    String id = c.param("id");
    flow.status().run(id); // 404 for what is no run
    if (!flow.workflows().cancel(id)) {
      throw new StorageException(
          StorageException.JOB_FINISHED,
          "run " + id + " is over already and cannot be cancelled",
          "a finished run stays as it is");
    }
    return Reply.json(flow.status().run(id));
  }

  private Reply signalRun(Call c) {
    JsonNode body = c.json();
    String id = c.param("id");
    flow.status().run(id); // 404 for what is no run
    flow.signal(id, name(body), Documents.text(body.path("payload")));
    return Reply.json(flow.status().run(id));
  }

  private Reply signalKey(Call c) {
    JsonNode body = c.json();
    String key = Documents.string(body, "key", false);
    List<String> runs =
        flow.workflows().signal(key, name(body), Documents.text(body.path("payload")));
    ObjectNode o = Json.object();
    o.put("kind", "signalled");
    runs.forEach(o.putArray("runs")::add);
    return Reply.json(o);
  }

  private static String name(JsonNode body) {
    return Documents.string(body, "name", true);
  }

  // ---------------------------------------------------------------- rules

  private RegisteredRule rule(String id) {
    return flow.rules()
        .get(id)
        .orElseThrow(() -> Documents.notFound(RuleErrors.RULE_NOT_FOUND, "rule", id, "/v1/rules"));
  }

  static ObjectNode rule(RegisteredRule r) {
    ObjectNode o = Json.object();
    o.put("kind", "rule");
    o.put("id", r.id());
    o.put("revision", r.revision());
    o.put("enabled", r.rule().enabled());
    o.put("nextFireTime", r.nextFireTime().map(Instant::toString).orElse(null));
    o.put("createdAt", r.createdAt().toString());
    o.put("updatedAt", r.updatedAt().toString());
    ObjectNode counters = o.putObject("counters");
    counters.put("executions", r.counters().executions());
    counters.put("successes", r.counters().successes());
    counters.put("failures", r.counters().failures());
    counters.put("skipped", r.counters().skipped());
    counters.put("lastRun", r.counters().lastRun().map(Instant::toString).orElse(null));
    counters.put("lastError", r.counters().lastError().orElse(null));
    o.set("definition", Documents.tree(RuleJson.write(r.rule())));
    return o;
  }

  private Reply rules(Call c) {
    int[] p = Documents.paging(c);
    return Reply.json(
        Documents.list("rules", flow.rules().list(p[0], p[1]), AutomationRoutes::rule));
  }

  private Reply registerRule(Call c) {
    c.json();
    RegisteredRule r = flow.rules().register(new String(c.body(), StandardCharsets.UTF_8));
    return Reply.json(201, rule(r)).header("Location", "/v1/rules/" + r.id());
  }

  private Reply updateRule(Call c) {
    JsonNode doc = c.json();
    String id = c.param("id");
    if (!doc.path("id").asText("").equals(id)) {
      throw new HttpProblem(
          400,
          ErrorCode.INVALID_VALUE,
          "the document's id is '"
              + doc.path("id").asText("")
              + "' but rule '"
              + id
              + "' is updated",
          "$.id",
          "keep the id; POST /v1/rules registers a rule of a new id");
    }
    rule(id);
    return Reply.json(
        rule(
            flow.rules()
                .update(new String(c.body(), StandardCharsets.UTF_8), Documents.revision(c))));
  }

  private Reply removeRule(Call c) {
    String id = c.param("id");
    if (!flow.rules().remove(id)) {
      rule(id);
    }
    return Reply.noContent();
  }

  private Reply ruleRuns(Call c) {
    int[] p = Documents.paging(c);
    String id = rule(c.param("id")).id();
    return Reply.json(
        flow.status()
            .jobs(
                JobQuery.all()
                    .withType(WorkflowRunner.TYPE)
                    .withRuleId(LoadedRule.JOB_RULE_PREFIX + id)
                    .withPage(p[0], p[1])));
  }
}
